#pragma once
// What this build of LDM Studio and this machine can run: the compute devices with the precisions
// each supports, and the library versions (for the GUI's Device/Precision boxes and its About box).
// The declaration is torch-free; the implementation (core/runtime/system_info.cpp) asks LibTorch, so
// a GUI calls it on its engine thread, never on the GUI thread.
#include <cstdint>
#include <string>
#include <vector>

namespace ldm {

struct ComputeDevice {
  std::string id;                       // what GenerationRequest::device takes: "cpu", "cuda"
  std::string name;                     // "CPU", or the GPU's name
  int64_t memory_bytes = 0;             // the GPU's memory; 0 for the CPU
  std::vector<std::string> precisions;  // what GenerationRequest::precision takes on it, fp32 first
  std::string compute_capability;       // "9.0"; "" for the CPU
};

struct SystemInfo {
  std::string libtorch_version;  // "1.13.1"
  std::string cuda_version;      // the CUDA runtime LibTorch was built with; "" without CUDA
  std::string cudnn_version;     // "" without cuDNN
  std::vector<ComputeDevice> devices;  // the CPU first, then the GPU the engine runs on ("cuda", the first)
  std::vector<ComputeDevice> other_gpus;  // further GPUs ("cuda:1", ...): listed, not yet usable
  int threads = 0;               // LibTorch's intra-op threads (LDM_THREADS / the cores)
  int interop_threads = 0;
  std::string blas;              // the BLAS library mapped into the process (path), "" when none is found
  std::string openblas_coretype; // OPENBLAS_CORETYPE as set by the runtime setup, "" when unset
  // The CUDA fast paths this build has and the environment leaves on ("CUDA graphs", "our kernels");
  // empty in a CPU-only build.
  std::vector<std::string> cuda_fast_paths;
};

SystemInfo system_info();

}  // namespace ldm
