#pragma once
// Pieces both training stages share: image <-> tensor conversion, checkpoint writing in the CompVis
// layout, the EMA of weights (ldm.modules.ema.LitEma), learning-rate schedule and progress meter.
#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <nlohmann/json.hpp>
#include <torch/nn/module.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/api/image.h"
#include "core/training/training.h"

namespace ldm {

class ImageFolder;
class StateDict;

}  // namespace ldm
namespace torch::optim {
class Optimizer;
}  // namespace torch::optim
namespace ldm {

namespace training {

// The device TrainOptions::device names ("auto", "cpu", "cuda"); Error for other names and for
// "cuda" where LibTorch sees no GPU.
c10::Device training_device(const std::string& name);

// u8 RGB -> float [3, H, W] in [-1, 1], and back (clamped, rounded).
at::Tensor image_to_m11(const Image& image);
Image m11_to_image(const at::Tensor& chw);
// Tiles equally sized images into `cols` columns with a 2-pixel gap.
Image image_grid(const std::vector<Image>& images, int cols);

// out_dir/model.safetensors and out_dir/config.yaml, each replaced atomically.
void write_checkpoint(const StateDict& dict, const nlohmann::json& config, const std::string& out_dir);

// trainer_state.pt: the optimisers' states by name and the number of steps done, written atomically.
using NamedOptimizers = std::vector<std::pair<std::string, torch::optim::Optimizer*>>;
void save_trainer_state(const std::string& path, const NamedOptimizers& optimizers, int64_t step);
// Restores the optimisers, their state tensors on `device` (a run may resume on another device than
// it started on); returns the steps done.
int64_t load_trainer_state(const std::string& path, const NamedOptimizers& optimizers, c10::Device device = c10::kCPU);
// The learning rate of every parameter group of an Adam optimiser.
void set_adam_lr(torch::optim::Optimizer& adam, double lr);

// LitEma: shadow = decay' * shadow + (1 - decay') * param, decay' = min(decay, (1 + n) / (10 + n)).
// Checkpoint names: "model_ema.diffusion_model" + UNet parameter name without dots (the reference's LitEma buffer names).
class Ema {
 public:
  Ema(torch::nn::Module& module, double decay);
  void update(torch::nn::Module& module);
  void add_to(StateDict& dict) const;
  // Restores the shadow from model_ema.* keys of a checkpoint (resume). Returns false if absent.
  bool load(const StateDict& dict);
  int64_t num_updates() const { return num_updates_; }

 private:
  double decay_;
  int64_t num_updates_ = 0;
  std::vector<std::pair<std::string, at::Tensor>> shadow_;
};

// Linear warm-up, then cosine decay to floor * base at `total`.
double lr_at(int64_t step, int64_t total, double base, int64_t warmup, double floor);

// Running loss means and it/s; reports every `every` steps through options.on_progress.
class ProgressMeter {
 public:
  ProgressMeter(std::string stage, int64_t total, int64_t first_step, int every, const TrainProgressFn& fn);
  void add(const std::string& name, double value);
  void step_done(int64_t step);  // 1-based
  void message(const std::string& text) const;
  // Starts the it/s clock now (after data preparation), counting from `first_step` (resume).
  void restart(int64_t first_step) {
    first_step_ = first_step;
    start_ = std::chrono::steady_clock::now();
  }

 private:
  std::string stage_;
  int64_t total_, first_step_;
  int every_;
  const TrainProgressFn& fn_;
  std::map<std::string, std::pair<double, int>> sums_;
  std::chrono::steady_clock::time_point start_;
};

// The config's data section. Training draws its pictures from the built-in ShapesWorld
// (core/training/shapes_world.h; data.target left out, or ldm_studio.data.ShapesWorld) or from a folder
// of the user's pictures (ldm_studio.data.ImageFolder with params.root, absolute or relative to the
// config file's folder; core/training/image_folder.h). Any other target, such as a reference config's
// ImageNet or main.DataModuleFromConfig, is refused rather than replaced in silence. `folder` (ldm train
// --data) trains on that folder whatever the target, with the config's data.params (size, crop).
struct TrainingData {
  nlohmann::json params;  // data.params
  std::string folder;     // the ImageFolder's root; empty for the shapes world
};
TrainingData training_data(const nlohmann::json& config, const std::string& config_path, const std::string& folder = "");
// Pictures `which` of a folder at size x size, as [N, 3, size, size] in [-1, 1] (ImageFolder::picture).
at::Tensor folder_pictures(const ImageFolder& folder, const std::vector<size_t>& which, int size);

// JSON helpers: value at `key` of an object, or `fallback` when missing/null.
template <typename T>
T value_or(const nlohmann::json& node, const char* key, T fallback) {
  if (!node.is_object() || !node.contains(key) || node[key].is_null()) return fallback;
  return node[key].get<T>();
}

}  // namespace training
}  // namespace ldm
