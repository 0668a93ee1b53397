#include "core/text/text_cleaning.h"

#include <algorithm>
#include <cstring>

#include "core/text/unicode.h"
#include "core/text/unicode_data.h"

namespace ldm::text {
namespace {

const char* find_entity(const data::NamedString* table, size_t size, const std::string& name) {
  const auto* end = table + size;
  const auto* it = std::lower_bound(table, end, name, [](const data::NamedString& e, const std::string& v) {
    return std::strcmp(e.name, v.c_str()) < 0;
  });
  return (it != end && name == it->name) ? it->utf8 : nullptr;
}

bool is_ascii_alnum(char32_t c) { return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); }
bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_hex(char32_t c) { return is_digit(c) || ((c | 32) >= 'a' && (c | 32) <= 'f'); }

// Python's html._replace_charref for a numeric reference (value already parsed, saturated).
std::u32string numeric_charref(uint64_t num) {
  if (num == 0) return U"\uFFFD";
  if (num == 0x0D) return U"\r";
  if (num >= 0x80 && num <= 0x9F) return std::u32string(1, data::kCp1252C1[num - 0x80]);
  if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) return U"\uFFFD";
  if (std::binary_search(data::kHtmlInvalidCodepoints, data::kHtmlInvalidCodepoints + data::kHtmlInvalidCodepointsSize,
                         static_cast<uint32_t>(num)))
    return U"";
  return std::u32string(1, static_cast<char32_t>(num));
}

uint64_t parse_saturated(const std::u32string& s, size_t begin, size_t end, int base) {
  uint64_t v = 0;
  for (size_t i = begin; i < end; ++i) {
    const char32_t c = s[i];
    const uint64_t d = is_digit(c) ? c - '0' : (c | 32) - 'a' + 10;
    v = std::min<uint64_t>(v * base + d, 0x7FFFFFFFull);  // anything above 0x10FFFF maps to U+FFFD
  }
  return v;
}

std::u32string lookup_html5(const std::u32string& name) {
  const char* v = find_entity(data::kHtml5Entities, data::kHtml5EntitiesSize, utf8_encode(name));
  return v ? utf8_decode(v) : std::u32string();
}
bool has_html5(const std::u32string& name) {
  return find_entity(data::kHtml5Entities, data::kHtml5EntitiesSize, utf8_encode(name)) != nullptr;
}

// fixes.fix_c1_controls, fix_latin_ligatures, fix_character_width, uncurl_quotes in one pass.
std::u32string translate_chars(const std::u32string& text) {
  std::u32string out;
  out.reserve(text.size());
  for (char32_t c : text) {
    if (c >= 0x80 && c <= 0x9F) c = data::kCp1252C1[c - 0x80];  // fix_c1_controls
    switch (c) {                                              // fix_latin_ligatures
      case 0x132: out += U"IJ"; continue;
      case 0x133: out += U"ij"; continue;
      case 0x149: out += U"\u02BCn"; continue;
      case 0x1F1: out += U"DZ"; continue;
      case 0x1F2: out += U"Dz"; continue;
      case 0x1F3: out += U"dz"; continue;
      case 0x1C4: out += U"D\u017D"; continue;
      case 0x1C5: out += U"D\u017E"; continue;
      case 0x1C6: out += U"d\u017E"; continue;
      case 0x1C7: out += U"LJ"; continue;
      case 0x1C8: out += U"Lj"; continue;
      case 0x1C9: out += U"lj"; continue;
      case 0x1CA: out += U"NJ"; continue;
      case 0x1CB: out += U"Nj"; continue;
      case 0x1CC: out += U"nj"; continue;
      case 0xFB00: out += U"ff"; continue;
      case 0xFB01: out += U"fi"; continue;
      case 0xFB02: out += U"fl"; continue;
      case 0xFB03: out += U"ffi"; continue;
      case 0xFB04: out += U"ffl"; continue;
      case 0xFB05: out += U"\u017Ft"; continue;
      case 0xFB06: out += U"st"; continue;
      default: break;
    }
    if (c == 0x3000 || (c >= 0xFF01 && c <= 0xFFEF)) {  // fix_character_width
      const auto* end = data::kWidthMap + data::kWidthMapSize;
      const auto* it = std::lower_bound(data::kWidthMap, end, static_cast<uint32_t>(c),
                                        [](const data::CodepointString& e, uint32_t v) { return e.cp < v; });
      if (it != end && it->cp == c) {
        out += utf8_decode(it->utf8);
        continue;
      }
    }
    // uncurl_quotes: [\u02bc\u2018-\u201b] -> ', [\u201c-\u201f] -> "
    if (c == 0x2BC || (c >= 0x2018 && c <= 0x201B)) c = U'\'';
    else if (c >= 0x201C && c <= 0x201F) c = U'"';
    out.push_back(c);
  }
  return out;
}

