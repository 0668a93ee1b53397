#pragma once
// ldm.modules.attention.CrossAttention: multi-head attention of x over context (or over x itself
// when context is undefined); to_q/to_k/to_v without bias, to_out = [Linear, Dropout].
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include "core/nn/layers.h"

namespace ldm {

class CrossAttentionImpl : public torch::nn::Cloneable<CrossAttentionImpl> {
 public:
  // context_dim <= 0: same as query_dim.
  CrossAttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads, int64_t dim_head, double dropout = 0.0);
  void reset() override;
  // x [B, N, query_dim], context [B, M, context_dim] or undefined -> [B, N, query_dim]
  at::Tensor forward(const at::Tensor& x, const at::Tensor& context = {});

 private:
  int64_t query_dim_, context_dim_, heads_, dim_head_;
  double dropout_;
  Linear to_q_{nullptr}, to_k_{nullptr}, to_v_{nullptr};
  torch::nn::Sequential to_out_{nullptr};
};
TORCH_MODULE(CrossAttention);

}  // namespace ldm
