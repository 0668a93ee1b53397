#pragma once
// ldm.modules.diffusionmodules.util.GroupNorm32 (and the GroupNorm of attention.Normalize, eps 1e-6):
// GroupNorm that computes in float32 and returns the input dtype, so fp16/bf16 models normalise
// in full precision.
#include <torch/nn/cloneable.h>
#include <torch/nn/pimpl.h>

namespace ldm {

class GroupNorm32Impl : public torch::nn::Cloneable<GroupNorm32Impl> {
 public:
  GroupNorm32Impl(int64_t num_groups, int64_t num_channels, double eps = 1e-5);
  void reset() override;
  at::Tensor forward(const at::Tensor& x);
  // silu(GroupNorm(x + pre_add)) when `silu` (pre_add [N, C, 1, 1] or undefined): one kernel pass on
  // CUDA (core/nn/cuda_kernels.h), the separate operations elsewhere.
  at::Tensor forward_act(const at::Tensor& x, bool silu, const at::Tensor& pre_add = {});

  at::Tensor weight, bias;

 private:
  int64_t num_groups_, num_channels_;
  double eps_;
};
TORCH_MODULE(GroupNorm32);

// normalization(channels) of the reference: 32 groups, eps 1e-5.
inline GroupNorm32 normalization(int64_t channels) { return GroupNorm32(32, channels, 1e-5); }

// The activation after a GroupNorm: none; SiLU (torch.nn.SiLU); swish, x * sigmoid(x) as the VAE writes
// it (the same function; computed as the reference does where it is not fused).
enum class NormActivation { none, silu, swish };

// act(group_norm(x + pre_add)) with x's dtype kept: our fused CUDA kernel where it applies
// (core/nn/cuda_kernels.h), else LibTorch's GroupNorm in float32 (or, on the CUDA fast path below, in the
// activations' dtype) followed by the activation. pre_add: [N, C, 1, 1] (broadcast over the
// positions of x) or undefined.
at::Tensor group_norm_act(const at::Tensor& x, int64_t groups, const at::Tensor& weight, const at::Tensor& bias,
                          double eps, NormActivation act = NormActivation::none, const at::Tensor& pre_add = {});

// LayerNorm over the last dimension, computed in float32 and returned in the input dtype.
at::Tensor layer_norm32(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, double eps = 1e-5);

// CUDA half-precision fast path for the norms above, the VAE's GroupNorm and its swish: LibTorch's CUDA
// kernels for fp16/bf16 already compute in float32 and round once, so the explicit upcast (two
// more kernels and float32 copies of the activations) is left out there. On by default;
// LDM_CUDA_NATIVE_NORMS=0 in the environment (or set_cuda_native_norms(false)) keeps the upcast. The
// CPU always upcasts. ldm bench times and compares both.
void set_cuda_native_norms(bool on);
bool cuda_native_norms();
// Whether x (with parameters of `param_dtype`) takes that fast path.
bool use_cuda_native_norm(const at::Tensor& x, c10::ScalarType param_dtype);

}  // namespace ldm
