// Tiled first-stage decoding with linear-ramp blending.
#include "core/models/decode_tiled.h"

#include <torch/torch.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/models/first_stage.h"

namespace ldm {

namespace {

// Tile starts along one axis: stride tile-overlap, the last tile flush with the end.
std::vector<int64_t> tile_starts(int64_t size, int64_t tile, int64_t overlap) {
  if (size <= tile) return {0};
  std::vector<int64_t> starts;
  const int64_t stride = tile - overlap;
  for (int64_t s = 0; s + tile < size; s += stride) starts.push_back(s);
  starts.push_back(size - tile);
  return starts;
}

// Blend weight of each output pixel of tile `k` along one axis: ramps up over the overlap with the
// previous tile and down over the overlap with the next one; (i + 0.5) / ramp keeps every weight > 0.
at::Tensor axis_weights(const std::vector<int64_t>& starts, size_t k, int64_t tile, int64_t f) {
  const int64_t n = tile * f;
  std::vector<float> w(static_cast<size_t>(n), 1.0f);
  const int64_t left = k > 0 ? (starts[k - 1] + tile - starts[k]) * f : 0;
  const int64_t right = k + 1 < starts.size() ? (starts[k] + tile - starts[k + 1]) * f : 0;
  for (int64_t i = 0; i < n; ++i) {
    float v = 1.0f;
    if (left > 0) v = std::min(v, (static_cast<float>(i) + 0.5f) / static_cast<float>(left));
    if (right > 0) v = std::min(v, (static_cast<float>(n - i) - 0.5f) / static_cast<float>(right));
    w[static_cast<size_t>(i)] = v;
  }
  return torch::tensor(w);
}

}  // namespace

at::Tensor decode_tiled(FirstStageModel& model, const at::Tensor& z, int64_t tile_latent, int64_t overlap_latent) {
  TORCH_CHECK(z.dim() == 4, "decode_tiled expects a [B, C, h, w] latent, got ", z.sizes());
  if (tile_latent <= 0 || overlap_latent < 0 || overlap_latent >= tile_latent) {
    throw RequestError("tile size " + std::to_string(tile_latent) + " and overlap " + std::to_string(overlap_latent) +
                       " (latent pixels) are invalid: the tile must be larger than the overlap");
  }
  const int64_t h = z.size(2), w = z.size(3);
  if (h <= tile_latent && w <= tile_latent) return model.decode(z);
  const int64_t f = model.downsampling_factor();
  const int64_t th = std::min(tile_latent, h), tw = std::min(tile_latent, w);
  const auto ys = tile_starts(h, th, overlap_latent);
  const auto xs = tile_starts(w, tw, overlap_latent);

  const auto acc_opts = z.options().dtype(at::kFloat);
  at::Tensor out, weight_sum = at::zeros({h * f, w * f}, acc_opts);
  c10::ScalarType out_dtype = z.scalar_type();
  for (size_t iy = 0; iy < ys.size(); ++iy) {
    const auto wy = axis_weights(ys, iy, th, f).to(z.device());
    for (size_t ix = 0; ix < xs.size(); ++ix) {
      const auto wx = axis_weights(xs, ix, tw, f).to(z.device());
      auto tile = z.slice(2, ys[iy], ys[iy] + th).slice(3, xs[ix], xs[ix] + tw);
      auto dec = model.decode(tile);  // [B, C_out, th*f, tw*f]
      TORCH_CHECK(dec.size(2) == th * f && dec.size(3) == tw * f, "decoder output size ", dec.sizes(),
                  " does not match the downsampling factor ", f);
      if (!out.defined()) {
        out = at::zeros({z.size(0), dec.size(1), h * f, w * f}, acc_opts);
        out_dtype = dec.scalar_type();
      }
      auto wt = wy.unsqueeze(1) * wx.unsqueeze(0);  // [th*f, tw*f]
      const int64_t y0 = ys[iy] * f, x0 = xs[ix] * f;
      out.slice(2, y0, y0 + th * f).slice(3, x0, x0 + tw * f).add_(dec.to(at::kFloat) * wt);
      weight_sum.slice(0, y0, y0 + th * f).slice(1, x0, x0 + tw * f).add_(wt);
    }
  }
  return (out / weight_sum).to(out_dtype);
}

}  // namespace ldm
