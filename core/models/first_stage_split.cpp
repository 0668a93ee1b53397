// LatentDiffusion.encode_first_stage / decode_first_stage with split_input_params
// (get_fold_unfold, get_weighting, delta_border).
#include "core/models/first_stage_split.h"

#include <torch/torch.h>

#include <algorithm>
#include <vector>

#include "core/error.h"
#include "core/models/first_stage.h"
#include "core/models/vq_model.h"

namespace ldm {

at::Tensor split_delta_border(int64_t h, int64_t w) {
  auto ys = at::arange(h, at::kLong).view({h, 1, 1}).repeat({1, w, 1});  // [h, w, 1]
  auto xs = at::arange(w, at::kLong).view({1, w, 1}).repeat({h, 1, 1});  // [h, w, 1]
  auto corner = at::tensor(std::vector<int64_t>{h - 1, w - 1}, at::kLong).view({1, 1, 2});
  auto arr = at::cat({ys, xs}, -1) / corner;  // [h, w, 2], integer true division -> float32
  auto up_left = std::get<0>(at::min(arr, -1, /*keepdim=*/true));       // [h, w, 1]
  auto down_right = std::get<0>(at::min(1 - arr, -1, /*keepdim=*/true));  // [h, w, 1]
  return std::get<0>(at::min(at::cat({up_left, down_right}, -1), -1));   // [h, w]
}

at::Tensor split_weighting(int64_t h, int64_t w, int64_t ly, int64_t lx, const SplitInputParams& p) {
  auto weighting = at::clip(split_delta_border(h, w), p.clip_min_weight, p.clip_max_weight);
  weighting = weighting.view({1, h * w, 1}).repeat({1, 1, ly * lx});  // [1, h*w, L]
  if (p.tie_braker) {
    auto l_weighting = at::clip(split_delta_border(ly, lx), p.clip_min_tie_weight, p.clip_max_tie_weight);
    weighting = weighting * l_weighting.view({1, 1, ly * lx});  // [1, h*w, L]
  }
  return weighting;
}

namespace {

struct Patches {
  std::array<int64_t, 2> ks, stride;
  int64_t ly, lx;
};

// ks/stride reduced to the input size, as the reference does before get_fold_unfold.
Patches plan(int64_t h, int64_t w, const SplitInputParams& p) {
  Patches r;
  r.ks = p.ks;
  r.stride = p.stride;
  if (r.ks[0] > h || r.ks[1] > w) r.ks = {std::min(r.ks[0], h), std::min(r.ks[1], w)};
  if (r.stride[0] > h || r.stride[1] > w) r.stride = {std::min(r.stride[0], h), std::min(r.stride[1], w)};
  if (r.ks[0] <= 1 || r.ks[1] <= 1 || r.stride[0] <= 0 || r.stride[1] <= 0)
    throw RequestError("tile size and stride must be positive and tiles larger than one pixel");
  r.ly = (h - r.ks[0]) / r.stride[0] + 1;
  r.lx = (w - r.ks[1]) / r.stride[1] + 1;
  return r;
}

// Runs `fn` on every unfolded patch of x and folds the weighted results back.
// out_kernel/out_stride/out_size: the fold of the per-patch outputs (scaled by uf or df).
template <typename Fn>
at::Tensor split_apply(const at::Tensor& x, const Patches& pl, std::array<int64_t, 2> out_kernel,
                       std::array<int64_t, 2> out_stride, std::array<int64_t, 2> out_size,
                       const SplitInputParams& p, Fn fn) {
  const int64_t b = x.size(0);
  const int64_t L = pl.ly * pl.lx;
  auto weighting = split_weighting(out_kernel[0], out_kernel[1], pl.ly, pl.lx, p).to(x.device(), x.scalar_type());
  auto normalization = at::col2im(weighting, {out_size[0], out_size[1]}, {out_kernel[0], out_kernel[1]}, {1, 1},
                                  {0, 0}, {out_stride[0], out_stride[1]})
                           .view({1, 1, out_size[0], out_size[1]});
  auto cols = at::im2col(x, {pl.ks[0], pl.ks[1]}, {1, 1}, {0, 0}, {pl.stride[0], pl.stride[1]});  // [B, C*kh*kw, L]
  cols = cols.view({b, -1, pl.ks[0], pl.ks[1], L});  // [B, C, kh, kw, L]
  std::vector<at::Tensor> outs;
  outs.reserve(static_cast<size_t>(L));
  for (int64_t i = 0; i < L; ++i) outs.push_back(fn(cols.select(4, i)));
  auto o = at::stack(outs, -1);                                            // [B, C', okh, okw, L]
  o = o * weighting.view({1, 1, out_kernel[0], out_kernel[1], L});
  o = o.view({o.size(0), -1, L});                                          // [B, C'*okh*okw, L]
  auto folded = at::col2im(o, {out_size[0], out_size[1]}, {out_kernel[0], out_kernel[1]}, {1, 1}, {0, 0},
                           {out_stride[0], out_stride[1]});                // [B, C', H', W']
  return folded / normalization;
}

}  // namespace

at::Tensor decode_first_stage_split(FirstStageModel& model, const at::Tensor& z, const SplitInputParams& p,
                                    bool force_not_quantize) {
  auto* vq = dynamic_cast<VQModel*>(&model);
  auto decode = [&](const at::Tensor& t) { return vq ? vq->decode(t, force_not_quantize) : model.decode(t); };
  if (!p.patch_distributed_vq) return decode(z);
  const auto pl = plan(z.size(2), z.size(3), p);
  const int64_t uf = p.vqf;
  // The reference folds with kernel (ks[0]*uf, ks[0]*uf): ks[0] for both sides.
  return split_apply(z, pl, {pl.ks[0] * uf, pl.ks[0] * uf}, {pl.stride[0] * uf, pl.stride[1] * uf},
                     {z.size(2) * uf, z.size(3) * uf}, p, decode);
}

at::Tensor encode_first_stage_split(FirstStageModel& model, const at::Tensor& x, const SplitInputParams& p) {
  auto encode = [&](const at::Tensor& t) { return model.encode(t).mode(); };
  if (!p.patch_distributed_vq) return encode(x);
  const auto pl = plan(x.size(2), x.size(3), p);
  const int64_t df = p.vqf;
  return split_apply(x, pl, {pl.ks[0] / df, pl.ks[0] / df}, {pl.stride[0] / df, pl.stride[1] / df},
                     {x.size(2) / df, x.size(3) / df}, p, encode);
}

}  // namespace ldm
