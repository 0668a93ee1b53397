#pragma once
// ldm.modules.diffusionmodules.openaimodel.AttentionBlock: spatial self-attention with a fused
// 1x1 Conv1d qkv projection. The split of qkv into heads follows QKVAttentionLegacy (heads
// first, then q/k/v) or QKVAttention (q/k/v first, then heads; use_new_attention_order); both
// are parameter-free and implemented in split_qkv() below.
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include "core/nn/group_norm32.h"

namespace ldm {

struct AttentionBlockOptions {
  int64_t channels = 0;
  int64_t num_heads = 1;
  int64_t num_head_channels = -1;  // when set, heads = channels / num_head_channels
  bool use_new_attention_order = false;
};

class AttentionBlockImpl : public torch::nn::Cloneable<AttentionBlockImpl> {
 public:
  explicit AttentionBlockImpl(const AttentionBlockOptions& options);
  void reset() override;
  at::Tensor forward(const at::Tensor& x);  // [B, C, H, W] -> same
  int64_t num_heads() const { return num_heads_; }

  AttentionBlockOptions options;

 private:
  int64_t num_heads_ = 1;
  GroupNorm32 norm_{nullptr};
  torch::nn::Conv1d qkv_{nullptr};
  torch::nn::Conv1d proj_out_{nullptr};
};
TORCH_MODULE(AttentionBlock);

}  // namespace ldm
