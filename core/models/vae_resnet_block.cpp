// ldm.modules.diffusionmodules.model.ResnetBlock
#include "core/models/vae_resnet_block.h"

#include <torch/torch.h>

#include "core/nn/group_norm32.h"
#include "core/nn/layers.h"

namespace ldm {

torch::nn::GroupNorm make_vae_norm(int64_t channels) {
  return torch::nn::GroupNorm(torch::nn::GroupNormOptions(32, channels).eps(1e-6).affine(true));
}

at::Tensor vae_group_norm(const torch::nn::GroupNorm& norm, const at::Tensor& x, bool swish) {
  const auto& o = norm->options;
  return group_norm_act(x, o.num_groups(), norm->weight, norm->bias, o.eps(),
                        swish ? NormActivation::swish : NormActivation::none);
}

VaeResnetBlockImpl::VaeResnetBlockImpl(int64_t in_channels, int64_t out_channels, bool conv_shortcut)
    : in_channels_(in_channels), out_channels_(out_channels) {
  norm1_ = register_module("norm1", make_vae_norm(in_channels));
  conv1_ = register_module("conv1", Conv2d(Conv2dOptions(in_channels, out_channels, 3).padding(1)));
  norm2_ = register_module("norm2", make_vae_norm(out_channels));
  conv2_ = register_module("conv2", Conv2d(Conv2dOptions(out_channels, out_channels, 3).padding(1)));
  if (in_channels != out_channels) {
    if (conv_shortcut) {
      shortcut_ = register_module("conv_shortcut",
                                  Conv2d(Conv2dOptions(in_channels, out_channels, 3).padding(1)));
    } else {
      shortcut_ = register_module("nin_shortcut", Conv2d(Conv2dOptions(in_channels, out_channels, 1)));
    }
  }
}

at::Tensor VaeResnetBlockImpl::forward(const at::Tensor& x) {
  auto h = conv1_(vae_group_norm(norm1_, x, /*swish=*/true));
  h = conv2_(vae_group_norm(norm2_, h, /*swish=*/true));
  auto skip = shortcut_ ? shortcut_(x) : x;
  return skip + h;
}

}  // namespace ldm
