// ldm.modules.encoders.modules.BERTTokenizer, following google-research/bert tokenization.py
// (BasicTokenizer + WordpieceTokenizer, do_lower_case=True).
#include "core/text/wordpiece_tokenizer.h"

#include <c10/util/Exception.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/text/unicode.h"

namespace ldm {
namespace {

// Longer words become [UNK] (HF BertTokenizer's max_input_chars_per_word).
constexpr size_t kMaxCharsPerWord = 100;

// BasicTokenizer._is_chinese_char: the CJK Unified Ideographs blocks (not kana or hangul).
bool is_cjk_ideograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
         (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

// _is_punctuation: every non-alphanumeric printable ASCII character, and Unicode P*.
bool is_bert_punctuation(char32_t c) {
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
  return c >= 0x80 && text::is_punctuation_category(c);
}

bool is_bert_whitespace(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || text::is_space_separator(c);
}

bool is_bert_control(char32_t c) {
  if (c == U'\t' || c == U'\n' || c == U'\r') return false;
  return text::is_control_or_format(c);
}

// str.split(): runs of str.isspace() characters separate words.
std::vector<std::u32string> split_whitespace(const std::u32string& s) {
  std::vector<std::u32string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && text::is_python_space(s[i])) ++i;
    size_t j = i;
    while (j < s.size() && !text::is_python_space(s[j])) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// BasicTokenizer.tokenize with do_lower_case=True.
std::vector<std::u32string> basic_tokenize(const std::string& utf8) {
  const std::u32string raw = text::utf8_decode(utf8);
  std::u32string cleaned;  // _clean_text + _tokenize_chinese_chars
  cleaned.reserve(raw.size());
  for (char32_t c : raw) {
    if (c == 0 || c == 0xFFFD || is_bert_control(c)) continue;
    if (is_bert_whitespace(c)) {
      cleaned.push_back(U' ');
    } else if (is_cjk_ideograph(c)) {
      cleaned.push_back(U' ');
      cleaned.push_back(c);
      cleaned.push_back(U' ');
    } else {
      cleaned.push_back(c);
    }
  }
  std::vector<std::u32string> pieces;
  for (const std::u32string& token : split_whitespace(cleaned)) {
    // lower(), then _run_strip_accents: NFD and drop nonspacing marks.
    std::u32string t;
    for (char32_t c : text::nfd(text::to_lower(token)))
      if (!text::is_nonspacing_mark(c)) t.push_back(c);
    // _run_split_on_punc: every punctuation character is a piece of its own.
    std::u32string current;
    for (char32_t c : t) {
      if (is_bert_punctuation(c)) {
        if (!current.empty()) pieces.push_back(std::move(current));
        current.clear();
        pieces.push_back(std::u32string(1, c));
      } else {
        current.push_back(c);
      }
    }
    if (!current.empty()) pieces.push_back(std::move(current));
  }
  // whitespace_tokenize(" ".join(split_tokens)): pieces can hold no whitespace any more except
  // characters str.isspace() knows but _is_whitespace does not (e.g. U+2028), so split again.
  std::vector<std::u32string> out;
  for (const auto& p : pieces)
    for (auto& w : split_whitespace(p)) out.push_back(std::move(w));
  return out;
}

}  // namespace

WordpieceTokenizer::WordpieceTokenizer(const std::string& vocab_path, int64_t max_seq_len)
    : max_seq_len_(max_seq_len) {
  TORCH_CHECK(max_seq_len >= 2, "WordpieceTokenizer: max_seq_len must hold [CLS] and [SEP]");
  if (!std::filesystem::is_regular_file(vocab_path))
    throw LoadError("BERT vocabulary not found: " + vocab_path + " (reinstall LDM Studio or set LDM_RESOURCES_DIR)");
  std::ifstream in(vocab_path, std::ios::binary);
  std::string line;
  int64_t index = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // load_vocab strips each line; the BERT vocabulary has no entry with inner whitespace.
    const auto b = line.find_first_not_of(" \t");
    const auto e = line.find_last_not_of(" \t");
    line = b == std::string::npos ? std::string() : line.substr(b, e - b + 1);
    vocab_[line] = index++;  // a repeated entry keeps its last id, as load_vocab does
  }
  auto special = [&](const char* name) {
    const auto it = vocab_.find(name);
    if (it == vocab_.end())
      throw LoadError("BERT vocabulary " + vocab_path + " has no " + name + " token (is it bert-base-uncased-vocab.txt?)");
    return it->second;
  };
  pad_ = special("[PAD]");
  unk_ = special("[UNK]");
  cls_ = special("[CLS]");
  sep_ = special("[SEP]");
}

std::vector<std::string> WordpieceTokenizer::wordpieces(const std::string& text) const {
  std::vector<std::string> out;
  for (const std::u32string& word : basic_tokenize(text)) {
    if (word.size() > kMaxCharsPerWord) {
      out.emplace_back("[UNK]");
      continue;
    }
    // Greedy longest-match-first; any unmatched remainder makes the whole word [UNK].
    std::vector<std::string> sub;
    bool bad = false;
    size_t start = 0;
    while (start < word.size()) {
      size_t end = word.size();
      std::string found;
      while (start < end) {
        std::string piece = text::utf8_encode(word.substr(start, end - start));
        if (start > 0) piece = "##" + piece;
        if (vocab_.count(piece)) {
          found = std::move(piece);
          break;
        }
        --end;
      }
      if (found.empty()) {
        bad = true;
        break;
      }
      sub.push_back(std::move(found));
      start = end;
    }
    if (bad) {
      out.emplace_back("[UNK]");
    } else {
      out.insert(out.end(), sub.begin(), sub.end());
    }
  }
  return out;
}

std::vector<int64_t> WordpieceTokenizer::tokenize(const std::string& text) const {
  std::vector<int64_t> ids;
  for (const std::string& piece : wordpieces(text)) {
    const auto it = vocab_.find(piece);
    ids.push_back(it == vocab_.end() ? unk_ : it->second);
  }
  return ids;
}

TokenizeResult WordpieceTokenizer::encode(const std::string& text) const {
  return frame(tokenize(text), cls_, sep_, pad_);
}

}  // namespace ldm
