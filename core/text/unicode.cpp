#include "core/text/unicode.h"

#include <algorithm>
#include <vector>

#include "core/text/unicode_data.h"

namespace ldm::text {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

uint8_t range_value(const data::CategoryRange* table, size_t size, char32_t cp) {
  const auto* end = table + size;
  const auto* it = std::upper_bound(table, end, static_cast<uint32_t>(cp),
                                    [](uint32_t v, const data::CategoryRange& r) { return v < r.first; });
  if (it == table) return 0;
  --it;
  return cp <= it->last ? it->value : 0;
}

uint8_t category(char32_t cp) { return range_value(data::kCategoryRanges, data::kCategoryRangesSize, cp); }
uint8_t combining_class(char32_t cp) {
  if (cp < 0x300) return 0;
  return range_value(data::kCombiningClassRanges, data::kCombiningClassRangesSize, cp);
}

// Hangul syllables (de)compose algorithmically (Unicode 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr int kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

void decompose_into(char32_t cp, std::u32string& out) {
  if (cp >= kSBase && cp < kSBase + kSCount) {
    const int s = static_cast<int>(cp - kSBase);
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount != 0) out.push_back(kTBase + s % kTCount);
    return;
  }
  if (cp >= 0xC0) {
    const auto* begin = data::kDecompositions;
    const auto* end = begin + data::kDecompositionsSize;
    const auto* it = std::lower_bound(begin, end, static_cast<uint32_t>(cp),
                                      [](const data::Decomposition& d, uint32_t v) { return d.cp < v; });
    if (it != end && it->cp == cp) {
      for (uint32_t c : it->chars) {
        if (c == 0) break;
        out.push_back(c);
      }
      return;
    }
  }
  out.push_back(cp);
}

char32_t compose_pair(char32_t a, char32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount)
    return a + (b - kTBase);
  const auto* begin = data::kCompositions;
  const auto* end = begin + data::kCompositionsSize;
  const auto* it = std::lower_bound(begin, end, std::make_pair<uint32_t, uint32_t>(a, b),
                                    [](const data::Composition& c, const std::pair<uint32_t, uint32_t>& v) {
                                      return c.first != v.first ? c.first < v.first : c.second < v.second;
                                    });
  if (it != end && it->first == a && it->second == b) return it->composite;
  return 0;
}

char32_t lower_simple(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  const auto* begin = data::kLowerMap;
  const auto* end = begin + data::kLowerMapSize;
  const auto* it = std::lower_bound(begin, end, static_cast<uint32_t>(cp),
                                    [](const data::CodepointPair& p, uint32_t v) { return p.from < v; });
  return (it != end && it->from == cp) ? static_cast<char32_t>(it->to) : cp;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string utf8_encode(const std::u32string& text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) append_utf8(out, cp);
  return out;
}

std::u32string utf8_decode(const std::string& bytes) {
  std::u32string out;
  out.reserve(bytes.size());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      out.push_back(b);
      ++i;
      continue;
    }
    int len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    char32_t cp = 0;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
      cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      cp = b & 0x0F;
      if (b == 0xE0) lo = 0xA0;  // overlong
      if (b == 0xED) hi = 0x9F;  // surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      cp = b & 0x07;
      if (b == 0xF0) lo = 0x90;  // overlong
      if (b == 0xF4) hi = 0x8F;  // > U+10FFFF
    } else {
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    int k = 1;
    for (; k < len && i + k < n; ++k) {
      const auto c = static_cast<unsigned char>(bytes[i + k]);
      const unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
      if (c < l || c > h) break;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (k == len) {
      out.push_back(cp);
      i += len;
    } else {
      out.push_back(kReplacement);  // the maximal valid prefix is replaced as a whole
      i += k;
    }
  }
  return out;
}

bool is_letter(char32_t cp) {
  if (cp < 0x80) return (cp | 32) >= 'a' && (cp | 32) <= 'z';
  return category(cp) == data::kLetter;
}
bool is_number(char32_t cp) {
  if (cp < 0x80) return cp >= '0' && cp <= '9';
  return category(cp) == data::kNumber;
}
bool is_punctuation_category(char32_t cp) { return category(cp) == data::kPunctuation; }
bool is_nonspacing_mark(char32_t cp) { return category(cp) == data::kNonspacingMark; }
bool is_space_separator(char32_t cp) { return category(cp) == data::kSpaceSeparator; }
bool is_control_or_format(char32_t cp) {
  const uint8_t c = category(cp);
  return c == data::kControl || c == data::kFormat;
}

bool is_python_space(char32_t cp) {
  switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x1C: case 0x1D: case 0x1E: case 0x1F:
    case 0x20: case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

std::u32string to_lower(const std::u32string& text) {
  std::u32string out;
  out.reserve(text.size());
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    const char32_t cp = text[i];
    if (cp == 0x130) {  // LATIN CAPITAL LETTER I WITH DOT ABOVE -> "i" + COMBINING DOT ABOVE
      out.push_back(U'i');
      out.push_back(0x307);
      continue;
    }
    if (cp == 0x3A3) {  // Final_Sigma: after a letter and not before one (marks skipped)
      size_t j = i;
      while (j > 0 && is_nonspacing_mark(text[j - 1])) --j;
      const bool after_letter = j > 0 && is_letter(text[j - 1]);
      size_t k = i + 1;
      while (k < n && is_nonspacing_mark(text[k])) ++k;
      const bool before_letter = k < n && is_letter(text[k]);
      out.push_back(after_letter && !before_letter ? 0x3C2 : 0x3C3);
      continue;
    }
    out.push_back(lower_simple(cp));
  }
  return out;
}

std::u32string nfd(const std::u32string& text) {
  std::u32string out;
  out.reserve(text.size());
  for (char32_t cp : text) {
    if (cp < 0xC0) {
      out.push_back(cp);
    } else {
      decompose_into(cp, out);
    }
  }
  // Canonical ordering: stable sort of every run of non-starters by combining class.
  size_t i = 0;
  const size_t n = out.size();
  while (i < n) {
    if (combining_class(out[i]) == 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && combining_class(out[j]) != 0) ++j;
    if (j - i > 1)
      std::stable_sort(out.begin() + i, out.begin() + j,
                       [](char32_t a, char32_t b) { return combining_class(a) < combining_class(b); });
    i = j;
  }
  return out;
}

std::u32string nfc(const std::u32string& text) {
  bool ascii = true;
  for (char32_t cp : text) ascii = ascii && cp < 0x80;
  if (ascii) return text;
  std::u32string s = nfd(text);
  if (s.empty()) return s;
  // Canonical composition (UAX #15): a character combines with the last starter unless a
  // character of the same or higher combining class sits in between.
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t starter = combining_class(s[0]) == 0 ? 0 : kNone;
  int last_class = combining_class(s[0]);
  size_t out = 1;
  for (size_t i = 1; i < s.size(); ++i) {
    const char32_t ch = s[i];
    const int cls = combining_class(ch);
    const char32_t composite = starter == kNone ? 0 : compose_pair(s[starter], ch);
    if (composite != 0 && (last_class < cls || last_class == 0)) {
      s[starter] = composite;
      continue;
    }
    if (cls == 0) starter = out;
    last_class = cls;
    s[out++] = ch;
  }
  s.resize(out);
  return s;
}

std::u32string collapse_whitespace(const std::u32string& text) {
  std::u32string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char32_t cp : text) {
    if (is_python_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(U' ');
    pending_space = false;
    out.push_back(cp);
  }
  return out;
}

}  // namespace ldm::text
