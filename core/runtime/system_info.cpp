#include "core/api/system_info.h"

#include <torch/torch.h>
#include <torch/version.h>

#if __has_include(<cuda_runtime_api.h>) && __has_include(<ATen/cuda/CUDAContext.h>)
#include <ATen/cuda/CUDAContext.h>
#define LDM_HAVE_CUDA_HEADERS 1
#endif

namespace ldm {

SystemInfo system_info() {
  SystemInfo info;
  info.libtorch_version = TORCH_VERSION;
  info.devices.push_back({"cpu", "CPU", 0, {"fp32", "bf16"}});  // fp16 kernels are CUDA-only (engine.cpp)
  if (!torch::cuda::is_available()) return info;
  const long runtime = at::detail::getCUDAHooks().versionCUDART();  // e.g. 11070
  if (runtime > 0) info.cuda_version = std::to_string(runtime / 1000) + "." + std::to_string(runtime % 1000 / 10);
  // The engine runs on the first CUDA device ("cuda"); that is the one offered.
  ComputeDevice gpu{"cuda", "CUDA GPU", 0, {"fp32", "fp16", "bf16"}};
#ifdef LDM_HAVE_CUDA_HEADERS
  if (const cudaDeviceProp* p = at::cuda::getDeviceProperties(0)) {
    gpu.name = p->name;
    gpu.memory_bytes = static_cast<int64_t>(p->totalGlobalMem);
    if (p->major < 8) gpu.precisions = {"fp32", "fp16"};  // bf16 needs compute capability 8 (Ampere)
  }
#endif
  info.devices.push_back(gpu);
  return info;
}

}  // namespace ldm
