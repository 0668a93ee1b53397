// clip.simple_tokenizer.SimpleTokenizer (openai/CLIP), as wrapped by transformers.CLIPTokenizer
// (SD 1.x) and open_clip.tokenize (SD 2.x).
#include "core/text/clip_tokenizer.h"

#include <c10/util/Exception.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <sstream>

#include "core/error.h"
#include "core/text/text_cleaning.h"
#include "core/text/unicode.h"

namespace ldm {
namespace {

// The merges file holds a version line and then 48894 merges that CLIP uses (it was trimmed
// to 49152 - 256 - 2 entries so that the vocabulary is 49408 with the two specials).
constexpr int kNumMerges = 49152 - 256 - 2;

std::string read_gzip(const std::string& path) {
  if (!std::filesystem::is_regular_file(path))
    throw LoadError("CLIP vocabulary not found: " + path + " (reinstall LDM Studio or set LDM_RESOURCES_DIR)");
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw LoadError("cannot open CLIP vocabulary " + path);
  std::string out;
  char buf[1 << 16];
  int n = 0;
  while ((n = gzread(f, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  const bool failed = n < 0;
  gzclose(f);
  if (failed) throw LoadError("CLIP vocabulary " + path + " is not a valid gzip file");
  return out;
}

// clip.simple_tokenizer.bytes_to_unicode: printable bytes stand for themselves, the others are
// shifted to U+0100 and up, in byte order. Returns the byte order of the base vocabulary.
std::vector<int> bytes_to_unicode(std::string (&encoder)[256]) {
  std::vector<int> order;
  for (int b = '!'; b <= '~'; ++b) order.push_back(b);
  for (int b = 0xA1; b <= 0xAC; ++b) order.push_back(b);
  for (int b = 0xAE; b <= 0xFF; ++b) order.push_back(b);
  std::vector<bool> printable(256, false);
  for (int b : order) printable[b] = true;
  for (int b : order) {
    encoder[b].clear();
    text::append_utf8(encoder[b], static_cast<char32_t>(b));
  }
  int n = 0;
  for (int b = 0; b < 256; ++b) {
    if (printable[b]) continue;
    order.push_back(b);
    encoder[b].clear();
    text::append_utf8(encoder[b], static_cast<char32_t>(256 + n));
    ++n;
  }
  return order;
}

bool starts_with_at(const std::u32string& s, size_t pos, const std::u32string& prefix) {
  return s.size() - pos >= prefix.size() && s.compare(pos, prefix.size(), prefix) == 0;
}

// The special tokens' text: openai CLIP and HF spell them <|startoftext|> / <|endoftext|>,
// open_clip <start_of_text> / <end_of_text> (same ids 49406 / 49407).
std::u32string sot_text(ClipTokenizer::Flavor f) {
  return f == ClipTokenizer::Flavor::HfClip ? U"<|startoftext|>" : U"<start_of_text>";
}
std::u32string eot_text(ClipTokenizer::Flavor f) {
  return f == ClipTokenizer::Flavor::HfClip ? U"<|endoftext|>" : U"<end_of_text>";
}

// re.findall of CLIP's pattern
//   <sot>|<eot>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
// on already lower-cased text (so IGNORECASE changes nothing that matters here).
std::vector<std::u32string> split_words(const std::u32string& s, const std::u32string& sot,
                                        const std::u32string& eot) {
  static const std::u32string kContractions[] = {U"'s", U"'t", U"'re", U"'ve", U"'m", U"'ll", U"'d"};
  std::vector<std::u32string> words;
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const char32_t c = s[i];
    if (c == U'<' && (starts_with_at(s, i, sot) || starts_with_at(s, i, eot))) {
      const size_t len = starts_with_at(s, i, sot) ? sot.size() : eot.size();
      words.push_back(s.substr(i, len));
      i += len;
      continue;
    }
    if (c == U'\'') {
      bool matched = false;
      for (const auto& con : kContractions) {
        if (starts_with_at(s, i, con)) {
          words.push_back(con);
          i += con.size();
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    if (text::is_letter(c)) {
      size_t j = i + 1;
      while (j < n && text::is_letter(s[j])) ++j;
      words.push_back(s.substr(i, j - i));
      i = j;
      continue;
    }
    if (text::is_number(c)) {
      words.push_back(s.substr(i, 1));
      ++i;
      continue;
    }
    if (text::is_python_space(c)) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < n && !text::is_python_space(s[j]) && !text::is_letter(s[j]) && !text::is_number(s[j])) ++j;
    words.push_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

std::u32string strip(const std::u32string& s) {
  size_t b = 0, e = s.size();
  while (b < e && text::is_python_space(s[b])) ++b;
  while (e > b && text::is_python_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

}  // namespace

ClipTokenizer::ClipTokenizer(const std::string& bpe_path, Flavor flavor, int64_t context_length)
    : flavor_(flavor), context_length_(context_length) {
  TORCH_CHECK(context_length >= 2, "ClipTokenizer: context_length must hold the two specials");
  const std::string raw = read_gzip(bpe_path);
  std::istringstream lines(raw);
  std::string line;
  std::getline(lines, line);  // version header
  std::vector<std::pair<std::string, std::string>> merges;
  merges.reserve(kNumMerges);
  while (static_cast<int>(merges.size()) < kNumMerges && std::getline(lines, line)) {
    std::istringstream parts(line);
    std::string a, b, extra;
    if (!(parts >> a >> b) || (parts >> extra))
      throw LoadError("CLIP vocabulary " + bpe_path + " has a malformed merge at line " +
                      std::to_string(merges.size() + 2) + ": '" + line + "'");
    merges.emplace_back(std::move(a), std::move(b));
  }
  if (static_cast<int>(merges.size()) != kNumMerges)
    throw LoadError("CLIP vocabulary " + bpe_path + " has " + std::to_string(merges.size()) + " merges, expected " +
                    std::to_string(kNumMerges) + " (is it bpe_simple_vocab_16e6.txt.gz?)");

  const std::vector<int> order = bytes_to_unicode(byte_encoder_);
  decoder_.reserve(2 * 256 + merges.size() + 2);
  for (int b : order) decoder_.push_back(byte_encoder_[b]);
  for (int b : order) decoder_.push_back(byte_encoder_[b] + "</w>");
  for (const auto& m : merges) decoder_.push_back(m.first + m.second);
  decoder_.push_back(text::utf8_encode(sot_text(flavor_)));
  decoder_.push_back(text::utf8_encode(eot_text(flavor_)));
  encoder_.reserve(decoder_.size());
  for (size_t i = 0; i < decoder_.size(); ++i) encoder_[decoder_[i]] = static_cast<int64_t>(i);  // later wins, as dict(zip)
  bpe_ranks_.reserve(merges.size());
  for (size_t i = 0; i < merges.size(); ++i) bpe_ranks_.emplace(merges[i].first + " " + merges[i].second, static_cast<int>(i));
  sot_ = encoder_.at(decoder_[decoder_.size() - 2]);
  eot_ = encoder_.at(decoder_.back());
}

std::vector<std::string> ClipTokenizer::bpe(const std::string& token) const {
  // Symbols: the byte stand-in characters of `token`; the last one carries the '</w>' mark.
  std::vector<std::string> word;
  for (size_t i = 0; i < token.size();) {
    const auto lead = static_cast<unsigned char>(token[i]);
    const size_t len = lead < 0x80 ? 1 : (lead < 0xE0 ? 2 : (lead < 0xF0 ? 3 : 4));
    word.push_back(token.substr(i, len));
    i += len;
  }
  if (word.empty()) return word;
  word.back() += "</w>";
  std::string key;
  while (word.size() > 1) {
    int best_rank = INT_MAX;
    size_t best = 0;
    for (size_t i = 0; i + 1 < word.size(); ++i) {
      key.assign(word[i]).append(" ").append(word[i + 1]);
      const auto it = bpe_ranks_.find(key);
      if (it != bpe_ranks_.end() && it->second < best_rank) {
        best_rank = it->second;
        best = i;
      }
    }
    if (best_rank == INT_MAX) break;
    const std::string first = word[best], second = word[best + 1];
    std::vector<std::string> merged;
    merged.reserve(word.size());
    for (size_t i = 0; i < word.size();) {
      if (i + 1 < word.size() && word[i] == first && word[i + 1] == second) {
        merged.push_back(first + second);
        i += 2;
      } else {
        merged.push_back(word[i]);
        ++i;
      }
    }
    word.swap(merged);
  }
  return word;
}

std::string ClipTokenizer::clean(const std::string& text) const {
  std::u32string t = text::ftfy_fix_text(text::utf8_decode(text));
  if (flavor_ == Flavor::OpenClip) t = strip(text::html_unescape(text::html_unescape(t)));
  return text::utf8_encode(text::to_lower(text::collapse_whitespace(t)));
}

std::vector<int64_t> ClipTokenizer::tokenize(const std::string& text) const {
  std::vector<int64_t> ids;
  const std::u32string cleaned = text::utf8_decode(clean(text));
  const std::u32string sot = sot_text(flavor_), eot = eot_text(flavor_);
  for (const std::u32string& word : split_words(cleaned, sot, eot)) {
    if (word == sot || word == eot) {  // SimpleTokenizer's bpe cache passes them through
      ids.push_back(word == sot ? sot_ : eot_);
      continue;
    }
    std::string encoded;
    for (unsigned char b : text::utf8_encode(word)) encoded += byte_encoder_[b];
    for (const std::string& piece : bpe(encoded)) ids.push_back(encoder_.at(piece));
  }
  return ids;
}

TokenizeResult ClipTokenizer::encode(const std::string& text) const {
  return frame(tokenize(text), sot_, eot_, pad_id());
}

std::string ClipTokenizer::decode(const std::vector<int64_t>& ids) const {
  std::string joined;
  for (int64_t id : ids)
    if (id >= 0 && id < vocab_size()) joined += decoder_[static_cast<size_t>(id)];
  int byte_of[512];
  std::fill(std::begin(byte_of), std::end(byte_of), -1);
  for (int b = 0; b < 256; ++b) byte_of[text::utf8_decode(byte_encoder_[b])[0]] = b;
  std::string bytes;
  const std::u32string chars = text::utf8_decode(joined);
  for (size_t i = 0; i < chars.size(); ++i) {
    if (chars[i] == U'<' && chars.compare(i, 4, U"</w>") == 0) {
      bytes.push_back(' ');
      i += 3;
      continue;
    }
    const char32_t c = chars[i];
    if (c < 512 && byte_of[c] >= 0) bytes.push_back(static_cast<char>(byte_of[c]));
  }
  return text::utf8_encode(text::utf8_decode(bytes));
}

}  // namespace ldm
