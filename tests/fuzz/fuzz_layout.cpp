// libFuzzer: layout input from the command line: a --layout FILE.json's text (parse_layout_json) and
// --box specs (parse_box; the input split at newlines), then the boxes through the layout model's token
// builder as the engine feeds it (after its 0 <= x0 < x1 <= 1 check).
#include "app/cli/args.h"
#include "app/cli/layout_input.h"
#include "core/error.h"
#include "core/layout/objects_bbox_conditional_builder.h"

namespace {

void build(const std::vector<ldm::LayoutBox>& boxes) {
  std::vector<ldm::LayoutObject> objects;
  for (const auto& b : boxes) {
    if (!(b.x0 >= 0 && b.y0 >= 0 && b.x1 <= 1 && b.y1 <= 1 && b.x1 > b.x0 && b.y1 > b.y0)) return;  // engine.cpp
    ldm::LayoutObject o;
    o.category_no = b.class_id >= 0 ? b.class_id % 340 : 7;
    o.x = b.x0, o.y = b.y0, o.w = b.x1 - b.x0, o.h = b.y1 - b.y0;
    o.is_group_of = b.group_of, o.is_occluded = b.occluded, o.is_depiction = b.depiction, o.is_inside = b.inside;
    objects.push_back(o);
  }
  std::vector<std::string> warnings;
  try {
    (void)ldm::ObjectsBoundingBoxConditionalBuilder().build(objects, {}, {}, false, &warnings);
  } catch (const ldm::RequestError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    build(ldm::cli::parse_layout_json(text, "fuzz.json"));
  } catch (const ldm::LoadError&) {
  } catch (const ldm::RequestError&) {
  }
  std::vector<ldm::LayoutBox> boxes;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t nl = std::min(text.find('\n', start), text.size());
    try {
      boxes.push_back(ldm::cli::parse_box(text.substr(start, nl - start)));
    } catch (const ldm::cli::UsageError&) {
    }
    start = nl + 1;
  }
  build(boxes);
  return 0;
}
