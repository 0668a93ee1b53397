#pragma once
// Engine: the torch-free facade the GUI worker and the CLI drive. One Engine owns the loaded
// models (cached by path + config + device + precision). Not thread-safe: use it from one thread
// (the GUI's EngineWorker thread). Implemented in core/pipelines/engine.cpp.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/api/generation_request.h"
#include "core/api/image.h"
#include "core/api/model_info.h"

namespace ldm {

struct StepInfo {
  int step = 0;            // 1-based step just finished
  int total = 0;
  double its_per_sec = 0;  // sampler steps per second so far
  double eta_seconds = 0;
  // With RunOptions::previews: the step's predicted picture (first image of the batch) at the output
  // size, or empty on a step without one. One kind per run: decoded by the model's own decoder where a
  // decode is quick (then every few steps, so that previews take at most a quarter of the time; always
  // on the last step), else the latent projected to RGB (core/pipelines/latent_preview.h) and upsampled
  // bilinearly, every step.
  Image preview;
  bool decoded_preview = false;
};

using StepCallback = std::function<void(const StepInfo&)>;

// How much of a model stays in memory while it runs (LatentDiffusion::load's low_memory). The pictures
// are the same bit for bit in every mode.
enum class MemoryUse {
  Auto,  // Low when the weights, in the run's precision, would take more than 40% of the memory
         // available when the model loads (MemAvailable); Keep otherwise, and always on CUDA
  Keep,  // every part stays loaded: the quickest for repeated generations
  Low,   // the UNet and the other parts (text encoder, autoencoder) take turns; previews are projected,
         // not decoded. SD 1.5 in fp32 at 512x512: 3.86 GiB peak instead of 5.50 GiB (docs/benchmarks.md)
};
// "auto", "keep" or "low"; false for anything else.
bool parse_memory_use(const std::string& name, MemoryUse* out);
// MemoryUse::Auto's choice for a model of `parameters` weights run in `precision` on `device`, with
// `available_bytes` of memory available (MemAvailable; 0 = unknown): true (Low) on the CPU when the
// weights would take more than 40% of it; false (Keep) otherwise, and always on CUDA.
bool auto_chooses_low_memory(int64_t parameters, const std::string& precision, const std::string& device,
                             long long available_bytes);

struct RunOptions {
  StepCallback on_step;                       // after every sampler step (progress)
  bool previews = false;                      // fill StepInfo::preview (costs a projection or a decode)
  const std::atomic<bool>* cancel = nullptr;  // checked while loading, every step and while decoding
  MemoryUse memory = MemoryUse::Auto;
};

struct GenerationResult {
  std::vector<Image> images;   // the batch, or the one image of request.batch_index
  GenerationRequest request;   // as run: seed, size, sampler settings and model path resolved
  ModelInfo model;             // the model that ran
  double seconds = 0;
  bool low_memory = false;     // the parts took turns (MemoryUse::Low, chosen or picked by Auto)
  std::vector<std::string> warnings;  // e.g. prompt truncated, size rounded
};

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs one request: settings it leaves open follow the model (apply_model_defaults), then the
  // whole request is checked before any work. Throws ldm::Error (one-line message, with an ErrorCode
  // for front ends) on bad input or when memory runs out, Cancelled when options.cancel becomes true.
  GenerationResult run(const GenerationRequest& request, const RunOptions& options = {});
  void unload_all();

 private:
  GenerationResult run_checked(const GenerationRequest& request, const RunOptions& options);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ldm
