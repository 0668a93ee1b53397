#include "core/nn/group_norm32.h"

#include <torch/torch.h>

#include <atomic>
#include <cstdlib>
#include <string>

namespace ldm {

namespace {
std::atomic<bool>& cuda_native_norms_flag() {
  static std::atomic<bool> flag{[] {
    const char* env = std::getenv("LDM_CUDA_NATIVE_NORMS");
    return !(env && std::string(env) == "0");
  }()};
  return flag;
}
}  // namespace

void set_cuda_native_norms(bool on) { cuda_native_norms_flag() = on; }
bool cuda_native_norms() { return cuda_native_norms_flag(); }

bool use_cuda_native_norm(const at::Tensor& x, c10::ScalarType param_dtype) {
  return x.is_cuda() && x.scalar_type() != at::kFloat && param_dtype == x.scalar_type() &&
         cuda_native_norms_flag().load(std::memory_order_relaxed);
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
  if ((x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat) ||
      use_cuda_native_norm(x, weight.scalar_type())) {
    return at::group_norm(x, num_groups_, weight, bias, eps_);
  }
  return at::group_norm(x.to(at::kFloat), num_groups_, weight.to(at::kFloat), bias.to(at::kFloat), eps_)
      .to(x.scalar_type());
}

at::Tensor layer_norm32(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, double eps) {
  const int64_t n = x.size(-1);
  if ((x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat) || use_cuda_native_norm(x, weight.scalar_type())) {
    return at::layer_norm(x, {n}, weight, bias, eps);
  }
  return at::layer_norm(x.to(at::kFloat), {n}, weight.to(at::kFloat), bias.to(at::kFloat), eps).to(x.scalar_type());
}

}  // namespace ldm
