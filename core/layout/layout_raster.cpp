#include "core/layout/layout_raster.h"

#include <torch/torch.h>

#include <algorithm>

namespace ldm {

namespace {

// Paints into `map` ([classes][h][w], zeroed by the caller).
void paint_layout(const ObjectsBoundingBoxConditionalBuilder& builder, const std::vector<int64_t>& tokens, int h, int w,
                  float* map) {
  const int classes = builder.config().no_object_classes;
  for (const LayoutObject& o : builder.inverse_build(tokens)) {
    if (o.category_no < 0 || o.category_no >= classes) continue;
    // The box in cell units; each cell gets the covered fraction of its area.
    const double x0 = o.x * w, x1 = (o.x + o.w) * w, y0 = o.y * h, y1 = (o.y + o.h) * h;
    float* plane = map + static_cast<size_t>(o.category_no) * h * w;
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
}

}  // namespace

at::Tensor layout_class_maps(const ObjectsBoundingBoxConditionalBuilder& builder, const at::Tensor& ids, int64_t h,
                             int64_t w) {
  const at::Tensor rows = ids.to(at::kCPU, at::kLong).contiguous();
  const int64_t B = rows.size(0), L = rows.size(1), classes = builder.config().no_object_classes;
  // Painted in place: this runs for every training batch.
  at::Tensor maps = torch::zeros({B, classes, h, w});
  for (int64_t b = 0; b < B; ++b) {
    const int64_t* row = rows.data_ptr<int64_t>() + b * L;
    paint_layout(builder, std::vector<int64_t>(row, row + L), static_cast<int>(h), static_cast<int>(w),
                 maps.data_ptr<float>() + b * classes * h * w);
  }
  return maps;
}

}  // namespace ldm
