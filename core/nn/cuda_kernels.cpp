#include "core/nn/cuda_kernels.h"

#include <torch/torch.h>

#include "core/runtime/runtime.h"

#ifdef LDM_HAVE_CUDA_KERNELS
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>

#include "core/nn/cuda/fused_kernels.h"
#endif

namespace ldm {

namespace {
EnvSwitch& kernels_switch() {
  static EnvSwitch on("LDM_CUDA_KERNELS");
  return on;
}

#ifdef LDM_HAVE_CUDA_KERNELS
bool kernel_dtype(c10::ScalarType t, cuda_kernels::DType* out) {
  switch (t) {
    case at::kFloat: *out = cuda_kernels::DType::f32; return true;
    case at::kHalf: *out = cuda_kernels::DType::f16; return true;
    case at::kBFloat16: *out = cuda_kernels::DType::bf16; return true;
    default: return false;
  }
}

// Whether the kernels may run on x: compiled, switched on, CUDA, no autograd graph to record.
bool kernels_apply(const at::Tensor& x) {
  return kernels_switch().on() && x.defined() && x.is_cuda() &&
         !(at::GradMode::is_enabled() && x.requires_grad());
}

// The layouts the kernels take: NCHW-contiguous (any rank), or channels_last for 4-D tensors.
bool kernel_layout(const at::Tensor& x, bool* channels_last) {
  *channels_last = !x.is_contiguous();
  return !*channels_last || (x.dim() == 4 && x.is_contiguous(at::MemoryFormat::ChannelsLast));
}

// A parameter the kernels can read: undefined, or `count` contiguous values in x's dtype without a gradient.
bool kernel_param_ok(const at::Tensor& p, const at::Tensor& x, int64_t count) {
  if (!p.defined()) return true;
  return p.scalar_type() == x.scalar_type() && p.device() == x.device() && p.numel() == count && p.is_contiguous() &&
         !(at::GradMode::is_enabled() && p.requires_grad());
}
#endif
}  // namespace

bool cuda_kernels_compiled() {
#ifdef LDM_HAVE_CUDA_KERNELS
  return true;
#else
  return false;
#endif
}
void set_cuda_kernels(bool on) { kernels_switch().set(on); }
bool cuda_kernels_enabled() { return cuda_kernels_compiled() && kernels_switch().on(); }

at::Tensor cuda_group_norm(const at::Tensor& x, int64_t groups, const at::Tensor& weight, const at::Tensor& bias,
                           double eps, bool silu, const at::Tensor& pre_add) {
#ifdef LDM_HAVE_CUDA_KERNELS
  cuda_kernels::DType dtype;
  if (!kernels_apply(x) || x.dim() < 3 || !kernel_dtype(x.scalar_type(), &dtype)) return {};
  const int64_t n = x.size(0), c = x.size(1);
  if (groups <= 0 || c % groups != 0 || !kernel_param_ok(weight, x, c) || !kernel_param_ok(bias, x, c)) return {};
  if (!kernel_param_ok(pre_add, x, n * c)) return {};  // [N, C, 1, 1] contiguous, read as [N, C]
  cuda_kernels::GroupNormArgs a;
  if (!kernel_layout(x, &a.channels_last)) return {};
  const c10::cuda::CUDAGuard device_guard(x.device());  // launches go to the current device
  at::Tensor y = at::empty_like(x);                     // keeps x's memory format
  a.x = x.data_ptr();
  a.y = y.data_ptr();
  a.gamma = weight.defined() ? weight.data_ptr() : nullptr;
  a.beta = bias.defined() ? bias.data_ptr() : nullptr;
  a.pre_add = pre_add.defined() ? pre_add.data_ptr() : nullptr;
  a.dtype = dtype;
  a.n = n;
  a.c = c;
  a.hw = x.numel() / std::max<int64_t>(1, n * c);
  a.groups = groups;
  a.eps = static_cast<float>(eps);
  a.silu = silu;
  a.multiprocessors = at::cuda::getDeviceProperties(x.get_device())->multiProcessorCount;
  if (n == 0 || a.hw == 0) return y;
  const size_t bytes = cuda_kernels::group_norm_workspace_bytes(a);
  if (bytes == 0) return {};
  at::Tensor workspace = at::empty({static_cast<int64_t>(bytes)}, x.options().dtype(at::kByte).memory_format(at::MemoryFormat::Contiguous));
  const int err = cuda_kernels::group_norm(a, workspace.data_ptr(), at::cuda::getCurrentCUDAStream().stream());
  TORCH_CHECK(err == 0, "GroupNorm CUDA kernel failed to launch (cudaError ", err, ")");
  return y;
#else
  (void)x, (void)groups, (void)weight, (void)bias, (void)eps, (void)silu, (void)pre_add;
  return {};
#endif
}

at::Tensor cuda_geglu(const at::Tensor& h) {
#ifdef LDM_HAVE_CUDA_KERNELS
  cuda_kernels::DType dtype;
  if (!kernels_apply(h) || h.dim() < 1 || !h.is_contiguous() || h.size(-1) % 2 != 0 || !kernel_dtype(h.scalar_type(), &dtype))
    return {};
  const c10::cuda::CUDAGuard device_guard(h.device());
  const int64_t d = h.size(-1) / 2;
  std::vector<int64_t> shape = h.sizes().vec();
  shape.back() = d;
  at::Tensor out = at::empty(shape, h.options());
  const int64_t rows = d == 0 ? 0 : h.numel() / (2 * d);
  const int err = cuda_kernels::geglu(h.data_ptr(), out.data_ptr(), dtype, rows, d, at::cuda::getCurrentCUDAStream().stream());
  TORCH_CHECK(err == 0, "GEGLU CUDA kernel failed to launch (cudaError ", err, ")");
  return out;
#else
  (void)h;
  return {};
#endif
}

bool cuda_add_channel_bias_(at::Tensor& y, const at::Tensor& bias) {
#ifdef LDM_HAVE_CUDA_KERNELS
  cuda_kernels::DType dtype;
  if (!kernels_apply(y) || y.dim() != 4 || !kernel_dtype(y.scalar_type(), &dtype) || !kernel_param_ok(bias, y, y.size(1)))
    return false;
  bool channels_last = false;
  if (!kernel_layout(y, &channels_last)) return false;
  const c10::cuda::CUDAGuard device_guard(y.device());
  const int err = cuda_kernels::add_channel_bias(y.data_ptr(), bias.data_ptr(), dtype, y.size(0), y.size(1),
                                                 y.size(2) * y.size(3), channels_last,
                                                 at::cuda::getCurrentCUDAStream().stream());
  TORCH_CHECK(err == 0, "bias CUDA kernel failed to launch (cudaError ", err, ")");
  return true;
#else
  (void)y, (void)bias;
  return false;
#endif
}

}  // namespace ldm
