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

  at::Tensor weight, bias;

 private:
  int64_t num_groups_, num_channels_;
  double eps_;
};
TORCH_MODULE(GroupNorm32);

// normalization(channels) of the reference: 32 groups, eps 1e-5.
inline GroupNorm32 normalization(int64_t channels) { return GroupNorm32(32, channels, 1e-5); }

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
