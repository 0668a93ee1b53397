#pragma once
// The slice of Python's Unicode behaviour that the reference tokenizers depend on: UTF-8
// decoding, general categories, str.lower(), str.isspace() and NFC/NFD normalisation.
// Tables come from Python 3.11's unicodedata (Unicode 14.0), see tools/gen_unicode_data.py.
// The CLIP reference matches \p{L}/\p{N} with the `regex` package, whose Unicode version may be
// newer; characters assigned after Unicode 14.0 are therefore treated as "other" here.
#include <string>

namespace ldm::text {

// Decodes UTF-8; every maximal invalid subsequence becomes one U+FFFD (as Python's
// bytes.decode("utf-8", "replace")), so arbitrary bytes never throw.
std::u32string utf8_decode(const std::string& bytes);
std::string utf8_encode(const std::u32string& text);
void append_utf8(std::string& out, char32_t cp);

bool is_letter(char32_t cp);           // \p{L}: general category L*
bool is_number(char32_t cp);           // \p{N}: general category N*
bool is_punctuation_category(char32_t cp);  // general category P*
bool is_nonspacing_mark(char32_t cp);  // general category Mn
bool is_space_separator(char32_t cp);  // general category Zs
bool is_control_or_format(char32_t cp);  // general category Cc or Cf
bool is_python_space(char32_t cp);     // str.isspace()

// str.lower(): full lower-case mapping (U+0130 -> "i\u0307"); final sigma is decided by the
// neighbouring characters being letters (Python uses the Cased/Case_Ignorable properties,
// which differ from that only for rare symbols).
std::u32string to_lower(const std::u32string& text);

std::u32string nfd(const std::u32string& text);  // unicodedata.normalize("NFD", ...)
std::u32string nfc(const std::u32string& text);  // unicodedata.normalize("NFC", ...)

// Python's `\s+` -> " " followed by strip() (CLIP's whitespace_clean).
std::u32string collapse_whitespace(const std::u32string& text);

}  // namespace ldm::text
