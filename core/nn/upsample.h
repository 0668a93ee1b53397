#pragma once
// ldm.modules.diffusionmodules.openaimodel.Upsample (2-D): nearest 2x, then a 3x3 conv "conv"
// when use_conv (conv_resample).
#include <torch/nn/cloneable.h>
#include <torch/nn/pimpl.h>

#include "core/nn/layers.h"

namespace ldm {

class UpsampleImpl : public torch::nn::Cloneable<UpsampleImpl> {
 public:
  UpsampleImpl(int64_t channels, bool use_conv, int64_t out_channels = -1);
  void reset() override;
  at::Tensor forward(const at::Tensor& x);

 private:
  int64_t channels_, out_channels_;
  bool use_conv_;
  Conv2d conv_{nullptr};
};
TORCH_MODULE(Upsample);

}  // namespace ldm
