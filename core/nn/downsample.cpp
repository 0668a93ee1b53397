#include "core/nn/downsample.h"

#include <torch/torch.h>

#include "core/nn/layers.h"

namespace ldm {

DownsampleImpl::DownsampleImpl(int64_t channels, bool use_conv, int64_t out_channels)
    : channels_(channels), out_channels_(out_channels > 0 ? out_channels : channels), use_conv_(use_conv) {
  TORCH_CHECK(use_conv || channels_ == out_channels_, "Downsample without conv cannot change channels");
  reset();
}

void DownsampleImpl::reset() {
  if (use_conv_) {
    conv_ = register_module(
        "op", Conv2d(Conv2dOptions(channels_, out_channels_, 3).stride(2).padding(1)));
  } else {
    pool_ = register_module("op", torch::nn::AvgPool2d(torch::nn::AvgPool2dOptions(2).stride(2)));
  }
}

at::Tensor DownsampleImpl::forward(const at::Tensor& x) {
  TORCH_CHECK(x.size(1) == channels_, "Downsample: expected ", channels_, " channels, got ", x.size(1));
  return use_conv_ ? conv_->forward(x) : pool_->forward(x);
}

}  // namespace ldm
