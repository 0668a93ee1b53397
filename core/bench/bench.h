#pragma once
// Benchmarks behind `ldm bench`: BLAS matmul and convolution; with a model architecture (a published
// one, or any CompVis config.yaml, built with random weights) the text encoder, one UNet call as a
// sampler step makes it, the VAE decode, optionally a whole picture, and the peak memory of the timed
// part. Results are JSON so scripts can compare runs.
#include <nlohmann/json.hpp>

#include <string>

namespace ldm {

struct BenchOptions {
  std::string arch;         // sd15 | sd21: full-size architecture with random weights
  std::string config;       // or a CompVis config.yaml (the zoo's, a fine-tune's); neither = kernels only
  std::string device = "cpu";
  std::string precision = "fp32";
  int width = 0, height = 0;  // 0 = the model's native size
  int batch = 1;
  int repeats = 5;
  int steps = 0;            // > 0: also a whole txt2img picture of that many DDIM steps (text models)
  // With an arch: also write the random-weight model as one CompVis-format .safetensors file, so that
  // another engine (stable-diffusion.cpp, the reference code) can be timed on the same architecture.
  std::string save_weights;
  // With an arch or config: also write Chrome traces (LibTorch's profiler, CPU and CUDA kernels) of
  // two UNet calls (without CUDA graphs, whose kernels the profiler may not list) to PREFIX-unet.json
  // and of one VAE decode to PREFIX-vae.json.
  std::string trace;
};

// Runs the benchmarks; each entry has the median and min milliseconds over `repeats`.
nlohmann::json run_benchmarks(const BenchOptions& options);

// Facts about the runtime: LibTorch version, threads, BLAS core type, CUDA devices.
nlohmann::json runtime_report();

}  // namespace ldm
