#pragma once
// ldm.modules.diffusionmodules.model.AttnBlock, as built by make_attn(in_channels, attn_type):
// "vanilla" = single-head spatial self-attention with 1x1 q/k/v/proj_out convolutions;
// "none" = nn.Identity (no parameters).
#include <torch/nn/module.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <string>

#include "core/nn/layers.h"

namespace ldm {

class VaeAttnBlockImpl : public torch::nn::Module {
 public:
  // attn_type: "vanilla" or "none" ("vanilla-xformers" is accepted as vanilla: same math and keys).
  VaeAttnBlockImpl(int64_t channels, const std::string& attn_type = "vanilla");
  at::Tensor forward(const at::Tensor& x);

 private:
  bool identity_ = false;
  torch::nn::GroupNorm norm_{nullptr};
  Conv2d q_{nullptr}, k_{nullptr}, v_{nullptr}, proj_out_{nullptr};
};
TORCH_MODULE(VaeAttnBlock);

}  // namespace ldm
