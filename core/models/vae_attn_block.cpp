// ldm.modules.diffusionmodules.model.AttnBlock (make_attn "vanilla" / "none")
#include "core/models/vae_attn_block.h"
#include "core/torch_version.h"

#include <torch/torch.h>

#include <cmath>

#include "core/error.h"
#include "core/models/vae_resnet_block.h"
#include "core/nn/layers.h"

namespace ldm {

VaeAttnBlockImpl::VaeAttnBlockImpl(int64_t channels, const std::string& attn_type) {
  if (attn_type == "none") {
    identity_ = true;
    return;
  }
  if (attn_type != "vanilla" && attn_type != "vanilla-xformers") {
    throw LoadError("unsupported autoencoder attn_type '" + attn_type + "' (supported: vanilla, none)");
  }
  norm_ = register_module("norm", make_vae_norm(channels));
  q_ = register_module("q", Conv2d(Conv2dOptions(channels, channels, 1)));
  k_ = register_module("k", Conv2d(Conv2dOptions(channels, channels, 1)));
  v_ = register_module("v", Conv2d(Conv2dOptions(channels, channels, 1)));
  proj_out_ = register_module("proj_out", Conv2d(Conv2dOptions(channels, channels, 1)));
}

at::Tensor VaeAttnBlockImpl::forward(const at::Tensor& x) {
  if (identity_) return x;
  auto h = vae_group_norm(norm_, x);
  auto q = q_(h), k = k_(h), v = v_(h);
  const int64_t b = q.size(0), c = q.size(1), hh = q.size(2), ww = q.size(3);
  at::Tensor out;
#if defined(LDM_TORCH2)
  if (x.is_cuda() && b * hh * ww * hh * ww > (int64_t{1} << 26)) {
    // Same math as below without materialising [B, HW, HW] (large latents on the GPU). Below 64 M
    // scores (a 512x512 image's 64x64 latent) the two batched products are faster: with C = 512 no
    // fused attention kernel applies and SDPA falls back to float32 products (0.7 ms on an H200).
    auto qs = q.reshape({b, 1, c, hh * ww}).transpose(2, 3);  // [B, 1, HW, C]
    auto ks = k.reshape({b, 1, c, hh * ww}).transpose(2, 3);  // [B, 1, HW, C]
    auto vs = v.reshape({b, 1, c, hh * ww}).transpose(2, 3);  // [B, 1, HW, C]
    out = at::scaled_dot_product_attention(qs, ks, vs);       // [B, 1, HW, C]
    out = out.transpose(2, 3).reshape({b, c, hh, ww});        // [B, C, H, W]
    return x + proj_out_(out);
  }
#endif
  auto qt = q.reshape({b, c, hh * ww}).permute({0, 2, 1});  // [B, HW, C]
  auto kt = k.reshape({b, c, hh * ww});                     // [B, C, HW]
  auto w = at::bmm(qt, kt);                                 // [B, HW(query), HW(key)]
  w = w * std::pow(static_cast<double>(c), -0.5);
  if (w.scalar_type() == at::kFloat) {
    w = at::softmax(w, 2);
  } else {
    w = at::softmax(w.to(at::kFloat), 2).to(w.scalar_type());
  }
  auto vt = v.reshape({b, c, hh * ww});                 // [B, C, HW]
  out = at::bmm(vt, w.permute({0, 2, 1}));              // [B, C, HW(query)]
  out = out.reshape({b, c, hh, ww});                    // [B, C, H, W]
  return x + proj_out_(out);
}

}  // namespace ldm
