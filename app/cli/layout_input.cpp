#include "app/cli/layout_input.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>

#include "app/cli/args.h"
#include "core/error.h"

namespace ldm::cli {

LayoutBox parse_box(const std::string& spec) {
  const size_t colon = spec.rfind(':');
  if (colon == std::string::npos) throw UsageError{"--box expects \"LABEL:x0,y0,x1,y1\", got '" + spec + "'"};
  LayoutBox b;
  b.label = spec.substr(0, colon);
  float v[4];
  if (std::sscanf(spec.c_str() + colon + 1, "%f,%f,%f,%f", &v[0], &v[1], &v[2], &v[3]) != 4) {
    throw UsageError{"--box expects four comma-separated coordinates in [0,1], got '" + spec + "'"};
  }
  b.x0 = v[0];
  b.y0 = v[1];
  b.x1 = v[2];
  b.y1 = v[3];
  if (!b.label.empty() && b.label.find_first_not_of("0123456789") == std::string::npos) {
    // from_chars, not stoi: a number past INT_MAX is a usage error, not an uncaught out_of_range.
    const char* end = b.label.data() + b.label.size();
    const auto [ptr, ec] = std::from_chars(b.label.data(), end, b.class_id);
    if (ec != std::errc() || ptr != end) throw UsageError{"--box class number '" + b.label + "' is too large"};
  }
  return b;
}

std::vector<LayoutBox> parse_layout_json(const std::string& text, const std::string& origin) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  // Not an object: j.value() would throw json's own type_error, with no file name in it.
  if (j.is_discarded()) throw LoadError(origin + ": not valid JSON");
  if (!j.is_object()) throw LoadError(origin + ": not a layout (a JSON object {\"boxes\": [...]})");
  nlohmann::json req = {{"boxes", j.value("boxes", nlohmann::json::array())}};
  return GenerationRequest::from_json(req).boxes;
}

}  // namespace ldm::cli
