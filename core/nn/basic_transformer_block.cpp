#include "core/nn/basic_transformer_block.h"

#include <torch/torch.h>

#include "core/nn/group_norm32.h"

namespace ldm {

BasicTransformerBlockImpl::BasicTransformerBlockImpl(int64_t dim, int64_t n_heads, int64_t d_head,
                                                     int64_t context_dim, bool disable_self_attn, double dropout)
    : dim_(dim),
      n_heads_(n_heads),
      d_head_(d_head),
      context_dim_(context_dim),
      disable_self_attn_(disable_self_attn),
      dropout_(dropout) {
  reset();
}

void BasicTransformerBlockImpl::reset() {
  namespace nn = torch::nn;
  // Registration order follows the reference (attn1, ff, attn2, norm1..3).
  attn1_ = register_module("attn1",
                           CrossAttention(dim_, disable_self_attn_ ? context_dim_ : -1, n_heads_, d_head_, dropout_));
  ff_ = register_module("ff", FeedForward(dim_, -1, 4, dropout_));
  attn2_ = register_module("attn2", CrossAttention(dim_, context_dim_, n_heads_, d_head_, dropout_));
  norm1_ = register_module("norm1", nn::LayerNorm(nn::LayerNormOptions({dim_})));
  norm2_ = register_module("norm2", nn::LayerNorm(nn::LayerNormOptions({dim_})));
  norm3_ = register_module("norm3", nn::LayerNorm(nn::LayerNormOptions({dim_})));
}

at::Tensor BasicTransformerBlockImpl::forward(const at::Tensor& x_in, const at::Tensor& context) {
  at::Tensor x = x_in;
  x = attn1_->forward(layer_norm32(x, norm1_->weight, norm1_->bias), disable_self_attn_ ? context : at::Tensor()) + x;
  x = attn2_->forward(layer_norm32(x, norm2_->weight, norm2_->bias), context) + x;
  x = ff_->forward(layer_norm32(x, norm3_->weight, norm3_->bias)) + x;
  return x;
}

}  // namespace ldm
