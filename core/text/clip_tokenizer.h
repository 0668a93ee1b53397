#pragma once
// clip.simple_tokenizer.SimpleTokenizer (openai/CLIP) with the two front ends Stable Diffusion
// uses: transformers.CLIPTokenizer (SD 1.x, FrozenCLIPEmbedder) and open_clip.tokenize (SD 2.x,
// FrozenOpenCLIPEmbedder). Byte-level BPE over bpe_simple_vocab_16e6.txt.gz.
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text/tokenizer.h"

namespace ldm {

class ClipTokenizer : public Tokenizer {
 public:
  enum class Flavor {
    // HF CLIPTokenizer: whitespace_clean(ftfy.fix_text(text)).lower(); first 75 ids between
    // <|startoftext|> and <|endoftext|>, padded with <|endoftext|> (49407) to 77.
    HfClip,
    // open_clip.tokenize: ftfy.fix_text, html.unescape twice, strip, whitespace_clean, lower;
    // [sot] + ids + [eot] cut to 77 with the last id forced to eot, padded with 0.
    OpenClip,
  };

  // Reads the merges from the gzip file `bpe_path`; throws LoadError if it is missing or malformed.
  ClipTokenizer(const std::string& bpe_path, Flavor flavor, int64_t context_length = 77);

  TokenizeResult encode(const std::string& text) const override;
  std::vector<int64_t> tokenize(const std::string& text) const override;
  int64_t context_length() const override { return context_length_; }
  int64_t vocab_size() const override { return static_cast<int64_t>(decoder_.size()); }
  std::string kind() const override { return flavor_ == Flavor::HfClip ? "clip_sd1" : "clip_sd2"; }

  int64_t sot_id() const { return sot_; }
  int64_t eot_id() const { return eot_; }
  int64_t pad_id() const { return flavor_ == Flavor::HfClip ? eot_ : 0; }
  // Inverse of tokenize() (ids -> text, '</w>' -> ' '), invalid byte sequences as U+FFFD.
  std::string decode(const std::vector<int64_t>& ids) const;
  // The text after the flavor's cleaning (what the BPE regex sees), for diagnostics and tests.
  std::string clean(const std::string& text) const;

 private:
  std::vector<std::string> bpe(const std::string& word) const;

  Flavor flavor_;
  int64_t context_length_;
  std::string byte_encoder_[256];  // byte -> UTF-8 of its printable stand-in character
  std::unordered_map<std::string, int64_t> encoder_;
  std::vector<std::string> decoder_;
  std::unordered_map<std::string, int> bpe_ranks_;  // "first second" -> rank
  int64_t sot_ = 0, eot_ = 0;
};

}  // namespace ldm
