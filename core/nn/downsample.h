#pragma once
// ldm.modules.diffusionmodules.openaimodel.Downsample (2-D): stride-2 3x3 conv when use_conv
// (conv_resample), else 2x2 average pooling. Both live under the name "op".
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/pooling.h>
#include <torch/nn/pimpl.h>

#include "core/nn/layers.h"

namespace ldm {

class DownsampleImpl : public torch::nn::Cloneable<DownsampleImpl> {
 public:
  DownsampleImpl(int64_t channels, bool use_conv, int64_t out_channels = -1);
  void reset() override;
  at::Tensor forward(const at::Tensor& x);

 private:
  int64_t channels_, out_channels_;
  bool use_conv_;
  Conv2d conv_{nullptr};
  torch::nn::AvgPool2d pool_{nullptr};
};
TORCH_MODULE(Downsample);

}  // namespace ldm
