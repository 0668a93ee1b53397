#include "core/nn/attention_block.h"

#include <torch/torch.h>

#include "core/nn/attention.h"

namespace ldm {

AttentionBlockImpl::AttentionBlockImpl(const AttentionBlockOptions& options_) : options(options_) { reset(); }

void AttentionBlockImpl::reset() {
  const int64_t ch = options.channels;
  if (options.num_head_channels == -1) {
    num_heads_ = options.num_heads;
  } else {
    TORCH_CHECK(ch % options.num_head_channels == 0, "AttentionBlock: ", ch,
                " channels not divisible by num_head_channels ", options.num_head_channels);
    num_heads_ = ch / options.num_head_channels;
  }
  TORCH_CHECK(num_heads_ > 0 && ch % num_heads_ == 0, "AttentionBlock: ", ch, " channels, ", num_heads_, " heads");
  norm_ = register_module("norm", normalization(ch));
  qkv_ = register_module("qkv", torch::nn::Conv1d(torch::nn::Conv1dOptions(ch, 3 * ch, 1)));
  proj_out_ = register_module("proj_out", torch::nn::Conv1d(torch::nn::Conv1dOptions(ch, ch, 1)));
}

at::Tensor AttentionBlockImpl::forward(const at::Tensor& x_in) {
  const int64_t b = x_in.size(0), c = x_in.size(1);
  at::Tensor x = x_in.reshape({b, c, -1});  // [B, C, T]
  const int64_t t = x.size(2);
  const int64_t heads = num_heads_, d = c / heads;
  at::Tensor qkv = qkv_->forward(norm_->forward(x));  // [B, 3C, T]
  at::Tensor q, k, v;
  if (options.use_new_attention_order) {
    // QKVAttention: channels are (qkv, heads, d).
    at::Tensor s = qkv.view({b, 3, heads, d, t});  // [B, 3, heads, d, T]
    q = s.select(1, 0);
    k = s.select(1, 1);
    v = s.select(1, 2);
  } else {
    // QKVAttentionLegacy: channels are (heads, qkv, d).
    at::Tensor s = qkv.view({b, heads, 3, d, t});  // [B, heads, 3, d, T]
    q = s.select(2, 0);
    k = s.select(2, 1);
    v = s.select(2, 2);
  }
  // [B, heads, d, T] -> [B, heads, T, d]
  at::Tensor a = attention(q.transpose(-1, -2), k.transpose(-1, -2), v.transpose(-1, -2));  // [B, heads, T, d]
  at::Tensor h = a.transpose(-1, -2).reshape({b, c, t});  // [B, heads*d, T]
  h = proj_out_->forward(h);
  return (x + h).reshape(x_in.sizes());
}

}  // namespace ldm
