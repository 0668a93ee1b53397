#pragma once
// Tensor-level entry to our own CUDA kernels (core/nn/cuda/fused_kernels.cu): GroupNorm with the add
// before it and the SiLU after it in one pass over the activations, for NCHW and channels_last, and
// GEGLU's gate, and a convolution's bias. Compiled when CMake finds nvcc and a CUDA LibTorch (option LDM_CUDA_KERNELS); on by
// default there, LDM_CUDA_KERNELS=0 in the environment (or set_cuda_kernels(false)) runs LibTorch's
// kernels instead. Each function returns an undefined tensor when it does not apply (not compiled,
// switched off, a CPU tensor, a dtype or layout the kernels do not take, or autograd recording), and
// the caller then computes the same thing with LibTorch; ldm_gpu_check compares the two.
#include <ATen/core/Tensor.h>

namespace ldm {

bool cuda_kernels_compiled();
void set_cuda_kernels(bool on);
bool cuda_kernels_enabled();

// silu(group_norm(x + pre_add[:, :, None, None]) * weight + bias) (the SiLU when `silu`; pre_add
// [N, C, 1, 1] or undefined).
at::Tensor cuda_group_norm(const at::Tensor& x, int64_t groups, const at::Tensor& weight, const at::Tensor& bias,
                           double eps, bool silu, const at::Tensor& pre_add = {});
// h[..., :d] * gelu(h[..., d:]) for h [..., 2d].
at::Tensor cuda_geglu(const at::Tensor& h);
// y += bias[None, :, None, None] in place (y 4-D, NCHW or channels_last); false when it does not apply.
bool cuda_add_channel_bias_(at::Tensor& y, const at::Tensor& bias);

}  // namespace ldm
