#include "core/nn/group_norm32.h"

#include <torch/torch.h>

namespace ldm {

GroupNorm32Impl::GroupNorm32Impl(int64_t num_groups, int64_t num_channels, double eps)
    : num_groups_(num_groups), num_channels_(num_channels), eps_(eps) {
  TORCH_CHECK(num_channels % num_groups == 0, "GroupNorm32: ", num_channels, " channels not divisible by ",
              num_groups, " groups");
  reset();
}

void GroupNorm32Impl::reset() {
  weight = register_parameter("weight", torch::ones({num_channels_}));
  bias = register_parameter("bias", torch::zeros({num_channels_}));
}

at::Tensor GroupNorm32Impl::forward(const at::Tensor& x) {
  if (x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat) {
    return at::group_norm(x, num_groups_, weight, bias, eps_);
  }
  return at::group_norm(x.to(at::kFloat), num_groups_, weight.to(at::kFloat), bias.to(at::kFloat), eps_)
      .to(x.scalar_type());
}

at::Tensor layer_norm32(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, double eps) {
  const int64_t n = x.size(-1);
  if (x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat) {
    return at::layer_norm(x, {n}, weight, bias, eps);
  }
  return at::layer_norm(x.to(at::kFloat), {n}, weight.to(at::kFloat), bias.to(at::kFloat), eps).to(x.scalar_type());
}

}  // namespace ldm
