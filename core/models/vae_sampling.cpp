// ldm.modules.diffusionmodules.model.Upsample / Downsample
#include "core/models/vae_sampling.h"

#include <torch/torch.h>

#include "core/nn/layers.h"

namespace ldm {

VaeUpsampleImpl::VaeUpsampleImpl(int64_t channels, bool with_conv) {
  if (with_conv) {
    conv_ = register_module("conv", Conv2d(Conv2dOptions(channels, channels, 3).padding(1)));
  }
}

at::Tensor VaeUpsampleImpl::forward(const at::Tensor& x) {
  // F.interpolate(scale_factor=2.0, mode="nearest"): source index = floor(dst * 0.5).
  auto h = at::upsample_nearest2d(x, {x.size(2) * 2, x.size(3) * 2}, 2.0, 2.0);
  return conv_ ? conv_(h) : h;
}

VaeDownsampleImpl::VaeDownsampleImpl(int64_t channels, bool with_conv) {
  if (with_conv) {
    // No padding in the conv itself: the pad is asymmetric and done in forward().
    conv_ = register_module("conv", Conv2d(Conv2dOptions(channels, channels, 3).stride(2)));
  }
}

at::Tensor VaeDownsampleImpl::forward(const at::Tensor& x) {
  if (!conv_) return at::avg_pool2d(x, {2, 2}, {2, 2});
  auto h = at::constant_pad_nd(x, {0, 1, 0, 1}, 0);  // (left 0, right 1, top 0, bottom 1)
  return conv_(h);
}

}  // namespace ldm
