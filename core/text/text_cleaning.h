#pragma once
// Text clean-up done by the reference tokenizers before BPE:
//   * ftfy.fix_text (python-ftfy 6.3, default TextFixerConfig), used by both CLIP tokenizers;
//   * html.unescape (Python standard library), applied twice by open_clip's basic_clean.
#include <string>

namespace ldm::text {

// ftfy.fix_text with ftfy's defaults: per line, repeated until nothing changes:
// unescape_html ("auto": only while no '<' has been seen), fix_c1_controls, fix_latin_ligatures,
// fix_character_width, uncurl_quotes, fix_line_breaks, remove_terminal_escapes,
// remove_control_chars, NFC. Like ftfy, dashes (—, –) and other punctuation are left alone; only
// quotes are straightened (U+2018-U+201B, U+02BC -> ', U+201C-U+201F -> ").
// Approximated: fix_encoding (mojibake repair) only handles the unambiguous case of a line that
// re-encodes as windows-1252 / latin-1 into valid multi-byte UTF-8 (e.g. "cafÃ©" -> "café");
// ftfy's badness heuristics for partial mojibake are not reproduced. fix_surrogates is a no-op
// because decoded UTF-8 cannot hold surrogates.
std::u32string ftfy_fix_text(const std::u32string& text);

// ftfy.fixes.unescape_html: only entities of the form "&name;", "&#123;" and "&#x1F;" (plus
// ftfy's upper-case variants such as "&EACUTE;").
std::u32string ftfy_unescape_html(const std::u32string& text);

// Python's html.unescape (HTML5 rules: legacy entities without ';', numeric references with
// the windows-1252 remapping of 0x80..0x9F, invalid code points dropped).
std::u32string html_unescape(const std::u32string& text);

}  // namespace ldm::text
