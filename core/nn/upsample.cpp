#include "core/nn/upsample.h"

#include <torch/torch.h>

#include "core/nn/layers.h"

namespace ldm {

UpsampleImpl::UpsampleImpl(int64_t channels, bool use_conv, int64_t out_channels)
    : channels_(channels), out_channels_(out_channels > 0 ? out_channels : channels), use_conv_(use_conv) {
  TORCH_CHECK(use_conv || channels_ == out_channels_, "Upsample without conv cannot change channels");
  reset();
}

void UpsampleImpl::reset() {
  if (use_conv_) {
    conv_ = register_module("conv",
                            Conv2d(Conv2dOptions(channels_, out_channels_, 3).padding(1)));
  }
}

at::Tensor UpsampleImpl::forward(const at::Tensor& x) {
  TORCH_CHECK(x.size(1) == channels_, "Upsample: expected ", channels_, " channels, got ", x.size(1));
  at::Tensor h = at::upsample_nearest2d(x, {x.size(2) * 2, x.size(3) * 2});  // [B, C, 2H, 2W]
  return use_conv_ ? conv_->forward(h) : h;
}

}  // namespace ldm
