// The kernels behind core/nn/cuda/fused_kernels.h. Every kernel reads and writes its tensors in the
// activations' dtype and computes in float32, as LibTorch's do; results are deterministic (no atomics:
// partial sums are combined in a fixed order).
//
// GroupNorm in three launches:
//  1. statistics: every block sums (x - pivot) and (x - pivot)^2 over a slice of one or more groups,
//     where pivot is the group's first value (so that the variance does not come from the difference of
//     two large sums when the mean is far from zero); each block writes one partial per group;
//  2. finalize: one warp per (sample, group) adds the partials in order, giving mean and 1/std;
//  3. apply: y = x * scale[c] + shift[c] with scale = gamma * rstd, shift = beta + (add - mean) * scale,
//     then SiLU if asked.
// The slices are sized so that about four blocks per multiprocessor run; vector loads of up to 16 bytes
// where alignment and shapes allow.
#include "core/nn/cuda/fused_kernels.h"

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>

namespace ldm::cuda_kernels {
namespace {

__device__ __forceinline__ float to_f(float v) { return v; }
__device__ __forceinline__ float to_f(__half v) { return __half2float(v); }
__device__ __forceinline__ float to_f(__nv_bfloat16 v) { return __bfloat162float(v); }
template <typename T>
__device__ __forceinline__ T from_f(float v);
template <>
__device__ __forceinline__ float from_f<float>(float v) { return v; }
template <>
__device__ __forceinline__ __half from_f<__half>(float v) { return __float2half_rn(v); }
template <>
__device__ __forceinline__ __nv_bfloat16 from_f<__nv_bfloat16>(float v) { return __float2bfloat16_rn(v); }

template <typename T, int V>
struct alignas(sizeof(T) * V) Pack {
  T v[V];
};
template <typename T, int V>
__device__ __forceinline__ Pack<T, V> load(const T* p) { return *reinterpret_cast<const Pack<T, V>*>(p); }
template <typename T, int V>
__device__ __forceinline__ void store(T* p, const Pack<T, V>& v) { *reinterpret_cast<Pack<T, V>*>(p) = v; }

__device__ __forceinline__ float silu_f(float v) { return v / (1.f + expf(-v)); }

template <typename T>
__device__ __forceinline__ float at_or(const T* p, int64_t i, float fallback) {
  return p ? to_f(p[i]) : fallback;
}

// Sum of a and b over the block, in a fixed order; the result is valid in thread 0. blockDim.x is a
// multiple of 32.
__device__ __forceinline__ void block_sum2(float& a, float& b) {
  __shared__ float sa[32], sb[32];
  for (int o = 16; o > 0; o >>= 1) {
    a += __shfl_down_sync(0xffffffffu, a, o);
    b += __shfl_down_sync(0xffffffffu, b, o);
  }
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  if (lane == 0) {
    sa[warp] = a;
    sb[warp] = b;
  }
  __syncthreads();
  if (warp == 0) {
    const int warps = blockDim.x >> 5;
    a = lane < warps ? sa[lane] : 0.f;
    b = lane < warps ? sb[lane] : 0.f;
    for (int o = 16; o > 0; o >>= 1) {
      a += __shfl_down_sync(0xffffffffu, a, o);
      b += __shfl_down_sync(0xffffffffu, b, o);
    }
  }
}

// ---- NCHW: a group is one contiguous run of cg * hw values. ----
// grid.x = n * groups * slices; block = 256 threads.
template <typename T, int V>
__global__ void gn_stats_nchw(const T* __restrict__ x, const T* __restrict__ pre_add, float2* __restrict__ partials,
                              int64_t c, int64_t hw, int64_t groups, int64_t slice, int64_t slices) {
  const int64_t ng = blockIdx.x / slices, s = blockIdx.x % slices;
  const int64_t n = ng / groups, g = ng % groups, cg = c / groups;
  const int64_t m = cg * hw;
  const T* base = x + ng * m;
  const T* add = pre_add ? pre_add + n * c + g * cg : nullptr;
  const float pivot = to_f(base[0]) + at_or(add, 0, 0.f);
  const int64_t begin = s * slice, end = min(m, begin + slice);
  float sum = 0.f, sq = 0.f;
  for (int64_t i = begin + int64_t(threadIdx.x) * V; i < end; i += int64_t(blockDim.x) * V) {
    const Pack<T, V> p = load<T, V>(base + i);
    const float shift = at_or(add, i / hw, 0.f) - pivot;  // V divides hw: one channel per vector
#pragma unroll
    for (int k = 0; k < V; ++k) {
      const float d = to_f(p.v[k]) + shift;
      sum += d;
      sq += d * d;
    }
  }
  block_sum2(sum, sq);
  if (threadIdx.x == 0) partials[ng * slices + s] = make_float2(sum, sq);
}

// grid = (n * c planes, slices of a plane); block = 256 threads.
template <typename T, int V>
__global__ void gn_apply_nchw(const T* __restrict__ x, const T* __restrict__ pre_add, const T* __restrict__ gamma,
                              const T* __restrict__ beta, const float2* __restrict__ stats, T* __restrict__ y,
                              int64_t c, int64_t hw, int64_t groups, int64_t slice, bool silu) {
  const int64_t plane = blockIdx.x;
  const int64_t n = plane / c, ch = plane % c, g = ch / (c / groups);
  const float2 st = stats[n * groups + g];
  const float scale = st.y * at_or(gamma, ch, 1.f);
  const float shift = at_or(beta, ch, 0.f) + (at_or(pre_add, plane, 0.f) - st.x) * scale;
  const T* xp = x + plane * hw;
  T* yp = y + plane * hw;
  const int64_t begin = int64_t(blockIdx.y) * slice, end = min(hw, begin + slice);
  for (int64_t i = begin + int64_t(threadIdx.x) * V; i < end; i += int64_t(blockDim.x) * V) {
    const Pack<T, V> p = load<T, V>(xp + i);
    Pack<T, V> o;
#pragma unroll
    for (int k = 0; k < V; ++k) {
      float v = to_f(p.v[k]) * scale + shift;
      if (silu) v = silu_f(v);
      o.v[k] = from_f<T>(v);
    }
    store<T, V>(yp + i, o);
  }
}

// ---- channels_last: [n, hw, c]; a thread owns V neighbouring channels of one group. ----
// grid.x = n * slices; block = (c / V) * rows threads, rows >= 1; dynamic shared memory: a float2 a thread.
template <typename T, int V>
__global__ void gn_stats_nhwc(const T* __restrict__ x, const T* __restrict__ pre_add, float2* __restrict__ partials,
                              int64_t c, int64_t hw, int64_t groups, int64_t slice, int64_t slices) {
  extern __shared__ float2 part[];
  const int64_t n = blockIdx.x / slices, s = blockIdx.x % slices;
  const int tpr = int(c / V), rows = int(blockDim.x) / tpr;
  const int r = int(threadIdx.x) / tpr, cv = int(threadIdx.x) % tpr;
  const int64_t cg = c / groups, c0 = int64_t(cv) * V, g = c0 / cg;
  const T* xn = x + n * hw * c;
  const T* add = pre_add ? pre_add + n * c : nullptr;
  const float pivot = to_f(xn[g * cg]) + at_or(add, g * cg, 0.f);
  float shift[V];
#pragma unroll
  for (int k = 0; k < V; ++k) shift[k] = at_or(add, c0 + k, 0.f) - pivot;
  const int64_t begin = s * slice, end = min(hw, begin + slice);
  float sum = 0.f, sq = 0.f;
  for (int64_t row = begin + r; row < end; row += rows) {
    const Pack<T, V> p = load<T, V>(xn + row * c + c0);
#pragma unroll
    for (int k = 0; k < V; ++k) {
      const float d = to_f(p.v[k]) + shift[k];
      sum += d;
      sq += d * d;
    }
  }
  part[threadIdx.x] = make_float2(sum, sq);
  __syncthreads();
  const int per_group = int(cg / V);
  for (int64_t gg = threadIdx.x; gg < groups; gg += blockDim.x) {
    float a = 0.f, b = 0.f;
    for (int rr = 0; rr < rows; ++rr)
      for (int j = 0; j < per_group; ++j) {
        const float2 v = part[rr * tpr + gg * per_group + j];
        a += v.x;
        b += v.y;
      }
    partials[(n * slices + s) * groups + gg] = make_float2(a, b);
  }
}

template <typename T, int V>
__global__ void gn_apply_nhwc(const T* __restrict__ x, const T* __restrict__ pre_add, const T* __restrict__ gamma,
                              const T* __restrict__ beta, const float2* __restrict__ stats, T* __restrict__ y,
                              int64_t c, int64_t hw, int64_t groups, int64_t slice, int64_t slices, bool silu) {
  const int64_t n = blockIdx.x / slices, s = blockIdx.x % slices;
  const int tpr = int(c / V), rows = int(blockDim.x) / tpr;
  const int r = int(threadIdx.x) / tpr, cv = int(threadIdx.x) % tpr;
  const int64_t cg = c / groups, c0 = int64_t(cv) * V;
  float scale[V], shift[V];
#pragma unroll
  for (int k = 0; k < V; ++k) {
    const int64_t ch = c0 + k;
    const float2 st = stats[n * groups + ch / cg];
    scale[k] = st.y * at_or(gamma, ch, 1.f);
    shift[k] = at_or(beta, ch, 0.f) + (at_or(pre_add, n * c + ch, 0.f) - st.x) * scale[k];
  }
  const T* xn = x + n * hw * c;
  T* yn = y + n * hw * c;
  const int64_t begin = s * slice, end = min(hw, begin + slice);
  for (int64_t row = begin + r; row < end; row += rows) {
    const Pack<T, V> p = load<T, V>(xn + row * c + c0);
    Pack<T, V> o;
#pragma unroll
    for (int k = 0; k < V; ++k) {
      float v = to_f(p.v[k]) * scale[k] + shift[k];
      if (silu) v = silu_f(v);
      o.v[k] = from_f<T>(v);
    }
    store<T, V>(yn + row * c + c0, o);
  }
}

// One warp per (sample, group): partial s of (n, g) is partials[base + s * stride].
template <typename T>
__global__ void gn_finalize(const T* __restrict__ x, const T* __restrict__ pre_add, const float2* __restrict__ partials,
                            float2* __restrict__ stats, int64_t c, int64_t hw, int64_t groups, int64_t slices,
                            bool channels_last, float eps) {
  const int64_t ng = blockIdx.x, n = ng / groups, g = ng % groups, cg = c / groups;
  const int64_t base = channels_last ? n * slices * groups + g : ng * slices;
  const int64_t stride = channels_last ? groups : 1;
  float a = 0.f, b = 0.f;
  for (int64_t s = threadIdx.x; s < slices; s += 32) {
    const float2 v = partials[base + s * stride];
    a += v.x;
    b += v.y;
  }
  for (int o = 16; o > 0; o >>= 1) {
    a += __shfl_down_sync(0xffffffffu, a, o);
    b += __shfl_down_sync(0xffffffffu, b, o);
  }
  if (threadIdx.x == 0) {
    const T* first = channels_last ? x + n * hw * c + g * cg : x + ng * cg * hw;
    const float pivot = to_f(*first) + at_or(pre_add, n * c + g * cg, 0.f);
    const float count = float(cg * hw);
    const float mean = a / count;
    const float var = fmaxf(b / count - mean * mean, 0.f);
    stats[ng] = make_float2(pivot + mean, rsqrtf(var + eps));
  }
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t round_up(int64_t a, int64_t b) { return ceil_div(a, b) * b; }

size_t dtype_size(DType t) { return t == DType::f32 ? 4 : 2; }

bool aligned(const void* p, size_t bytes) { return p == nullptr || reinterpret_cast<uintptr_t>(p) % bytes == 0; }

// How a GroupNorm call is cut into blocks. vec == 0: not supported.
struct Plan {
  int vec = 0;
  int threads = 256;
  int64_t slice = 0, slices = 0;              // statistics (NCHW: values; channels_last: rows)
  int64_t apply_slice = 0, apply_slices = 0;  // apply (NCHW: values of a plane; channels_last: as statistics)
  int64_t partial_count = 0;
};

Plan plan_for(const GroupNormArgs& a) {
  Plan p;
  if (a.n <= 0 || a.c <= 0 || a.hw <= 0 || a.groups <= 0 || a.c % a.groups != 0) return p;
  const int64_t cg = a.c / a.groups;
  const size_t es = dtype_size(a.dtype);
  const int64_t target_blocks = int64_t(std::max(1, a.multiprocessors)) * 4;
  // The widest vector (at most 16 bytes) that the shapes and every pointer allow.
  for (int v : {8, 4, 2, 1}) {
    if (size_t(v) * es > 16) continue;
    const bool shapes = a.channels_last ? cg % v == 0 : a.hw % v == 0;
    const size_t bytes = size_t(v) * es;
    if (shapes && aligned(a.x, bytes) && aligned(a.y, bytes)) {
      p.vec = v;
      break;
    }
  }
  if (p.vec == 0) return p;
  if (!a.channels_last) {
    const int64_t m = cg * a.hw;
    const int64_t per_block_min = int64_t(p.threads) * p.vec * 4;
    int64_t slices = std::max<int64_t>(1, std::min(ceil_div(target_blocks, a.n * a.groups), ceil_div(m, per_block_min)));
    p.slice = round_up(ceil_div(m, slices), p.vec);
    p.slices = ceil_div(m, p.slice);
    int64_t apply_slices =
        std::max<int64_t>(1, std::min(ceil_div(target_blocks, a.n * a.c), ceil_div(a.hw, int64_t(p.threads) * p.vec * 2)));
    apply_slices = std::min<int64_t>(apply_slices, 65535);
    p.apply_slice = round_up(ceil_div(a.hw, apply_slices), p.vec);
    p.apply_slices = ceil_div(a.hw, p.apply_slice);
    p.partial_count = a.n * a.groups * p.slices;
  } else {
    const int64_t tpr = a.c / p.vec;
    if (tpr > 1024) return Plan{};
    const int64_t rows = std::max<int64_t>(1, 256 / tpr);
    p.threads = int(tpr * rows);
    int64_t slices = std::max<int64_t>(1, std::min(ceil_div(target_blocks, a.n), ceil_div(a.hw, rows * 4)));
    p.slice = ceil_div(a.hw, slices);
    p.slices = ceil_div(a.hw, p.slice);
    p.apply_slice = p.slice;
    p.apply_slices = p.slices;
    p.partial_count = a.n * p.slices * a.groups;
  }
  return p;
}

template <typename T, int V>
int launch_group_norm(const GroupNormArgs& a, const Plan& p, void* workspace, cudaStream_t stream) {
  const T* x = static_cast<const T*>(a.x);
  const T* add = static_cast<const T*>(a.pre_add);
  const T* gamma = static_cast<const T*>(a.gamma);
  const T* beta = static_cast<const T*>(a.beta);
  T* y = static_cast<T*>(a.y);
  float2* stats = static_cast<float2*>(workspace);
  float2* partials = stats + a.n * a.groups;
  if (!a.channels_last) {
    gn_stats_nchw<T, V><<<unsigned(a.n * a.groups * p.slices), p.threads, 0, stream>>>(x, add, partials, a.c, a.hw,
                                                                                      a.groups, p.slice, p.slices);
  } else {
    gn_stats_nhwc<T, V><<<unsigned(a.n * p.slices), p.threads, p.threads * sizeof(float2), stream>>>(
        x, add, partials, a.c, a.hw, a.groups, p.slice, p.slices);
  }
  gn_finalize<T><<<unsigned(a.n * a.groups), 32, 0, stream>>>(x, add, partials, stats, a.c, a.hw, a.groups, p.slices,
                                                               a.channels_last, a.eps);
  if (!a.channels_last) {
    const dim3 grid(unsigned(a.n * a.c), unsigned(p.apply_slices));
    gn_apply_nchw<T, V><<<grid, p.threads, 0, stream>>>(x, add, gamma, beta, stats, y, a.c, a.hw, a.groups,
                                                        p.apply_slice, a.silu);
  } else {
    gn_apply_nhwc<T, V><<<unsigned(a.n * p.apply_slices), p.threads, 0, stream>>>(
        x, add, gamma, beta, stats, y, a.c, a.hw, a.groups, p.apply_slice, p.apply_slices, a.silu);
  }
  return int(cudaGetLastError());
}

template <typename T>
int dispatch_vec(const GroupNormArgs& a, const Plan& p, void* ws, cudaStream_t s) {
  switch (p.vec) {
    case 8: return launch_group_norm<T, 8>(a, p, ws, s);
    case 4: return launch_group_norm<T, 4>(a, p, ws, s);
    case 2: return launch_group_norm<T, 2>(a, p, ws, s);
    default: return launch_group_norm<T, 1>(a, p, ws, s);
  }
}

// ---- GEGLU ----
template <typename T, int V>
__global__ void geglu_kernel(const T* __restrict__ h, T* __restrict__ out, int64_t rows, int64_t d) {
  const int64_t vectors_per_row = d / V, total = rows * vectors_per_row;
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += int64_t(gridDim.x) * blockDim.x) {
    const int64_t r = i / vectors_per_row, j = (i % vectors_per_row) * V;
    const Pack<T, V> a = load<T, V>(h + r * 2 * d + j);
    const Pack<T, V> b = load<T, V>(h + r * 2 * d + d + j);
    Pack<T, V> o;
#pragma unroll
    for (int k = 0; k < V; ++k) {
      const float gate = to_f(b.v[k]);
      o.v[k] = from_f<T>(to_f(a.v[k]) * (0.5f * gate * (1.f + erff(gate * 0.70710678118654752f))));
    }
    store<T, V>(out + r * d + j, o);
  }
}

template <typename T>
int launch_geglu(const void* h, void* out, int64_t rows, int64_t d, cudaStream_t stream) {
  int v = 16 / int(sizeof(T));
  while (v > 1 && (d % v != 0 || !aligned(h, v * sizeof(T)) || !aligned(out, v * sizeof(T)))) v /= 2;
  const int64_t total = rows * (d / v);
  const unsigned blocks = unsigned(std::min<int64_t>(ceil_div(total, 256), 65535 * 8));
  auto hp = static_cast<const T*>(h);
  auto op = static_cast<T*>(out);
  switch (v) {
    case 8: geglu_kernel<T, 8><<<blocks, 256, 0, stream>>>(hp, op, rows, d); break;
    case 4: geglu_kernel<T, 4><<<blocks, 256, 0, stream>>>(hp, op, rows, d); break;
    case 2: geglu_kernel<T, 2><<<blocks, 256, 0, stream>>>(hp, op, rows, d); break;
    default: geglu_kernel<T, 1><<<blocks, 256, 0, stream>>>(hp, op, rows, d); break;
  }
  return int(cudaGetLastError());
}

// ---- A convolution's bias, in place ----
// LibTorch adds a cuDNN convolution's bias with a broadcast add that its vectorised kernels do not take
// (1.5 of 7.6 ms of an SD VAE decode on an H200): y[n, c, ...] += bias[c], V values a thread.
template <typename T, int V>
__global__ void channel_bias_kernel(T* __restrict__ y, const T* __restrict__ bias, int64_t vectors, int64_t c, int64_t hw,
                                    bool channels_last) {
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < vectors; i += int64_t(gridDim.x) * blockDim.x) {
    const int64_t e = i * V;
    Pack<T, V> p = load<T, V>(y + e);
    if (channels_last) {
      const int64_t c0 = e % c;  // V divides c: one run of channels
#pragma unroll
      for (int k = 0; k < V; ++k) p.v[k] = from_f<T>(to_f(p.v[k]) + to_f(bias[c0 + k]));
    } else {
      const float b = to_f(bias[(e / hw) % c]);  // V divides hw: one channel
#pragma unroll
      for (int k = 0; k < V; ++k) p.v[k] = from_f<T>(to_f(p.v[k]) + b);
    }
    store<T, V>(y + e, p);
  }
}

template <typename T>
int launch_channel_bias(void* y, const void* bias, int64_t n, int64_t c, int64_t hw, bool channels_last,
                        cudaStream_t stream) {
  int v = 16 / int(sizeof(T));
  while (v > 1 && ((channels_last ? c : hw) % v != 0 || !aligned(y, v * sizeof(T)))) v /= 2;
  const int64_t vectors = n * c * hw / v;
  const unsigned blocks = unsigned(std::min<int64_t>(ceil_div(vectors, 256), 65535 * 8));
  auto yp = static_cast<T*>(y);
  auto bp = static_cast<const T*>(bias);
  switch (v) {
    case 8: channel_bias_kernel<T, 8><<<blocks, 256, 0, stream>>>(yp, bp, vectors, c, hw, channels_last); break;
    case 4: channel_bias_kernel<T, 4><<<blocks, 256, 0, stream>>>(yp, bp, vectors, c, hw, channels_last); break;
    case 2: channel_bias_kernel<T, 2><<<blocks, 256, 0, stream>>>(yp, bp, vectors, c, hw, channels_last); break;
    default: channel_bias_kernel<T, 1><<<blocks, 256, 0, stream>>>(yp, bp, vectors, c, hw, channels_last); break;
  }
  return int(cudaGetLastError());
}

}  // namespace

