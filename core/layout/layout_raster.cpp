#include "core/layout/layout_raster.h"

#include <algorithm>

namespace ldm {

std::vector<float> rasterize_layout(const ObjectsBoundingBoxConditionalBuilder& builder,
                                    const std::vector<int64_t>& tokens, int h, int w) {
  const int classes = builder.config().no_object_classes;
  std::vector<float> map(static_cast<size_t>(classes) * h * w, 0.0f);
  for (const LayoutObject& o : builder.inverse_build(tokens)) {
    if (o.category_no < 0 || o.category_no >= classes) continue;
    // The box in cell units; each cell gets the covered fraction of its area.
    const double x0 = o.x * w, x1 = (o.x + o.w) * w, y0 = o.y * h, y1 = (o.y + o.h) * h;
    float* plane = map.data() + static_cast<size_t>(o.category_no) * h * w;
    for (int y = std::max(0, static_cast<int>(y0)); y < std::min(h, static_cast<int>(y1) + 1); ++y) {
      const double cy = std::min<double>(y + 1, y1) - std::max<double>(y, y0);
      if (cy <= 0) continue;
      for (int x = std::max(0, static_cast<int>(x0)); x < std::min(w, static_cast<int>(x1) + 1); ++x) {
        const double cx = std::min<double>(x + 1, x1) - std::max<double>(x, x0);
        if (cx <= 0) continue;
        float& v = plane[static_cast<size_t>(y) * w + x];
        v = std::max(v, static_cast<float>(cx * cy));
      }
    }
  }
  return map;
}

}  // namespace ldm
