// Engine facade (core/api/engine.h): model cache, request validation, seeds, progress and previews
// around the pipelines of core/pipelines/pipelines.h.
#include "core/api/engine.h"

#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>

#include "core/error.h"
#include "core/io/model_loader.h"
#include "core/io/yaml_json.h"
#include "core/runtime/resources.h"
#include "core/layout/layout_classes.h"
#include "core/layout/objects_bbox_conditional_builder.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/latent_preview.h"
#include "core/pipelines/pipelines.h"
#include "core/text/tokenizer.h"

namespace ldm {
namespace {

namespace fs = std::filesystem;

struct CachedModel {
  std::shared_ptr<LatentDiffusion> model;
  std::shared_ptr<const Tokenizer> tokenizer;  // text models only
  std::unique_ptr<LatentPreview> preview;      // fitted on first use
  std::string name;
  std::string dir;                             // folder of the weights (classes.json of layout models)
};

// A layout model's class list: its own (config `layout.classes`, relative to the model folder) or OpenImages.
const LayoutClasses& classes_for(const nlohmann::json& config, const std::string& dir) {
  static std::map<std::string, LayoutClasses> cache;
  if (config.contains("layout") && config["layout"].is_object() && config["layout"].contains("classes")) {
    const std::string path = (fs::path(dir) / config["layout"]["classes"].get<std::string>()).string();
    auto it = cache.find(path);
    if (it == cache.end()) it = cache.emplace(path, LayoutClasses::load(path)).first;
    return it->second;
  }
  return LayoutClasses::openimages();
}

bool task_fits(Task task, CondStage c, std::string* need) {
  switch (task) {
    case Task::Txt2Img:
    case Task::Img2Img:
      *need = "a text-to-image model (LDM text-to-image, Stable Diffusion)";
      return c == CondStage::Text || c == CondStage::Unconditional;
    case Task::Inpaint:
      *need = "an inpainting or text-to-image model";
      return c == CondStage::Text || c == CondStage::FirstStage || c == CondStage::Unconditional;
    case Task::Layout:
      *need = "a layout-to-image model (LDM OpenImages layout)";
      return c == CondStage::LayoutTokens;
    case Task::Upscale:
      *need = "a super-resolution model (LDM-BSR)";
      return c == CondStage::Identity;
  }
  return false;
}

// ldm::Image (1, 3 or 4 channels) -> [1, 3, H, W] in [0, 1].
at::Tensor rgb01(const Image& image, const char* what) {
  if (image.empty()) throw RequestError(std::string("no ") + what + " given");
  at::Tensor t = image_to_tensor01(image);
  if (t.size(1) == 1) t = t.expand({1, 3, -1, -1}).contiguous();
  if (t.size(1) == 4) t = t.narrow(1, 0, 3).contiguous();
  return t;
}

Image rgb_image(const at::Tensor& x01) { return tensor01_to_image(x01.narrow(1, 0, 3)); }

// Nearest-neighbour upscale of a small preview so the GUI shows it at the output size.
Image preview_image(const at::Tensor& rgb_m11, int width, int height) {
  namespace F = torch::nn::functional;
  auto x = to01(rgb_m11.narrow(0, 0, 1).to(torch::kFloat).cpu());
  x = F::interpolate(x, F::InterpolateFuncOptions().size(std::vector<int64_t>{height, width}).mode(torch::kNearest));
  return tensor01_to_image(x);
}

c10::ScalarType precision_dtype(const std::string& p) {
  if (p == "fp32") return torch::kFloat;
  if (p == "fp16") return torch::kHalf;
  if (p == "bf16") return torch::kBFloat16;
  throw RequestError("unknown precision '" + p + "': use fp32, fp16 or bf16");
}

}  // namespace

struct Engine::Impl {
  std::map<std::string, std::shared_ptr<CachedModel>> cache;

