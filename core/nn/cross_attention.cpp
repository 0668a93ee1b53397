#include "core/nn/cross_attention.h"

#include <torch/torch.h>

#include "core/nn/attention.h"
#include "core/nn/layers.h"

namespace ldm {

CrossAttentionImpl::CrossAttentionImpl(int64_t query_dim, int64_t context_dim, int64_t heads, int64_t dim_head,
                                       double dropout)
    : query_dim_(query_dim),
      context_dim_(context_dim > 0 ? context_dim : query_dim),
      heads_(heads),
      dim_head_(dim_head),
      dropout_(dropout) {
  reset();
}

void CrossAttentionImpl::reset() {
  namespace nn = torch::nn;
  const int64_t inner = heads_ * dim_head_;
  to_q_ = register_module("to_q", Linear(LinearOptions(query_dim_, inner).bias(false)));
  to_k_ = register_module("to_k", Linear(LinearOptions(context_dim_, inner).bias(false)));
  to_v_ = register_module("to_v", Linear(LinearOptions(context_dim_, inner).bias(false)));
  to_out_ = register_module("to_out", nn::Sequential(Linear(inner, query_dim_), nn::Dropout(dropout_)));
}

at::Tensor CrossAttentionImpl::forward(const at::Tensor& x, const at::Tensor& context_in) {
  const at::Tensor& context = context_in.defined() ? context_in : x;
  const int64_t b = x.size(0), n = x.size(1), m = context.size(1);
  at::Tensor q = to_q_->forward(x).view({b, n, heads_, dim_head_}).transpose(1, 2);        // [B, heads, N, d]
  at::Tensor k = to_k_->forward(context).view({b, m, heads_, dim_head_}).transpose(1, 2);  // [B, heads, M, d]
  at::Tensor v = to_v_->forward(context).view({b, m, heads_, dim_head_}).transpose(1, 2);  // [B, heads, M, d]
  at::Tensor out = attention(q, k, v);                                                    // [B, heads, N, d]
  out = out.transpose(1, 2).reshape({b, n, heads_ * dim_head_});                         // [B, N, heads*d]
  return to_out_->forward(out);
}

}  // namespace ldm
