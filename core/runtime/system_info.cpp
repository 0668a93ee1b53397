#include "core/api/system_info.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "core/nn/cuda_kernels.h"
#include "core/runtime/cuda_graphs.h"

#if __has_include(<cuda_runtime_api.h>) && __has_include(<ATen/cuda/CUDAContext.h>)
#include <ATen/cuda/CUDAContext.h>
#define LDM_HAVE_CUDA_HEADERS 1
#endif

namespace ldm {

namespace {

// The BLAS library this process runs (LibTorch's CPU matmuls): the first one mapped.
std::string mapped_blas() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  for (const char* name : {"libopenblas", "libmkl_rt", "libmkl_core", "libblis", "libblas.so"}) {
    maps.clear();
    maps.seekg(0);
    while (std::getline(maps, line)) {
      const auto slash = line.find('/');
      if (slash != std::string::npos && line.find(name, slash) != std::string::npos) return line.substr(slash);
    }
  }
  return {};
}

}  // namespace

SystemInfo system_info() {
  SystemInfo info;
  info.libtorch_version = TORCH_VERSION;
  info.threads = at::get_num_threads();
  info.interop_threads = at::get_num_interop_threads();
  info.blas = mapped_blas();
  if (const char* core = std::getenv("OPENBLAS_CORETYPE")) info.openblas_coretype = core;
  info.devices.push_back({"cpu", "CPU", 0, {"fp32", "bf16"}, ""});  // fp16 kernels are CUDA-only (engine.cpp)
  if (CudaGraphCache::on_by_default()) info.cuda_fast_paths.push_back("CUDA graphs");
  if (cuda_kernels_enabled()) info.cuda_fast_paths.push_back("our kernels (GroupNorm+SiLU, GEGLU, bias)");
  if (!torch::cuda::is_available()) return info;
  const long runtime = at::detail::getCUDAHooks().versionCUDART();  // e.g. 11070
  if (runtime > 0) info.cuda_version = std::to_string(runtime / 1000) + "." + std::to_string(runtime % 1000 / 10);
  try {
    const long cudnn = at::detail::getCUDAHooks().versionCuDNN();  // e.g. 90100
    if (cudnn > 0) info.cudnn_version = std::to_string(cudnn / 10000) + "." + std::to_string(cudnn % 10000 / 100) + "." +
                                        std::to_string(cudnn % 100);
  } catch (const c10::Error&) {
  }
  // The engine runs on the first CUDA device ("cuda"); the others are listed as "cuda:N".
  const int64_t n = static_cast<int64_t>(torch::cuda::device_count());
  for (int64_t i = 0; i < n; ++i) {
    ComputeDevice gpu{i == 0 ? "cuda" : "cuda:" + std::to_string(i), "CUDA GPU", 0, {"fp32", "fp16", "bf16"}, ""};
#ifdef LDM_HAVE_CUDA_HEADERS
    if (const cudaDeviceProp* p = at::cuda::getDeviceProperties(static_cast<int>(i))) {
      gpu.name = p->name;
      gpu.memory_bytes = static_cast<int64_t>(p->totalGlobalMem);
      gpu.compute_capability = std::to_string(p->major) + "." + std::to_string(p->minor);
      if (p->major < 8) gpu.precisions = {"fp32", "fp16"};  // bf16 needs compute capability 8 (Ampere)
    }
#endif
    (i == 0 ? info.devices : info.other_gpus).push_back(gpu);
  }
  return info;
}

}  // namespace ldm