  std::shared_ptr<CachedModel> get(const std::string& path, const std::string& device, const std::string& precision) {
    const std::string key = path + "|" + device + "|" + precision;
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    // open_model: the config beside the checkpoint or detection from shapes, EMA per use_ema.
    LoadedModel opened = open_model(path);
    const std::string weights_path = opened.path;
    const at::Device dev = device == "cuda" ? at::Device(at::kCUDA) : at::Device(at::kCPU);
    auto lm = std::make_shared<CachedModel>();
    lm->model = LatentDiffusion::load(opened.desc.config, opened.weights, precision_dtype(precision), dev);
    if (lm->model->config().cond_stage == CondStage::Text) lm->tokenizer = tokenizer_for(*lm->model);
    lm->dir = fs::path(weights_path).parent_path().string();
    lm->name = fs::path(path).filename().string();
    if (lm->name == "model.safetensors" || lm->name == "model.ckpt" || lm->name.empty())
      lm->name = fs::path(weights_path).parent_path().filename().string();
    // One model at a time keeps memory bounded (the GUI switches models rarely).
    cache.clear();
    cache[key] = lm;
    return lm;
  }
};

std::string bundled_model_path(Task task) {
  const char* name = "txt2img";
  if (task == Task::Inpaint) name = "inpaint";
  else if (task == Task::Layout) name = "layout";
  else if (task == Task::Upscale) name = "upscale";
  try {
    const fs::path p = fs::path(resources_dir()) / "models" / (std::string("shapes-") + name);
    return fs::exists(p / "model.safetensors") ? p.string() : std::string();
  } catch (const LoadError&) {
    return {};
  }
}

std::vector<std::string> layout_class_names(const std::string& model_path) {
  const ModelFiles files = resolve_model_files(model_path);
  nlohmann::json config = files.config.empty() ? nlohmann::json::object() : load_yaml_as_json(files.config);
  const LayoutClasses& classes = classes_for(config, fs::path(files.weights).parent_path().string());
  std::vector<std::string> names(static_cast<size_t>(classes.size()));
  for (const auto& c : classes.all()) {
    if (c.number >= 0 && c.number < classes.size()) names[static_cast<size_t>(c.number)] = c.name;
  }
  return names;
}

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() = default;

void Engine::unload_all() { impl_->cache.clear(); }

GenerationResult Engine::run(const GenerationRequest& request_in, const StepCallback& on_step,
                             const std::atomic<bool>* cancel) {
  const auto t_start = std::chrono::steady_clock::now();
  GenerationRequest req = request_in;
  GenerationResult result;

  // ---- request checks that need no model
  if (req.steps < 1 || req.steps > 1000) throw RequestError("steps must be between 1 and 1000");
  if (req.batch < 1 || req.batch > 64) throw RequestError("batch must be between 1 and 64");
  if (req.device != "cpu" && req.device != "cuda") throw RequestError("unknown device '" + req.device + "': use cpu or cuda");
  if (req.device == "cuda" && !torch::cuda::is_available())
    throw RequestError("no CUDA device is available: use --device cpu");
  precision_dtype(req.precision);
  if (req.precision == "fp16" && req.device == "cpu")
    throw RequestError("fp16 is not supported on the CPU: use --precision fp32 or bf16");
  if (req.strength <= 0.0 || req.strength > 1.0) throw RequestError("strength must be in (0, 1]");
  if (req.model.empty()) req.model = bundled_model_path(req.task);
  if (req.model.empty())
    throw RequestError(std::string("no model given for ") + task_name(req.task) +
                       " and no bundled default is installed: pass --model PATH");

  // ---- seed: resolved before sampling and recorded
  if (req.seed < 0) {
    std::random_device rd;
    req.seed = static_cast<int64_t>(((static_cast<uint64_t>(rd()) << 32) | rd()) & 0x7fffffffffffULL);
  }

  auto lm = impl_->get(req.model, req.device, req.precision);
  LatentDiffusion& model = *lm->model;
  const CondStage kind = model.config().cond_stage;
  std::string need;
  if (!task_fits(req.task, kind, &need))
    throw RequestError("'" + lm->name + "' is a " + cond_stage_name(kind) + " model and cannot do " +
                       task_name(req.task) + ": use " + need);

  // ---- sizes
  const int native = static_cast<int>(model.native_image_size());
  if (req.task == Task::Txt2Img || req.task == Task::Layout) {
    if (req.width == 0) req.width = native;
    if (req.height == 0) req.height = native;
    validate_size(&req.width, &req.height, size_multiple(model), &result.warnings);
  } else if (req.task == Task::Img2Img) {
    // img2img keeps the init image's size unless one is asked for.
    if (req.width == 0) req.width = req.init_image.width;
    if (req.height == 0) req.height = req.init_image.height;
    validate_size(&req.width, &req.height, size_multiple(model), &result.warnings);
  }

  SamplingOptions s;
  s.sampler = req.sampler;
  s.steps = req.steps;
  s.eta = req.eta;
  s.guidance_scale = req.cfg_scale;
  s.karras = req.karras;

  // ---- progress and previews
  int out_w = req.width, out_h = req.height;
  auto t_sampling = std::chrono::steady_clock::now();
  PipelineHooks hooks;
  hooks.cancel = cancel;
  hooks.on_step = [&](int step, int total, const at::Tensor& x, const at::Tensor& pred_x0) {
    if (cancel && cancel->load()) throw Cancelled();
    if (!on_step) return;
    StepInfo info;
    info.step = step + 1;
    info.total = total;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_sampling).count();
    info.its_per_sec = elapsed > 0 ? info.step / elapsed : 0.0;
    info.eta_seconds = info.its_per_sec > 0 ? (total - info.step) / info.its_per_sec : 0.0;
    const bool full = req.preview_decode_every > 0 && (info.step % req.preview_decode_every == 0 || info.step == total);
    if (full) {
      info.preview = preview_image(model.decode_first_stage(pred_x0.narrow(0, 0, 1), true), out_w, out_h);
      info.full_decode = true;
    } else {
      if (!lm->preview) lm->preview = std::make_unique<LatentPreview>(LatentPreview::for_model(model));
      info.preview = preview_image(lm->preview->project(pred_x0.narrow(0, 0, 1)), out_w, out_h);
    }
    on_step(info);
  };