int add_channel_bias(void* y, const void* bias, DType dtype, int64_t n, int64_t c, int64_t hw, bool channels_last,
                     void* stream) {
  if (n <= 0 || c <= 0 || hw <= 0) return 0;
  auto s = static_cast<cudaStream_t>(stream);
  switch (dtype) {
    case DType::f16: return launch_channel_bias<__half>(y, bias, n, c, hw, channels_last, s);
    case DType::bf16: return launch_channel_bias<__nv_bfloat16>(y, bias, n, c, hw, channels_last, s);
    default: return launch_channel_bias<float>(y, bias, n, c, hw, channels_last, s);
  }
}

size_t group_norm_workspace_bytes(const GroupNormArgs& args) {
  const Plan p = plan_for(args);
  if (p.vec == 0) return 0;
  return size_t(args.n * args.groups + p.partial_count) * sizeof(float2);
}

int group_norm(const GroupNormArgs& args, void* workspace, void* stream) {
  const Plan p = plan_for(args);
  if (p.vec == 0) return int(cudaErrorInvalidValue);
  auto s = static_cast<cudaStream_t>(stream);
  switch (args.dtype) {
    case DType::f16: return dispatch_vec<__half>(args, p, workspace, s);
    case DType::bf16: return dispatch_vec<__nv_bfloat16>(args, p, workspace, s);
    default: return dispatch_vec<float>(args, p, workspace, s);
  }
}

int geglu(const void* h, void* out, DType dtype, int64_t rows, int64_t d, void* stream) {
  if (rows <= 0 || d <= 0) return 0;
  auto s = static_cast<cudaStream_t>(stream);
  switch (dtype) {
    case DType::f16: return launch_geglu<__half>(h, out, rows, d, s);
    case DType::bf16: return launch_geglu<__nv_bfloat16>(h, out, rows, d, s);
    default: return launch_geglu<float>(h, out, rows, d, s);
  }
}

}  // namespace ldm::cuda_kernels
