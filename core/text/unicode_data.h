#pragma once
// Unicode and HTML tables generated from Python's unicodedata / html modules by
// tools/gen_unicode_data.py (see there for how to regenerate). Internal to core/text.
#include <cstddef>
#include <cstdint>

namespace ldm::text::data {

struct CategoryRange {
  uint32_t first;
  uint32_t last;
  uint8_t value;
};
struct CodepointPair {
  uint32_t from;
  uint32_t to;
};
struct Decomposition {
  uint32_t cp;
  uint32_t chars[4];  // full canonical decomposition, 0-terminated when shorter
};
struct Composition {
  uint32_t first;
  uint32_t second;
  uint32_t composite;
};
struct CodepointString {
  uint32_t cp;
  const char* utf8;
};
struct NamedString {
  const char* name;
  const char* utf8;
};

// Values of kCategoryRanges (code points not covered: any other category).
enum CategoryClass : uint8_t { kOther = 0, kLetter = 1, kNumber = 2, kNonspacingMark = 3, kPunctuation = 4,
                               kSpaceSeparator = 5, kControl = 6, kFormat = 7 };

extern const char* const kUnicodeVersion;
extern const CategoryRange kCategoryRanges[];
extern const size_t kCategoryRangesSize;
extern const CategoryRange kCombiningClassRanges[];
extern const size_t kCombiningClassRangesSize;
extern const CodepointPair kLowerMap[];  // str.lower() for single-character results (U+0130 is special)
extern const size_t kLowerMapSize;
extern const Decomposition kDecompositions[];  // sorted by cp; Hangul syllables are algorithmic
extern const size_t kDecompositionsSize;
extern const Composition kCompositions[];  // primary composites, sorted by (first, second)
extern const size_t kCompositionsSize;
extern const CodepointString kWidthMap[];  // ftfy.chardata.WIDTH_MAP
extern const size_t kWidthMapSize;
extern const NamedString kHtml5Entities[];  // html.entities.html5, sorted by name bytes
extern const size_t kHtml5EntitiesSize;
extern const NamedString kFtfyUpperEntities[];  // ftfy's extra upper-case entity names (with ';')
extern const size_t kFtfyUpperEntitiesSize;
extern const uint32_t kCp1252C1[32];  // sloppy windows-1252 decoding of bytes 0x80..0x9F
extern const uint32_t kHtmlInvalidCodepoints[];  // html._invalid_codepoints, sorted
extern const size_t kHtmlInvalidCodepointsSize;

}  // namespace ldm::text::data
