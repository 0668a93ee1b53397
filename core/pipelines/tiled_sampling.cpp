#include "core/pipelines/tiled_sampling.h"

#include <torch/torch.h>

#include "core/error.h"

namespace ldm {

SplitGrid split_grid(int64_t h, int64_t w, const SplitInputParams& params) {
  return {(h - params.ks[0]) / params.stride[0] + 1, (w - params.ks[1]) / params.stride[1] + 1};
}

namespace {

// torch.nn.Unfold(ks, stride) then view to [B, C, kh, kw, L].
at::Tensor unfold_patches(const at::Tensor& x, const SplitInputParams& p) {
  const auto cols = at::im2col(x, {p.ks[0], p.ks[1]}, {1, 1}, {0, 0}, {p.stride[0], p.stride[1]});  // [B, C*kh*kw, L]
  return cols.view({x.size(0), -1, p.ks[0], p.ks[1], cols.size(-1)});  // [B, C, kh, kw, L]
}

}  // namespace

at::Tensor apply_model_split(const ModelFn& fn, const at::Tensor& x, const at::Tensor& t, const Conditioning& c,
                             const SplitInputParams& params) {
  const int64_t h = x.size(2), w = x.size(3);
  if (params.ks[0] > h || params.ks[1] > w || (h - params.ks[0]) % params.stride[0] != 0 ||
      (w - params.ks[1]) % params.stride[1] != 0)
    throw RequestError("tile " + std::to_string(params.ks[0]) + " with stride " + std::to_string(params.stride[0]) +
                       " does not tile a " + std::to_string(h) + "x" + std::to_string(w) +
                       " latent: choose a tile size and stride that fit the image");
  const SplitGrid g = split_grid(h, w, params);
  const int64_t L = g.ly * g.lx;

  // get_fold_unfold (uf = df = 1): weighting [1, kh*kw, L], normalization = fold(weighting).
  at::Tensor weighting = split_weighting(params.ks[0], params.ks[1], g.ly, g.lx, params).to(x.device(), x.scalar_type());
  const at::Tensor normalization =
      at::col2im(weighting, {h, w}, {params.ks[0], params.ks[1]}, {1, 1}, {0, 0}, {params.stride[0], params.stride[1]})
          .view({1, 1, h, w});
  weighting = weighting.view({1, 1, params.ks[0], params.ks[1], L});  // [1, 1, kh, kw, L]

  const at::Tensor z = unfold_patches(x, params);  // [B, C, kh, kw, L]
  at::Tensor cz;
  if (c.concat.defined()) cz = unfold_patches(c.concat.to(x.device(), x.scalar_type()), params);

  std::vector<at::Tensor> outs;
  outs.reserve(static_cast<size_t>(L));
  for (int64_t i = 0; i < L; ++i) {
    Conditioning ci = c;
    if (cz.defined()) ci.concat = cz.select(4, i).contiguous();
    outs.push_back(fn(z.select(4, i).contiguous(), t, ci));
  }
  at::Tensor o = at::stack(outs, -1) * weighting;  // [B, C, kh, kw, L]
  o = o.view({o.size(0), -1, L});                   // [B, C*kh*kw, L]
  const at::Tensor folded =
      at::col2im(o, {h, w}, {params.ks[0], params.ks[1]}, {1, 1}, {0, 0}, {params.stride[0], params.stride[1]});
  return folded / normalization;
}

bool plan_split(int64_t latent_h, int64_t latent_w, int64_t tile, int64_t stride, int64_t vqf,
                SplitInputParams* out) {
  if (tile <= 0) throw RequestError("the tile size must be positive");
  if (latent_h <= tile && latent_w <= tile) return false;
  // One square tile size for both axes, as the reference (its decode-side fold uses ks[0] twice).
  const int64_t ks = std::min({tile, latent_h, latent_w});
  if (stride <= 0 || stride > ks) stride = ks / 2;
  if (stride < 1) stride = 1;
  // Per axis, the largest stride <= the requested one that tiles the axis exactly.
  auto fit = [&](int64_t n) {
    int64_t s = stride;
    while (s > 1 && (n - ks) % s != 0) --s;
    return s;
  };
  SplitInputParams p;
  p.ks = {ks, ks};
  p.stride = {fit(latent_h), fit(latent_w)};
  p.vqf = vqf;
  *out = p;
  return true;
}

}  // namespace ldm
