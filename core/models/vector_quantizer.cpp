// taming.modules.vqvae.quantize.VectorQuantizer2
#include "core/models/vector_quantizer.h"

#include <torch/torch.h>

namespace ldm {

VectorQuantizerImpl::VectorQuantizerImpl(int64_t n_embed, int64_t embed_dim, double beta, bool legacy)
    : n_embed_(n_embed), embed_dim_(embed_dim), beta_(beta), legacy_(legacy) {
  embedding_ = register_module("embedding", torch::nn::Embedding(n_embed, embed_dim));
  torch::NoGradGuard no_grad;
  embedding_->weight.uniform_(-1.0 / n_embed, 1.0 / n_embed);
}

VectorQuantizerImpl::Result VectorQuantizerImpl::forward(const at::Tensor& z_in) {
  TORCH_CHECK(z_in.dim() == 4 && z_in.size(1) == embed_dim_, "VectorQuantizer expects [B, ", embed_dim_,
              ", H, W], got ", z_in.sizes());
  auto z = z_in.permute({0, 2, 3, 1}).contiguous();  // [B, H, W, C]
  auto zf = z.view({-1, embed_dim_});                 // [BHW, C]
  const auto& e = embedding_->weight;                 // [N, C]
  // Same evaluation order as the reference, so that near-ties resolve identically.
  auto d = at::sum(zf.pow(2), {1}, /*keepdim=*/true) + at::sum(e.pow(2), {1}) -
           2 * at::mm(zf, e.t());  // [BHW, N]
  auto idx = at::argmin(d, 1);     // [BHW]
  auto zq = at::embedding(e, idx).view(z.sizes());  // [B, H, W, C]
  Result r;
  auto commit = at::mean((zq.detach() - z).pow(2));
  auto codebook = at::mean((zq - z.detach()).pow(2));
  r.loss = legacy_ ? commit + beta_ * codebook : beta_ * commit + codebook;
  zq = z + (zq - z).detach();
  r.z_q = zq.permute({0, 3, 1, 2}).contiguous();  // [B, C, H, W]
  r.indices = idx.view({z.size(0), z.size(1), z.size(2)});
  return r;
}

at::Tensor VectorQuantizerImpl::get_codebook_entry(const at::Tensor& indices) {
  auto zq = at::embedding(embedding_->weight, indices);  // [B, H, W, C]
  return zq.permute({0, 3, 1, 2}).contiguous();          // [B, C, H, W]
}

}  // namespace ldm
