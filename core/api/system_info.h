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
};

struct SystemInfo {
  std::string libtorch_version;  // "1.13.1"
  std::string cuda_version;      // the CUDA runtime LibTorch was built with; "" without CUDA
  std::vector<ComputeDevice> devices;  // the CPU first
};

SystemInfo system_info();

}  // namespace ldm
