#pragma once
// Our own CUDA kernels for the norms and gates that LibTorch runs slowly (issue #21, docs/benchmarks.md):
//  - GroupNorm, optionally with the add before it and the SiLU after it, for NCHW-contiguous and
//    channels_last activations. LibTorch's CUDA GroupNorm computes each (sample, group)'s statistics in one
//    thread block (32 blocks for a 512x512 VAE activation on a 132-multiprocessor GPU: half of a decode);
//    these split each group over as many blocks as fill the GPU, then normalise in one pass.
//  - GEGLU's gate: out = a * gelu(b) for h = [a | b] along the last dimension, one pass.
//  - a convolution's bias added in place with vector loads (LibTorch's broadcast add is not vectorised).
// Plain C++ interface (raw pointers and a stream): only fused_kernels.cu includes CUDA headers, so that
// file builds without LibTorch's headers and the engine reaches it through core/nn/cuda_fast_paths.h.
// Compiled only when CMake finds nvcc and a CUDA LibTorch (LDM_CUDA_KERNELS).
#include <cstddef>
#include <cstdint>

namespace ldm::cuda_kernels {

enum class DType { f32, f16, bf16 };

struct GroupNormArgs {
  const void* x = nullptr;        // [N, C, HW] contiguous, or [N, HW, C] when channels_last
  void* y = nullptr;              // same shape and layout as x
  const void* gamma = nullptr;    // [C] in x's dtype, or null (1)
  const void* beta = nullptr;     // [C] in x's dtype, or null (0)
  const void* pre_add = nullptr;  // [N, C] in x's dtype added to x before normalising, or null
  DType dtype = DType::f32;
  int64_t n = 0, c = 0, hw = 0;
  int64_t groups = 32;
  float eps = 1e-5f;
  bool channels_last = false;
  bool silu = false;              // y = silu(normalised)
  int multiprocessors = 1;        // blocks are sized to fill this many SMs
};

// Bytes of device scratch memory group_norm needs for these arguments (0: the shapes are not supported,
// the caller uses LibTorch's GroupNorm instead).
size_t group_norm_workspace_bytes(const GroupNormArgs& args);
// Launches the kernels on `stream` (a cudaStream_t). Returns 0, or the cudaError_t of the launch.
int group_norm(const GroupNormArgs& args, void* workspace, void* stream);

// out[r, j] = h[r, j] * gelu(h[r, d + j]) (exact, erf-based gelu) for h [rows, 2d] and out [rows, d], both
// contiguous. Returns 0 or the cudaError_t of the launch.
int geglu(const void* h, void* out, DType dtype, int64_t rows, int64_t d, void* stream);

// y[n, c, ...] += bias[c] in place, for y [n, c, hw] contiguous or [n, hw, c] (channels_last) and bias [c]
// in y's dtype. Returns 0 or the cudaError_t of the launch.
int add_channel_bias(void* y, const void* bias, DType dtype, int64_t n, int64_t c, int64_t hw, bool channels_last,
                     void* stream);

}  // namespace ldm::cuda_kernels
