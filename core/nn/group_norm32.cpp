#include "core/nn/group_norm32.h"

#include <torch/torch.h>

#include "core/nn/cuda_kernels.h"
#include "core/runtime/runtime.h"

namespace ldm {

namespace {
EnvSwitch& cuda_native_norms_switch() {
  static EnvSwitch on("LDM_CUDA_NATIVE_NORMS");
  return on;
}
}  // namespace

void set_cuda_native_norms(bool on) { cuda_native_norms_switch().set(on); }
bool cuda_native_norms() { return cuda_native_norms_switch().on(); }

bool use_cuda_native_norm(const at::Tensor& x, c10::ScalarType param_dtype) {
  return x.is_cuda() && x.scalar_type() != at::kFloat && param_dtype == x.scalar_type() &&
         cuda_native_norms_switch().on();
}

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
  return group_norm_act(x, num_groups_, weight, bias, eps_);
}

at::Tensor GroupNorm32Impl::forward_act(const at::Tensor& x, bool silu, const at::Tensor& pre_add) {
  return group_norm_act(x, num_groups_, weight, bias, eps_, silu ? NormActivation::silu : NormActivation::none, pre_add);
}

at::Tensor group_norm_act(const at::Tensor& x_in, int64_t groups, const at::Tensor& weight, const at::Tensor& bias,
                          double eps, NormActivation act, const at::Tensor& pre_add) {
  if (at::Tensor fused = cuda_group_norm(x_in, groups, weight, bias, eps, act != NormActivation::none, pre_add);
      fused.defined())
    return fused;
  const at::Tensor x = pre_add.defined() ? x_in + pre_add : x_in;  // in x's dtype, as the reference adds
  const bool native = use_cuda_native_norm(x, weight.scalar_type());
  at::Tensor y;
  if ((x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat) || native) {
    y = at::group_norm(x, groups, weight, bias, eps);
  } else {
    y = at::group_norm(x.to(at::kFloat), groups, weight.to(at::kFloat), bias.to(at::kFloat), eps).to(x.scalar_type());
  }
  switch (act) {
    case NormActivation::none: return y;
    case NormActivation::silu: return at::silu(y);
    case NormActivation::swish: return native ? at::silu(y) : y * at::sigmoid(y);
  }
  return y;
}

at::Tensor layer_norm32(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, double eps) {
  const int64_t n = x.size(-1);
  if ((x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat) || use_cuda_native_norm(x, weight.scalar_type())) {
    return at::layer_norm(x, {n}, weight, bias, eps);
  }
  return at::layer_norm(x.to(at::kFloat), {n}, weight.to(at::kFloat), bias.to(at::kFloat), eps).to(x.scalar_type());
}

}  // namespace ldm
