#pragma once
// ldm.modules.diffusionmodules.model.ResnetBlock (temb_channels=0, as the first-stage Encoder/Decoder
// use it) and Normalize (GroupNorm(32, eps 1e-6, affine)).
#include <torch/nn/module.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include "core/nn/layers.h"

namespace ldm {

// Normalize(in_channels): GroupNorm(32 groups, eps 1e-6, affine).
torch::nn::GroupNorm make_vae_norm(int64_t channels);
// The norm, then nonlinearity(x) = x * sigmoid(x) when `swish`, with statistics in float32 whatever the
// activation dtype (fp16/bf16 sums over large feature maps lose too much) and the input dtype kept:
// group_norm_act of core/nn/group_norm32.h (one fused kernel on CUDA).
at::Tensor vae_group_norm(const torch::nn::GroupNorm& norm, const at::Tensor& x, bool swish = false);

class VaeResnetBlockImpl : public torch::nn::Module {
 public:
  // conv_shortcut=true selects a 3x3 `conv_shortcut` instead of the 1x1 `nin_shortcut` (the
  // autoencoders never use it, but the reference class has it).
  VaeResnetBlockImpl(int64_t in_channels, int64_t out_channels, bool conv_shortcut = false);
  at::Tensor forward(const at::Tensor& x);

  int64_t in_channels() const { return in_channels_; }
  int64_t out_channels() const { return out_channels_; }

 private:
  int64_t in_channels_, out_channels_;
  torch::nn::GroupNorm norm1_{nullptr}, norm2_{nullptr};
  Conv2d conv1_{nullptr}, conv2_{nullptr};
  // dropout (p = 0 at inference) has no parameters and no key; it is not modelled.
  Conv2d shortcut_{nullptr};  // "nin_shortcut" or "conv_shortcut" when in != out
};
TORCH_MODULE(VaeResnetBlock);

}  // namespace ldm
