#include "core/training/train_common.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/safetensors.h"
#include "core/io/state_dict.h"
#include "core/io/yaml_json.h"
#include "core/training/image_folder.h"

namespace ldm::training {

c10::Device training_device(const std::string& name) {
  const bool cuda = torch::cuda::is_available();
  if (name == "cpu" || (name == "auto" && !cuda)) return c10::Device(c10::kCPU);
  if (name == "cuda" || name == "auto") {
    if (!cuda) throw Error("no CUDA device is available to train on: use --device cpu");
    return c10::Device(c10::kCUDA, 0);
  }
  throw Error("unknown training device '" + name + "': use auto, cpu or cuda");
}

TrainingData training_data(const nlohmann::json& config, const std::string& config_path, const std::string& folder) {
  static const std::string kShapesWorld = "ldm_studio.data.ShapesWorld", kImageFolder = "ldm_studio.data.ImageFolder";
  const nlohmann::json data = config.contains("data") ? config["data"] : nlohmann::json::object();
  if (!data.is_object()) throw Error(config_path + ": data: must be a section (target, params)");
  if (!folder.empty()) return {value_or(data, "params", nlohmann::json::object()), folder};
  const std::string target = value_or<std::string>(data, "target", kShapesWorld);
  if (target != kShapesWorld && target != kImageFolder)
    throw Error(config_path + ": data.target " + target + " is not a dataset this program has: training draws from the built-in " +
                kShapesWorld + " or from a folder of pictures, " + kImageFolder + " (set data.target to one of them)");
  TrainingData out;
  out.params = value_or(data, "params", nlohmann::json::object());
  if (target == kImageFolder) {
    const std::string root = value_or<std::string>(out.params, "root", "");
    if (root.empty()) throw Error(config_path + ": data.params.root must name the folder of pictures for " + kImageFolder);
    const std::filesystem::path p(root);
    out.folder = p.is_absolute() ? root : (std::filesystem::path(config_path).parent_path() / p).lexically_normal().string();
    if (out.folder.empty()) out.folder = ".";
  }
  return out;
}

at::Tensor folder_pictures(const ImageFolder& folder, const std::vector<size_t>& which, int size) {
  std::vector<at::Tensor> items;
  for (size_t i : which) items.push_back(image_to_m11(folder.picture(i, size)));
  return torch::stack(items);
}

int64_t training_steps(const TrainOptions& options, int64_t config_steps) {
  if (options.max_steps > 0) return options.max_steps;
  if (!(options.step_scale > 0)) throw Error("the step scale must be positive");
  return std::max<int64_t>(1, std::llround(static_cast<double>(config_steps) * options.step_scale));
}

at::Tensor image_to_m11(const Image& image) {
  TORCH_CHECK(image.channels == 3, "image_to_m11: RGB expected");
  at::Tensor t = torch::from_blob(const_cast<uint8_t*>(image.pixels.data()), {image.height, image.width, 3}, torch::kUInt8);
  return t.permute({2, 0, 1}).to(torch::kFloat).div(127.5).sub(1.0).contiguous();  // [3, H, W]
}

Image m11_to_image(const at::Tensor& chw) {
  const at::Tensor u8 = chw.detach().to(torch::kCPU, torch::kFloat).add(1.0).mul(127.5).round().clamp(0, 255)
                            .to(torch::kUInt8).permute({1, 2, 0}).contiguous();  // [H, W, 3]
  Image im = Image::blank(static_cast<int>(u8.size(1)), static_cast<int>(u8.size(0)), 3);
  std::memcpy(im.pixels.data(), u8.data_ptr<uint8_t>(), im.pixels.size());
  return im;
}

Image image_grid(const std::vector<Image>& images, int cols) {
  if (images.empty()) return {};
  const int w = images[0].width, h = images[0].height, gap = 2;
  const int rows = (static_cast<int>(images.size()) + cols - 1) / cols;
  Image g = Image::blank(cols * w + (cols - 1) * gap, rows * h + (rows - 1) * gap, 3, 255);
  for (size_t i = 0; i < images.size(); ++i) {
    const int ox = static_cast<int>(i) % cols * (w + gap), oy = static_cast<int>(i) / cols * (h + gap);
    for (int y = 0; y < h; ++y) std::memcpy(g.at(ox, oy + y), images[i].at(0, y), static_cast<size_t>(w) * 3);
  }
  return g;
}

void write_checkpoint(const StateDict& dict, const nlohmann::json& config, const std::string& out_dir) {
  std::filesystem::create_directories(out_dir);
  save_safetensors(dict, out_dir + "/model.safetensors", /*overwrite=*/true);
  const std::string yaml = json_to_yaml(config);
  AtomicFile f(out_dir + "/config.yaml", /*overwrite=*/true);
  f.write(yaml.data(), yaml.size());
  f.commit();
}

void save_trainer_state(const std::string& path, const NamedOptimizers& optimizers, int64_t step) {
  torch::serialize::OutputArchive archive;
  for (const auto& [name, opt] : optimizers) {
    torch::serialize::OutputArchive part;
    opt->save(part);
    archive.write(name, part);
  }
  archive.write("step", torch::tensor(step));
  archive.save_to(path + ".tmp");
  std::filesystem::rename(path + ".tmp", path);
}

int64_t load_trainer_state(const std::string& path, const NamedOptimizers& optimizers, c10::Device device) {
  torch::serialize::InputArchive archive;
  archive.load_from(path, device);
  for (const auto& [name, opt] : optimizers) {
    torch::serialize::InputArchive part;
    archive.read(name, part);
    opt->load(part);
  }
  at::Tensor step;
  archive.read("step", step);
  return step.to(torch::kCPU).item<int64_t>();
}

void set_adam_lr(torch::optim::Optimizer& adam, double lr) {
  for (auto& g : adam.param_groups()) static_cast<torch::optim::AdamOptions&>(g.options()).lr(lr);
}

Ema::Ema(torch::nn::Module& module, double decay) : decay_(decay) {
  torch::NoGradGuard no_grad;
  for (const auto& p : module.named_parameters()) shadow_.emplace_back(p.key(), p.value().detach().clone());
}

void Ema::update(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  ++num_updates_;
  const double d = std::min(decay_, (1.0 + num_updates_) / (10.0 + num_updates_));
  auto params = module.named_parameters();
  for (auto& [name, s] : shadow_) s.mul_(d).add_(params[name].detach(), 1.0 - d);
}

static std::string ema_key(const std::string& name) {
  std::string k = name;
  k.erase(std::remove(k.begin(), k.end(), '.'), k.end());
  return "model_ema.diffusion_model" + k;  // LitEma over DiffusionWrapper: model.diffusion_model.<name>
}

void Ema::add_to(StateDict& dict) const {
  for (const auto& [name, s] : shadow_) dict.set(ema_key(name), s.to(torch::kCPU).contiguous().clone());
  dict.set("model_ema.num_updates", torch::tensor(static_cast<int32_t>(num_updates_), torch::kInt));
  dict.set("model_ema.decay", torch::tensor(static_cast<float>(decay_)));
}

bool Ema::load(const StateDict& dict) {
  torch::NoGradGuard no_grad;
  for (auto& [name, s] : shadow_) {
    if (!dict.contains(ema_key(name))) return false;
  }
  for (auto& [name, s] : shadow_) s.copy_(dict.get(ema_key(name), torch::kFloat));
  if (dict.contains("model_ema.num_updates")) num_updates_ = dict.get("model_ema.num_updates").item<int64_t>();
  return true;
}

double lr_at(int64_t step, int64_t total, double base, int64_t warmup, double floor) {
  if (warmup > 0 && step < warmup) return base * static_cast<double>(step + 1) / static_cast<double>(warmup);
  const double t = total > warmup ? static_cast<double>(step - warmup) / static_cast<double>(total - warmup) : 1.0;
  return base * (floor + (1 - floor) * 0.5 * (1 + std::cos(3.14159265358979323846 * std::clamp(t, 0.0, 1.0))));
}

ProgressMeter::ProgressMeter(std::string stage, int64_t total, int64_t first_step, int every, const TrainProgressFn& fn)
    : stage_(std::move(stage)), total_(total), first_step_(first_step), every_(std::max(1, every)), fn_(fn),
      start_(std::chrono::steady_clock::now()) {}

void ProgressMeter::add(const std::string& name, double value) {
  auto& s = sums_[name];
  s.first += value;
  s.second += 1;
}

void ProgressMeter::step_done(int64_t step) {
  if (step % every_ != 0 && step != total_) return;
  TrainProgress p;
  p.stage = stage_;
  p.step = step;
  p.total = total_;
  for (const auto& [k, v] : sums_) p.losses[k] = v.second ? v.first / v.second : 0.0;
  sums_.clear();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double done = static_cast<double>(step - first_step_);
  p.its_per_sec = secs > 0 ? done / secs : 0;
  p.eta_seconds = p.its_per_sec > 0 ? static_cast<double>(total_ - step) / p.its_per_sec : 0;
  if (fn_) fn_(p);
}

void ProgressMeter::message(const std::string& text) const {
  if (!fn_) return;
  TrainProgress p;
  p.stage = stage_;
  p.message = text;
  fn_(p);
}

}  // namespace ldm::training