// fixes.fix_line_breaks
std::u32string fix_line_breaks(const std::u32string& text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    if (c == U'\r') {
      if (i + 1 < text.size() && text[i + 1] == U'\n') ++i;
      out.push_back(U'\n');
    } else if (c == 0x2028 || c == 0x2029 || c == 0x85) {
      out.push_back(U'\n');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// fixes.remove_terminal_escapes: "\033[" [0-9;]* [a-zA-Z]
std::u32string remove_terminal_escapes(const std::u32string& text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == 0x1B && i + 1 < text.size() && text[i + 1] == U'[') {
      size_t j = i + 2;
      while (j < text.size() && (is_digit(text[j]) || text[j] == U';')) ++j;
      if (j < text.size() && (text[j] | 32) >= 'a' && (text[j] | 32) <= 'z') {
        i = j;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

// fixes.remove_control_chars (ftfy.chardata.CONTROL_CHARS)
bool is_removed_control(char32_t c) {
  return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F || (c >= 0x206A && c <= 0x206F) ||
         c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
}

// The unambiguous part of ftfy's fix_encoding: the whole line is made of characters of
// windows-1252 (or latin-1), contains non-ASCII, and its bytes decode as strict UTF-8 that
// differs from the input. Legitimate Latin text essentially never does (é alone is byte 0xE9,
// which is not valid UTF-8), while "cafÃ©" is the classic mojibake of "café".
std::u32string fix_mojibake(const std::u32string& text) {
  std::string bytes;
  bool non_ascii = false;
  for (char32_t c : text) {
    if (c < 0x80) {
      bytes.push_back(static_cast<char>(c));
      continue;
    }
    non_ascii = true;
    if (c >= 0xA0 && c <= 0xFF) {
      bytes.push_back(static_cast<char>(c));
      continue;
    }
    const uint32_t* hit = std::find(data::kCp1252C1, data::kCp1252C1 + 32, static_cast<uint32_t>(c));
    if (hit == data::kCp1252C1 + 32) return text;  // not a single-byte text
    bytes.push_back(static_cast<char>(0x80 + (hit - data::kCp1252C1)));
  }
  if (!non_ascii) return text;
  std::u32string decoded = utf8_decode(bytes);
  if (decoded.find(0xFFFD) != std::u32string::npos) return text;  // not valid UTF-8
  return decoded;
}

// ftfy.fix_and_explain on one segment.
std::u32string fix_segment(std::u32string text, bool unescape) {
  for (int round = 0; round < 16; ++round) {  // ftfy repeats until a fixed point (reached in 1-3)
    const std::u32string original = text;
    if (unescape) text = ftfy_unescape_html(text);
    text = fix_mojibake(text);
    text = translate_chars(text);
    text = fix_line_breaks(text);
    text = remove_terminal_escapes(text);
    text.erase(std::remove_if(text.begin(), text.end(), is_removed_control), text.end());
    text = nfc(text);
    if (text == original) break;
  }
  return text;
}

}  // namespace

std::u32string ftfy_unescape_html(const std::u32string& text) {
  // HTML_ENTITY_RE = &#?[0-9A-Za-z]{1,24};
  if (text.find(U'&') == std::u32string::npos) return text;
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != U'&') {
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i + 1;
    if (j < text.size() && text[j] == U'#') ++j;
    size_t k = j;
    while (k < text.size() && k - j < 25 && is_ascii_alnum(text[k])) ++k;
    if (k == j || k - j > 24 || k >= text.size() || text[k] != U';') {
      out.push_back(text[i++]);
      continue;
    }
    const std::u32string match = text.substr(i, k + 1 - i);  // "&...;"
    const std::u32string name = match.substr(1);              // "...;"
    const char* upper = nullptr;
    if (has_html5(name)) {
      out += lookup_html5(name);
    } else if ((upper = find_entity(data::kFtfyUpperEntities, data::kFtfyUpperEntitiesSize, utf8_encode(name)))) {
      out += utf8_decode(upper);
    } else if (match.size() > 2 && match[1] == U'#') {
      const std::u32string unescaped = html_unescape(match);
      out += unescaped.find(U';') != std::u32string::npos ? match : unescaped;
    } else {
      out += match;
    }
    i = k + 1;
  }
  return out;
}

std::u32string html_unescape(const std::u32string& text) {
  // _charref = &(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)
  if (text.find(U'&') == std::u32string::npos) return text;
  std::u32string out;
  out.reserve(text.size());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (text[i] != U'&' || i + 1 >= n) {
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i + 1;
    if (text[j] == U'#') {
      size_t k = j + 1;
      int base = 10;
      if (k < n && is_digit(text[k])) {
        while (k < n && is_digit(text[k])) ++k;
      } else if (k + 1 < n && (text[k] == U'x' || text[k] == U'X') && is_hex(text[k + 1])) {
        base = 16;
        ++k;
        while (k < n && is_hex(text[k])) ++k;
      } else {
        out.push_back(text[i++]);  // "&#" not followed by a number: no match
        continue;
      }
      const size_t digits_begin = base == 16 ? j + 2 : j + 1;
      out += numeric_charref(parse_saturated(text, digits_begin, k, base));
      i = (k < n && text[k] == U';') ? k + 1 : k;
      continue;
    }
    auto allowed = [](char32_t c) {
      return c != U'\t' && c != U'\n' && c != U'\f' && c != U' ' && c != U'<' && c != U'&' && c != U'#' && c != U';';
    };
    size_t k = j;
    while (k < n && k - j < 32 && allowed(text[k])) ++k;
    if (k == j) {
      out.push_back(text[i++]);
      continue;
    }
    if (k < n && text[k] == U';') ++k;
    const std::u32string s = text.substr(j, k - j);
    if (has_html5(s)) {
      out += lookup_html5(s);
    } else {
      bool found = false;
      for (size_t x = s.size() - 1; x > 1; --x) {  // longest legacy entity that prefixes s
        const std::u32string prefix = s.substr(0, x);
        if (has_html5(prefix)) {
          out += lookup_html5(prefix);
          out += s.substr(x);
          found = true;
          break;
        }
      }
      if (!found) {
        out.push_back(U'&');
        out += s;
      }
    }
    i = k;
  }
  return out;
}

std::u32string ftfy_fix_text(const std::u32string& text) {
  std::u32string out;
  out.reserve(text.size());
  bool unescape = true;  // unescape_html="auto": off from the first line containing '<' on
  size_t pos = 0;
  while (pos < text.size()) {
    size_t brk = text.find(U'\n', pos);
    brk = brk == std::u32string::npos ? text.size() : brk + 1;
    const std::u32string segment = text.substr(pos, brk - pos);
    if (segment.find(U'<') != std::u32string::npos) unescape = false;
    out += fix_segment(segment, unescape);
    pos = brk;
  }
  return out;
}

}  // namespace ldm::text
