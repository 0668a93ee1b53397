#pragma once
// ldm.modules.attention.BasicTransformerBlock: x += attn1(norm1(x)) (self-attention, or over the
// context when disable_self_attn, Stability-AI/stablediffusion); x += attn2(norm2(x), context);
// x += ff(norm3(x)).
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include "core/nn/cross_attention.h"
#include "core/nn/feed_forward.h"

namespace ldm {

class BasicTransformerBlockImpl : public torch::nn::Cloneable<BasicTransformerBlockImpl> {
 public:
  BasicTransformerBlockImpl(int64_t dim, int64_t n_heads, int64_t d_head, int64_t context_dim,
                            bool disable_self_attn = false, double dropout = 0.0);
  void reset() override;
  at::Tensor forward(const at::Tensor& x, const at::Tensor& context = {});  // x [B, N, dim]

 private:
  int64_t dim_, n_heads_, d_head_, context_dim_;
  bool disable_self_attn_;
  double dropout_;
  CrossAttention attn1_{nullptr}, attn2_{nullptr};
  FeedForward ff_{nullptr};
  torch::nn::LayerNorm norm1_{nullptr}, norm2_{nullptr}, norm3_{nullptr};
};
TORCH_MODULE(BasicTransformerBlock);

}  // namespace ldm
