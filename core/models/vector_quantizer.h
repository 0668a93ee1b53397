#pragma once
// taming.modules.vqvae.quantize.VectorQuantizer2 (as ldm.models.autoencoder.VQModel builds it,
// beta 0.25): nearest codebook entry by squared distance ||z||^2 + ||e||^2 - 2 z.e, straight-through
// z + (z_q - z). Index remapping (remap=...) only renames indices and never changes z_q, so its
// `used` buffer is not needed for decoding.
#include <torch/nn/module.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/pimpl.h>

namespace ldm {

class VectorQuantizerImpl : public torch::nn::Module {
 public:
  VectorQuantizerImpl(int64_t n_embed, int64_t embed_dim, double beta = 0.25, bool legacy = true);

  struct Result {
    at::Tensor z_q;      // [B, C, H, W]
    at::Tensor loss;     // codebook + commitment loss (scalar)
    at::Tensor indices;  // [B, H, W] int64
  };
  Result forward(const at::Tensor& z);
  // Codebook entries for indices [B, H, W] -> [B, C, H, W].
  at::Tensor get_codebook_entry(const at::Tensor& indices);

  const at::Tensor& codebook() const { return embedding_->weight; }
  int64_t n_embed() const { return n_embed_; }
  int64_t embed_dim() const { return embed_dim_; }

 private:
  int64_t n_embed_, embed_dim_;
  double beta_;
  bool legacy_;
  torch::nn::Embedding embedding_{nullptr};
};
TORCH_MODULE(VectorQuantizer);

}  // namespace ldm
