// ldm.modules.diffusionmodules.model.ResnetBlock
#include "core/models/vae_resnet_block.h"

#include <torch/torch.h>

#include "core/nn/group_norm32.h"
#include "core/nn/layers.h"

namespace ldm {

torch::nn::GroupNorm make_vae_norm(int64_t channels) {
  return torch::nn::GroupNorm(torch::nn::GroupNormOptions(32, channels).eps(1e-6).affine(true));
}

at::Tensor vae_group_norm(const torch::nn::GroupNorm& norm, const at::Tensor& x) {
  const auto& o = norm->options;
  if (x.scalar_type() == at::kFloat || use_cuda_native_norm(x, norm->weight.scalar_type()))
    return at::group_norm(x, o.num_groups(), norm->weight, norm->bias, o.eps());
  auto y = at::group_norm(x.to(at::kFloat), o.num_groups(), norm->weight.to(at::kFloat), norm->bias.to(at::kFloat),
                          o.eps());
  return y.to(x.scalar_type());
}

// x * sigmoid(x) as the reference writes it; one fused kernel on the CUDA fast path (group_norm32.h).
at::Tensor vae_swish(const at::Tensor& x) {
  if (use_cuda_native_norm(x, x.scalar_type())) return at::silu(x);
  return x * at::sigmoid(x);
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
  auto h = conv1_(vae_swish(vae_group_norm(norm1_, x)));
  h = conv2_(vae_swish(vae_group_norm(norm2_, h)));
  auto skip = shortcut_ ? shortcut_(x) : x;
  return skip + h;
}

}  // namespace ldm
