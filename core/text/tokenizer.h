#pragma once
// Common interface of the prompt tokenizers (CLIP BPE for SD1/SD2, BERT WordPiece for the
// CompVis LDM text-to-image model). Torch-free, so the GUI and CLI can count tokens and warn
// about truncation without LibTorch.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace ldm {

struct TokenizeResult {
  std::vector<int64_t> ids;  // exactly context_length() ids: specials, content, padding
  int64_t num_tokens = 0;    // content tokens the prompt produced (without specials), before truncation
  int64_t dropped = 0;       // content tokens cut off to fit the context
  bool truncated() const { return dropped > 0; }
};

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  // Tokenizes one prompt the way the reference model's conditioning code does.
  virtual TokenizeResult encode(const std::string& text) const = 0;
  // Content token ids without specials, padding or truncation.
  virtual std::vector<int64_t> tokenize(const std::string& text) const = 0;
  virtual int64_t context_length() const = 0;
  // How many content tokens fit (context_length() minus the begin/end specials).
  int64_t max_content_tokens() const { return context_length() - 2; }
  virtual int64_t vocab_size() const = 0;
  virtual std::string kind() const = 0;

 protected:
  // What encode() returns for `content`: begin, the content cut to max_content_tokens(), end, then
  // `pad` up to context_length().
  TokenizeResult frame(const std::vector<int64_t>& content, int64_t begin, int64_t end, int64_t pad) const;
};

// kind: "clip_sd1" (HF CLIPTokenizer as used by SD 1.x), "clip_sd2" (open_clip.tokenize as used
// by SD 2.x) or "bert" (the CompVis LDM BERTTokenizer). Vocabularies are read from
// `vocab_dir` (default: resources_dir() + "/vocab") once per process and shared.
// `context_length` (bert only; 0: 77) pads and truncates to that many ids, as the reference's
// BERTEmbedder builds its tokenizer with max_length = max_seq_len; CLIP contexts are always 77.
// Throws RequestError for an unknown kind or a length it cannot take, LoadError for a missing/broken vocabulary.
std::shared_ptr<const Tokenizer> make_tokenizer(const std::string& kind, const std::string& vocab_dir = {},
                                                int64_t context_length = 0);

// Encodes a batch into an int64 CPU tensor [B, context_length]; `results` (optional) receives
// the per-prompt counts, e.g. to warn "prompt truncated to 75 tokens".
at::Tensor encode_batch(const Tokenizer& tokenizer, const std::vector<std::string>& texts,
                        std::vector<TokenizeResult>* results = nullptr);

}  // namespace ldm
