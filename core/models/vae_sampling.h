#pragma once
// ldm.modules.diffusionmodules.model.Upsample and Downsample (the first-stage versions, not the
// UNet's): Upsample = nearest x2 (+ 3x3 conv); Downsample = pad right/bottom by one zero, then a
// 3x3 stride-2 conv without padding (the reference's asymmetric pad), or 2x2 average pooling.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "core/nn/layers.h"

namespace ldm {

class VaeUpsampleImpl : public torch::nn::Module {
 public:
  VaeUpsampleImpl(int64_t channels, bool with_conv = true);
  at::Tensor forward(const at::Tensor& x);

 private:
  Conv2d conv_{nullptr};
};
TORCH_MODULE(VaeUpsample);

class VaeDownsampleImpl : public torch::nn::Module {
 public:
  VaeDownsampleImpl(int64_t channels, bool with_conv = true);
  at::Tensor forward(const at::Tensor& x);

 private:
  Conv2d conv_{nullptr};
};
TORCH_MODULE(VaeDownsample);

}  // namespace ldm
