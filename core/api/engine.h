#pragma once
// Engine: the torch-free facade the GUI worker and the CLI drive. One Engine owns the loaded
// models (cached by path + device + precision). Not thread-safe: use it from one thread
// (the GUI's EngineWorker thread). Implemented in core/pipelines/engine.cpp.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/api/generation_request.h"
#include "core/api/image.h"

namespace ldm {

struct StepInfo {
  int step = 0;            // 1-based step just finished
  int total = 0;
  double its_per_sec = 0;  // sampler steps per second so far
  double eta_seconds = 0;
  Image preview;           // cheap projection every step; a full decode every preview_decode_every steps
  bool full_decode = false;
};

struct GenerationResult {
  std::vector<Image> images;
  GenerationRequest request;   // as run: seed resolved, size resolved, model path resolved
  std::string model_name;      // for metadata ("Model: ...")
  double seconds = 0;
  std::vector<std::string> warnings;  // e.g. prompt truncated, size rounded
};

using StepCallback = std::function<void(const StepInfo&)>;

// The bundled default model of a task (resources/models/shapes-<task>; img2img uses txt2img's), or
// "" when it is not installed.
std::string bundled_model_path(Task task);
// The class names a layout model understands, indexed by class number: the classes.json its
// config.yaml names (layout.classes), else the OpenImages list. Reads only the config. Throws LoadError.
std::vector<std::string> layout_class_names(const std::string& model_path);

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs one request. Throws ldm::Error (one-line message) on bad input, Cancelled when
  // `cancel` becomes true (checked every sampler step).
  GenerationResult run(const GenerationRequest& request, const StepCallback& on_step = {},
                       const std::atomic<bool>* cancel = nullptr);
  void unload_all();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ldm
