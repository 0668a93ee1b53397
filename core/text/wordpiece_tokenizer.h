#pragma once
// ldm.modules.encoders.modules.BERTTokenizer: bert-base-uncased WordPiece with the semantics of
// google-research/bert tokenization.FullTokenizer(do_lower_case=True), ids = [CLS] + pieces[:max_seq_len - 2]
// + [SEP], padded with [PAD] (0) to max_seq_len, 77 by default (HF BertTokenizerFast with truncation=True,
// max_length=77, padding="max_length").
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text/tokenizer.h"

namespace ldm {

class WordpieceTokenizer : public Tokenizer {
 public:
  // Reads one token per line from `vocab_path` (id = line number); throws LoadError if the file
  // is missing or lacks [PAD]/[UNK]/[CLS]/[SEP].
  explicit WordpieceTokenizer(const std::string& vocab_path, int64_t max_seq_len = 77);

  TokenizeResult encode(const std::string& text) const override;
  std::vector<int64_t> tokenize(const std::string& text) const override;
  int64_t context_length() const override { return max_seq_len_; }
  int64_t vocab_size() const override { return static_cast<int64_t>(vocab_.size()); }
  std::string kind() const override { return "bert"; }

  // The word pieces (strings) of `text`, as tokenization.FullTokenizer.tokenize returns them.
  std::vector<std::string> wordpieces(const std::string& text) const;

  int64_t pad_id() const { return pad_; }

 private:
  std::unordered_map<std::string, int64_t> vocab_;
  int64_t max_seq_len_;
  int64_t pad_ = 0, unk_ = 0, cls_ = 0, sep_ = 0;
};

}  // namespace ldm