  c10::InferenceMode inference;
  const uint64_t seed = static_cast<uint64_t>(req.seed);
  PipelineResult r;
  switch (req.task) {
    case Task::Txt2Img:
    case Task::Img2Img: {
      if (!lm->tokenizer) throw RequestError("this model takes no prompt: use a text-to-image model");
      at::Tensor init;
      if (req.task == Task::Img2Img) {
        init = rgb01(req.init_image, "init image");
        s.strength = req.strength;
      }
      r = txt2img(model, *lm->tokenizer, std::vector<std::string>(static_cast<size_t>(req.batch), req.prompt),
                  req.negative_prompt, req.width, req.height, s, seed, hooks, init);
      for (int64_t b = 0; b < r.image01.size(0); ++b) result.images.push_back(rgb_image(r.image01.narrow(0, b, 1)));
      break;
    }
    case Task::Inpaint: {
      const at::Tensor image = rgb01(req.init_image, "image to inpaint");
      if (req.mask.empty()) throw RequestError("no mask given: white marks the area to repaint");
      const at::Tensor mask = image_to_tensor01(req.mask).narrow(1, 0, 1);
      out_w = req.width = req.init_image.width;
      out_h = req.height = req.init_image.height;
      InpaintOptions o;
      o.mask_feather = req.mask_feather;
      if (kind != CondStage::Text && !req.prompt.empty()) result.warnings.push_back("this inpainting model ignores the prompt");
      for (int b = 0; b < req.batch; ++b) {
        r = inpaint(model, lm->tokenizer.get(), image, mask, req.prompt, req.negative_prompt, s, seed + b, o, hooks);
        const Image generated = rgb_image(to01(r.decoded));
        Image original = req.init_image;
        if (original.channels != 3) original = rgb_image(image);
        result.images.push_back(composite_keep_unmasked(original, generated, req.mask, req.mask_feather));
      }
      break;
    }
    case Task::Layout: {
      const auto& classes = classes_for(model.config().raw, lm->dir);
      std::vector<LayoutObject> objects;
      for (const auto& b : req.boxes) {
        LayoutObject o;
        o.category_no = b.class_id >= 0 ? classes.at(b.class_id).number : classes.resolve(b.label);
        if (!(b.x0 >= 0 && b.y0 >= 0 && b.x1 <= 1 && b.y1 <= 1 && b.x1 > b.x0 && b.y1 > b.y0))
          throw RequestError("layout box '" + (b.label.empty() ? std::to_string(b.class_id) : b.label) +
                             "' needs 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1");
        o.x = b.x0;
        o.y = b.y0;
        o.w = b.x1 - b.x0;
        o.h = b.y1 - b.y0;
        o.is_group_of = b.group_of;
        o.is_occluded = b.occluded;
        o.is_depiction = b.depiction;
        o.is_inside = b.inside;
        objects.push_back(o);
      }
      ObjectsBoundingBoxConditionalBuilder builder(layout_builder_config_from(model.config().raw));
      const auto tokens = builder.build(objects, {}, {}, false, &result.warnings);
      r = layout2img(model, std::vector<std::vector<int64_t>>(static_cast<size_t>(req.batch), tokens), req.width,
                     req.height, s, seed, hooks);
      for (int64_t b = 0; b < r.image01.size(0); ++b) result.images.push_back(rgb_image(r.image01.narrow(0, b, 1)));
      break;
    }
    case Task::Upscale: {
      const at::Tensor lr = rgb01(req.init_image, "image to upscale");
      const int f = static_cast<int>(model.downsampling_factor());
      out_w = req.width = req.init_image.width * f;
      out_h = req.height = req.init_image.height * f;
      UpscaleOptions o;
      o.tile = req.tile;
      o.tile_stride = req.tile_stride;
      o.match_input = req.match_input;
      o.start_from_input = req.start_from_input;
      s.strength = req.strength;
      for (int b = 0; b < req.batch; ++b) {
        r = upscale(model, lr, s, seed + b, o, hooks);
        result.images.push_back(rgb_image(r.image01));
      }
      break;
    }
  }
  result.warnings.insert(result.warnings.end(), r.warnings.begin(), r.warnings.end());
  result.request = req;
  result.model_name = lm->name;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  return result;
}

}  // namespace ldm
