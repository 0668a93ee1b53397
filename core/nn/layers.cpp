#include "core/nn/layers.h"

#include <torch/torch.h>

#include <cmath>

#include "core/nn/cuda_kernels.h"

namespace ldm {

namespace {

thread_local bool skip_init = false;

// torch.nn's reset_parameters for Conv2d and Linear (LibTorch 1.13 and 2.x alike): Kaiming-uniform
// weight with a = sqrt(5), then the bias uniform in +-1/sqrt(fan_in).
void init_like_torch(at::Tensor& weight, at::Tensor& bias) {
  torch::NoGradGuard no_grad;
  torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    const int64_t fan_in = std::get<0>(torch::nn::init::_calculate_fan_in_and_fan_out(weight));
    const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
    torch::nn::init::uniform_(bias, -bound, bound);
  }
}

}  // namespace

SkipParameterInit::SkipParameterInit() : previous_(skip_init) { skip_init = true; }
SkipParameterInit::~SkipParameterInit() { skip_init = previous_; }
bool SkipParameterInit::active() { return skip_init; }

Conv2dImpl::Conv2dImpl(const Conv2dOptions& options_in) : options(options_in) { reset(); }

void Conv2dImpl::reset() {
  const auto& o = options;
  weight = register_parameter("weight", torch::empty({o.out_channels_, o.in_channels_, o.kernel_size_, o.kernel_size_}));
  bias = o.bias_ ? register_parameter("bias", torch::empty({o.out_channels_})) : at::Tensor();
  if (!skip_init) init_like_torch(weight, bias);
}

at::Tensor Conv2dImpl::forward(const at::Tensor& x) {
  if (bias.defined() && x.is_cuda() && !at::GradMode::is_enabled() && cuda_kernels_enabled()) {
    // LibTorch's cuDNN path adds the bias after the convolution too, with a slower broadcast kernel; the
    // same float sum rounded once.
    at::Tensor y = at::conv2d(x, weight, {}, {options.stride_, options.stride_}, {options.padding_, options.padding_});
    if (cuda_add_channel_bias_(y, bias)) return y;
    return y.add_(bias.view({1, -1, 1, 1}));
  }
  return at::conv2d(x, weight, bias, {options.stride_, options.stride_}, {options.padding_, options.padding_});
}

LinearImpl::LinearImpl(const LinearOptions& options_in) : options(options_in) { reset(); }

void LinearImpl::reset() {
  weight = register_parameter("weight", torch::empty({options.out_features_, options.in_features_}));
  bias = options.bias_ ? register_parameter("bias", torch::empty({options.out_features_})) : at::Tensor();
  if (!skip_init) init_like_torch(weight, bias);
}

// ATen's linear, which Python's torch.nn.functional.linear (the reference code) also calls: for a contiguous
// 3-D input it folds the bias into one addmm. LibTorch 1.13's torch::nn::Linear adds it after the matmul
// instead, which rounds differently in the last bit.
at::Tensor LinearImpl::forward(const at::Tensor& x) { return at::linear(x, weight, bias); }

}  // namespace ldm
