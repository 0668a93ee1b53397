#pragma once
// The two ways the CLI takes layout boxes from the user: --box "LABEL:x0,y0,x1,y1" and --layout FILE.json
// ({"boxes": [...]}, GenerationRequest's JSON). Pure functions (no files, no engine) so that
// tests/fuzz can feed them any bytes.
#include <string>
#include <vector>

#include "core/api/generation_request.h"

namespace ldm::cli {

// Throws UsageError for anything but LABEL:x0,y0,x1,y1 (the last ':' separates the coordinates); an
// all-digit LABEL is a class number.
LayoutBox parse_box(const std::string& spec);

// The boxes of a layout file's text. Throws LoadError naming `origin` for text that is not a JSON
// object, RequestError for malformed boxes.
std::vector<LayoutBox> parse_layout_json(const std::string& text, const std::string& origin);

}  // namespace ldm::cli
