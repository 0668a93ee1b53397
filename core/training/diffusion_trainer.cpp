// Stage 2: ldm.models.diffusion.ddpm.LatentDiffusion.training_step (p_losses with eps-prediction,
// l2 loss, uniform t) in the frozen latent space of a stage-1 autoencoder, with LitEma on the UNet,
// a jointly trained cond stage (cond_stage_trainable) and condition dropout so that
// classifier-free guidance works at sampling time. Four kinds, decided by the config as the
// reference decides them:
//   text     crossattn, BERTEmbedder(use_tokenizer)            caption -> WordPiece ids
//   layout   crossattn, BERTEmbedder(use_tokenizer False)      boxes -> ObjectsBoundingBoxConditionalBuilder tokens
//   inpaint  hybrid (SD inpainting layout: x, mask, masked-image latent) + caption
//   upscale  concat, torch.nn.Identity                         low-res image at latent size (LDM-BSR)
//   class    crossattn, ClassEmbedder                          one-object scenes -> colour x shape class (cin256-v2)
//   semantic concat, SpatialRescaler                           label map (background, one label per colour)
// The latents of the training scenes are computed once (posterior mean and log-variance) and a
// fresh posterior sample is drawn every step, as encoding on the fly would. With a folder of the
// user's pictures (core/training/image_folder.h) the text kind learns their captions and the upscale
// kind their downscaled copies; the other kinds need the shapes world's boxes, masks and labels.
#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>

#include "core/error.h"
#include "core/io/model_loader.h"
#include "core/io/safetensors.h"
#include "core/io/state_dict.h"
#include "core/io/yaml_json.h"
#include "core/layout/layout_raster.h"
#include "core/layout/objects_bbox_conditional_builder.h"
#include "core/models/autoencoder_config.h"
#include "core/models/autoencoder_kl.h"
#include "core/models/text_encoder.h"
#include "core/models/unet_config.h"
#include "core/models/unet_model.h"
#include "core/nn/load_weights.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/pipelines.h"
#include "core/sampling/model_wrapper.h"
#include "core/sampling/noise_schedule.h"
#include "core/text/tokenizer.h"
#include "core/training/image_folder.h"
#include "core/training/shapes_world.h"
#include "core/training/train_common.h"
#include "core/training/training.h"

namespace ldm {
namespace {

namespace fs = std::filesystem;
namespace F = torch::nn::functional;
using training::value_or;

enum class Kind { Text, Layout, Inpaint, Upscale, Class, Semantic };

Kind kind_of(const LatentDiffusionConfig& c, const std::string& path) {
  if (c.cond_stage == CondStage::Text && c.conditioning_key == "crossattn") return Kind::Text;
  if (c.cond_stage == CondStage::Text && c.conditioning_key == "hybrid") return Kind::Inpaint;
  // hybrid: box tokens for cross-attention plus the rasterised boxes (layout.raster).
  if (c.cond_stage == CondStage::LayoutTokens && (c.conditioning_key == "crossattn" || c.conditioning_key == "hybrid"))
    return Kind::Layout;
  if (c.cond_stage == CondStage::Identity && c.conditioning_key == "concat") return Kind::Upscale;
  if (c.cond_stage == CondStage::ClassLabel && c.conditioning_key == "crossattn") return Kind::Class;
  if (c.cond_stage == CondStage::LabelMap && c.conditioning_key == "concat") return Kind::Semantic;
  throw Error(path + ": cannot train this combination (cond stage " + cond_stage_name(c.cond_stage) +
              ", conditioning_key '" + c.conditioning_key + "'): text, layout, hybrid inpainting, concat "
              "super-resolution, class-conditional or semantic synthesis");
}

// The semantic models' labels: 0 background, 1 + colour for every pixel an object of that colour covers
// (the topmost object where they overlap, as render_scene paints them).
constexpr int kSemanticLabels = 1 + kShapeColours;
std::string semantic_label_name(int label) { return label == 0 ? "background" : colour_name(label - 1); }

at::Tensor semantic_labels(const ShapeScene& scene, int size) {
  at::Tensor map = torch::zeros({size, size}, torch::kLong);
  auto acc = map.accessor<int64_t, 2>();
  for (const ShapeObject& o : scene.objects) {
    const Image m = render_object_mask(o, size);
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x)
        if (*m.at(x, y) >= 128) acc[y][x] = 1 + o.colour;
  }
  return map;
}

std::vector<int64_t> layout_tokens(const ObjectsBoundingBoxConditionalBuilder& builder, const std::vector<ShapeObject>& objects) {
  std::vector<LayoutObject> lo;
  for (const auto& o : objects) {
    LayoutObject l;
    l.category_no = shape_class(o.colour, o.shape);
    l.x = std::clamp(o.x0(), 0.0, 1.0);
    l.y = std::clamp(o.y0(), 0.0, 1.0);
    l.w = std::clamp(o.x1(), 0.0, 1.0) - l.x;
    l.h = std::clamp(o.y1(), 0.0, 1.0) - l.y;
    lo.push_back(l);
  }
  return builder.build(lo);
}

// Inpainting training masks at pixel size: around one object (its region must be re-created from
// the caption), a random rectangle, a blob of circles, or everything.
at::Tensor make_mask(const ShapeScene& scene, int size, uint64_t index, int* hidden_object) {
  std::mt19937_64 rng(index * 0x9E3779B97F4A7C15ull + 17);
  auto uni = [&](double a, double b) { return a + (b - a) * static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0); };
  at::Tensor m = torch::zeros({1, size, size});
  auto acc = m.accessor<float, 3>();
  const double kind = uni(0, 1);
  *hidden_object = -1;
  if (kind < 0.5 && !scene.objects.empty()) {
    const int k = static_cast<int>(rng() % scene.objects.size());
    const ShapeObject& o = scene.objects[static_cast<size_t>(k)];
    const double pad = uni(0.03, 0.09);
    const int x0 = std::max(0, static_cast<int>((o.x0() - pad) * size)), x1 = std::min(size, static_cast<int>((o.x1() + pad) * size) + 1);
    const int y0 = std::max(0, static_cast<int>((o.y0() - pad) * size)), y1 = std::min(size, static_cast<int>((o.y1() + pad) * size) + 1);
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) acc[0][y][x] = 1;
    *hidden_object = k;
  } else if (kind < 0.75) {
    const double w = uni(0.25, 0.75), h = uni(0.25, 0.75), x = uni(0, 1 - w), y = uni(0, 1 - h);
    for (int yy = static_cast<int>(y * size); yy < static_cast<int>((y + h) * size); ++yy)
      for (int xx = static_cast<int>(x * size); xx < static_cast<int>((x + w) * size); ++xx) acc[0][yy][xx] = 1;
  } else if (kind < 0.9) {
    const int n = 2 + static_cast<int>(rng() % 3);
    for (int c = 0; c < n; ++c) {
      const double cx = uni(0.15, 0.85), cy = uni(0.15, 0.85), r = uni(0.08, 0.22);
      for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
          const double dx = (x + 0.5) / size - cx, dy = (y + 0.5) / size - cy;
          if (dx * dx + dy * dy <= r * r) acc[0][y][x] = 1;
        }
    }
  } else {
    m.fill_(1);
  }
  return m;
}

struct Dataset {
  at::Tensor moments;  // [N, 2C, h, w]
  at::Tensor tokens;   // [N, L] int64 (text, layout, inpaint)
  at::Tensor mask;     // [N, 1, h, w] (inpaint)
  at::Tensor masked_moments;  // [N, 2C, h, w] (inpaint): the masked image's posterior
  at::Tensor lr;       // [N, 3, h, w] (upscale)
  at::Tensor labels;   // [N, H, W] int64 (semantic)
  at::Tensor uncond_tokens;  // [1, L]
};

// On the autoencoder's device, 64 images at a time; the moments come back to the CPU.
at::Tensor encode_moments(AutoencoderKL& ae, const at::Tensor& images, c10::Device device) {
  torch::NoGradGuard no_grad;
  std::vector<at::Tensor> parts;
  for (int64_t s = 0; s < images.size(0); s += 64)
    parts.push_back(ae.moments(images.narrow(0, s, std::min<int64_t>(64, images.size(0) - s)).to(device)).to(torch::kCPU));
  return torch::cat(parts);
}

// The stage-1 model: a folder (model.safetensors + config.yaml) or a .safetensors with config.yaml beside
// it; or a trained latent diffusion model, whose first stage is taken (config {"model": first_stage_config}).
std::pair<nlohmann::json, StateDict> open_autoencoder(const std::string& path) {
  const ModelFiles files = resolve_model_files(path);
  if (files.config.empty()) throw Error(path + ": the autoencoder needs its config.yaml beside it");
  nlohmann::json cfg = load_yaml_as_json(files.config);
  StateDict weights = load_safetensors(files.weights);
  const std::string target = cfg.value("model", nlohmann::json::object()).value("target", std::string());
  if (target.find("LatentDiffusion") != std::string::npos) {
    cfg = {{"model", cfg["model"]["params"].at("first_stage_config")}};
    weights = weights.select("first_stage_model.");
  }
  return {cfg, weights};
}

}  // namespace

void train_diffusion(const TrainOptions& options) {
  nlohmann::json config = load_yaml_as_json(options.config_path);
  if (options.autoencoder.empty()) throw Error("stage 2 needs the stage-1 autoencoder (--autoencoder DIR)");
  auto [ae_cfg, ae_weights] = open_autoencoder(options.autoencoder);
  // The first stage is the trained autoencoder's own config (its loss is not part of inference).
  nlohmann::json first_stage = ae_cfg.at("model");
  first_stage["params"]["lossconfig"] = {{"target", "torch.nn.Identity"}};
  config["model"]["params"]["first_stage_config"] = first_stage;
  nlohmann::json& params = config["model"]["params"];
  LatentDiffusionConfig ldc = LatentDiffusionConfig::from_compvis(config);
  const Kind kind = kind_of(ldc, options.config_path);

  const training::TrainingData data_source = training::training_data(config, options.config_path, options.data_folder);
  const nlohmann::json& data = data_source.params;
  // A folder of pictures has no boxes, masks, classes or label maps: it trains the kinds that need
  // only pictures and captions.
  std::unique_ptr<ImageFolder> folder;
  std::vector<size_t> folder_training;  // the folder's training pictures (the others are held out)
  if (!data_source.folder.empty()) {
    if (kind != Kind::Text && kind != Kind::Upscale)
      throw Error(options.config_path + ": a folder of pictures (ldm_studio.data.ImageFolder) trains text-to-image and "
                  "super-resolution models; layout, inpainting, class and semantic models draw their boxes, masks, classes "
                  "or label maps from ldm_studio.data.ShapesWorld");
    folder = std::make_unique<ImageFolder>(data_source.folder, options.read_image);
    folder_training = folder->training_indices();
  }
  const nlohmann::json train = config.value("training", nlohmann::json::object());
  const int size = value_or(data, "size", 64);
  const int64_t count = folder ? static_cast<int64_t>(folder_training.size()) : value_or<int64_t>(data, "count", 8192);
  const uint64_t data_seed = value_or<uint64_t>(data, "seed", 1), val_seed = value_or<uint64_t>(data, "validation_seed", 2);
  const int64_t steps = training::training_steps(options, value_or<int64_t>(train, "steps", 2000));
  config["training"]["steps"] = steps;  // what this run trains to (--steps, step_scale), so that it knows when it is done
  const c10::Device device = training::training_device(options.device);
  const int batch = value_or(train, "batch_size", 32);
  const double lr = value_or(train, "learning_rate", 4e-4);
  const int64_t warmup = value_or<int64_t>(train, "warmup_steps", 100);
  const double cond_dropout = value_or(train, "cond_dropout", 0.1);
  // Min-SNR-gamma loss weighting (Hang et al., ICCV 2023): for eps-prediction each sample's loss is
  // scaled by min(SNR(t), gamma) / SNR(t), so the nearly clean timesteps (fine detail) stop
  // dominating the gradient and the noisy ones, where layout, shape and colour are decided (and
  // where a super-resolution model must read its input), get their share. 0 = uniform (the
  // reference's loss_simple).
  const double snr_gamma = value_or(train, "snr_gamma", 0.0);
  // Inpainting: the share of masks around one object whose prompt is that object's phrase instead of the
  // scene's caption (shapes_world.h inpainting_prompt). 0 = always the caption.
  const double object_prompt = value_or(train, "object_prompt", 0.0);
  if (!(object_prompt >= 0 && object_prompt <= 1)) throw Error(options.config_path + ": training.object_prompt must be in [0, 1]");
  const double ema_decay = value_or(train, "ema_decay", 0.999);
  const int log_every = value_or(train, "log_every", 50);
  const int64_t ckpt_every = value_or<int64_t>(train, "checkpoint_every", 500);
  const uint64_t seed = value_or<uint64_t>(train, "seed", 0);
  torch::manual_seed(seed);

  // ---- frozen first stage
  const AutoencoderConfig ae_config = AutoencoderConfig::from_compvis(first_stage);
  AutoencoderKL ae(ae_config);
  {
    LoadOptions lo;
    lo.what = "autoencoder";
    lo.ignore_unexpected = {"loss."};
    load_weights(ae, ae_weights, lo);
  }
  ae.eval();
  for (auto& p : ae.parameters()) p.set_requires_grad(false);
  ae.to(device);
  const int64_t f = ae_config.downsampling_factor();
  const int64_t h = size / f;

  // ---- networks
  const UNetConfig unet_config = UNetConfig::from_compvis(params.at("unet_config"));
  UNetModel unet(unet_config);
  std::shared_ptr<ConditionEncoder> cond;
  if (kind != Kind::Upscale) {  // (a SpatialRescaler's channel mapper is trained too)
    const nlohmann::json te = config.contains("text_encoder") ? config["text_encoder"] : nlohmann::json();
    cond = make_condition_encoder(params.at("cond_stage_config"), te);
  }
  // On the device before the optimiser is made and weights are loaded into them (load_weights and
  // the copies below keep each parameter's device).
  unet->to(device);
  if (cond) cond->to(device);

  training::ProgressMeter meter(std::string("diffusion"), steps, 0, log_every, options.on_progress);
  meter.message("training on " + device.str());

  // ---- data, computed once
  ShapesWorldOptions world_options{data_seed};
  // One object a scene for the class-conditional model (its class is that object's).
  world_options.max_objects = value_or(data, "max_objects", kind == Kind::Class ? 1 : world_options.max_objects);
  const ShapesWorld world(world_options);
  Dataset ds;
  std::shared_ptr<const Tokenizer> tokenizer;
  ObjectsBoundingBoxConditionalBuilder builder(layout_builder_config_from(config));
  if (kind == Kind::Layout) {
    const int64_t want = ldc.channels + (builder.config().raster ? builder.config().no_object_classes : 0);
    if (builder.config().raster != (ldc.conditioning_key == "hybrid"))
      throw Error(options.config_path + ": a layout model reads the rasterised boxes (layout.raster: true) exactly when its "
                  "conditioning_key is hybrid");
    if (unet_config.in_channels != want)
      throw Error(options.config_path + ": unet in_channels must be " + std::to_string(want) +
                  " (latent channels + one map per class with layout.raster)");
  }
  {
    if (!folder) meter.message("rendering and encoding " + std::to_string(count) + " scenes");
    std::vector<at::Tensor> images, masks;
    std::vector<std::string> captions;
    std::vector<std::vector<int64_t>> layouts;
    std::vector<int64_t> classes;
    std::vector<at::Tensor> label_maps;
    if (folder) {
      meter.message("reading and encoding " + std::to_string(count) + " pictures of " + folder->root());
      int uncaptioned = 0;
      for (size_t i : folder_training) {
        captions.push_back(folder->caption(i));
        uncaptioned += captions.back().empty();
      }
      images.push_back(training::folder_pictures(*folder, folder_training, size));
      if (kind == Kind::Text && uncaptioned > 0)
        meter.message(std::to_string(uncaptioned) + " of " + std::to_string(count) +
                      " pictures have no caption (NAME.txt beside NAME.png): they train the model without a prompt");
    }
    for (int64_t i = 0; i < (folder ? 0 : count); ++i) {
      const ShapeScene s = world.scene(static_cast<uint64_t>(i));
      images.push_back(training::image_to_m11(render_scene(s, size)));
      if (kind == Kind::Class) classes.push_back(shape_class(s.objects.at(0).colour, s.objects.at(0).shape));
      if (kind == Kind::Semantic) label_maps.push_back(semantic_labels(s, size));
      if (kind == Kind::Layout) layouts.push_back(layout_tokens(builder, s.objects));
      if (kind == Kind::Inpaint) {
        int hidden = -1;
        masks.push_back(make_mask(s, size, static_cast<uint64_t>(i), &hidden));
        captions.push_back(inpainting_prompt(s, hidden, object_prompt, static_cast<uint64_t>(i)));
      } else {
        captions.push_back(s.caption);
      }
    }
    const at::Tensor all = folder ? images.at(0) : torch::stack(images);  // [N, 3, H, W]
    // The stages share the stage-1 model and the scenes: the latents are cached beside the
    // autoencoder (encoding 8192 scenes costs minutes on 2 cores).
    const std::string ae_file = resolve_model_files(options.autoencoder).weights;
    const std::string cache = ae_file + ".latents-seed" + std::to_string(data_seed) + "-size" + std::to_string(size) +
                              (world_options.max_objects != 4 ? "-objects" + std::to_string(world_options.max_objects) : "") +
                              ".pt";
    bool cached = false;
    if (!folder && fs::exists(cache)) {  // (a folder's pictures may change between runs: encoded every time)
      at::Tensor m;
      torch::load(m, cache);
      if (m.size(0) >= count && fs::last_write_time(cache) >= fs::last_write_time(ae_file)) {
        ds.moments = m.narrow(0, 0, count).clone();
        cached = true;
        meter.message("latents from " + cache);
      }
    }
    if (!cached) {
      ds.moments = encode_moments(ae, all, device);
      if (!folder) {
        torch::save(ds.moments, cache + ".tmp");
        fs::rename(cache + ".tmp", cache);
      }
    }
    if (kind == Kind::Text || kind == Kind::Inpaint) {
      tokenizer = make_tokenizer("bert", {}, cond->max_length());
      std::vector<TokenizeResult> counted;
      ds.tokens = encode_batch(*tokenizer, captions, &counted);
      // A caption cut short would teach the model to ignore its last words.
      for (size_t i = 0; i < counted.size(); ++i)
        if (counted[i].truncated())
          throw Error((folder ? fs::path(folder->file(folder_training[i])).replace_extension(".txt").string()
                              : options.config_path) +
                      ": caption \"" + captions[i] + "\" has " +
                      std::to_string(counted[i].num_tokens) + " word pieces, max_seq_len " +
                      std::to_string(cond->max_length()) + " holds " + std::to_string(tokenizer->max_content_tokens()));
      ds.uncond_tokens = encode_batch(*tokenizer, {""});
    } else if (kind == Kind::Layout) {
      ds.tokens = torch::empty({count, static_cast<int64_t>(layouts[0].size())}, torch::kLong);
      for (int64_t i = 0; i < count; ++i)
        ds.tokens[i].copy_(torch::tensor(layouts[static_cast<size_t>(i)], torch::kLong));
      ds.uncond_tokens = torch::tensor(builder.build({}), torch::kLong).unsqueeze(0);
    }
    if (kind == Kind::Inpaint) {
      const at::Tensor m = torch::stack(masks);  // [N, 1, H, W], 1 = repaint
      ds.masked_moments = encode_moments(ae, all * (1.0 - m), device);
      ds.mask = F::interpolate(m, F::InterpolateFuncOptions().size(std::vector<int64_t>{h, h}).mode(torch::kNearest));
    }
    if (kind == Kind::Upscale) ds.lr = F::avg_pool2d(all, F::AvgPool2dFuncOptions(f));  // [N, 3, h, w] in [-1, 1]
    if (kind == Kind::Class) {
      // The embedding's last entry (kShapeClasses) is "no class", the unconditional input of guidance.
      ds.tokens = torch::tensor(classes, torch::kLong).unsqueeze(1);  // [N, 1]
      ds.uncond_tokens = torch::full({1, 1}, kShapeClasses, torch::kLong);
    }
    if (kind == Kind::Semantic) ds.labels = torch::stack(label_maps);  // [N, H, W]
  }

  // scale_factor as the reference's scale_by_std: 1 / std of the (sampled) latents.
  double scale = value_or(params, "scale_factor", 0.0);
  if (!options.init.empty()) {
    // A fine-tuned UNet keeps the latent scale it was trained with.
    const nlohmann::json init_cfg = load_yaml_as_json(resolve_model_files(options.init).config);
    scale = init_cfg["model"]["params"].value("scale_factor", 0.0);
    params["scale_factor"] = scale;
    params.erase("scale_by_std");
  }
  if (!(scale > 0) || value_or(params, "scale_by_std", false)) {
    torch::NoGradGuard no_grad;
    const auto mom = ds.moments.narrow(0, 0, std::min<int64_t>(count, 1024)).chunk(2, 1);
    const at::Tensor z = mom[0] + torch::exp(0.5 * mom[1].clamp(-30, 20)) * torch::randn_like(mom[0]);
    scale = 1.0 / z.flatten().std().item<double>();
    params["scale_factor"] = scale;
    params.erase("scale_by_std");
  }
  meter.message("scale_factor " + std::to_string(scale));

  // ---- optimiser, resume / init
  std::vector<at::Tensor> trainable = unet->parameters();
  if (cond)
    for (auto& p : cond->parameters()) trainable.push_back(p);
  torch::optim::Adam opt(trainable, torch::optim::AdamOptions(lr));
  const std::string weights_path = options.out_dir + "/model.safetensors";
  const std::string state_path = options.out_dir + "/trainer_state.pt";
  int64_t start = 0;
  std::unique_ptr<training::Ema> ema;
  if (options.resume) {
    if (!fs::exists(weights_path) || !fs::exists(state_path))
      throw Error("nothing to resume in " + options.out_dir + " (model.safetensors and trainer_state.pt needed)");
    const StateDict sd = load_safetensors(weights_path);
    LoadOptions lo;
    lo.what = "UNet";
    load_weights(*unet, sd.select("model.diffusion_model."), lo);
    if (cond) cond->load(sd.select("cond_stage_model."));
    ema = std::make_unique<training::Ema>(*unet, ema_decay);
    if (!ema->load(sd))
      throw Error(weights_path + ": no EMA weights to resume from");
    start = training::load_trainer_state(state_path, {{"opt", &opt}}, device);
  } else {
    if (fs::exists(weights_path)) throw Error(options.out_dir + " already holds a model: use --resume or another --out folder");
    if (!options.init.empty()) {
      // Fine-tuning from another model: equal shapes are copied; a wider first convolution (extra
      // concat channels) gets the old channels and zeros for the new ones, as SD inpainting did.
      const LoadedModel init = open_model(options.init);
      const int64_t init_coords =
          init.desc.config["model"]["params"]["unet_config"]["params"].value("coord_channels", int64_t{0});
      torch::NoGradGuard no_grad;
      int copied = 0;
      for (auto& p : unet->named_parameters()) {
        const std::string key = "model.diffusion_model." + p.key();
        if (!init.weights.contains(key)) continue;
        const at::Tensor src = init.weights.get(key, torch::kFloat);
        if (src.sizes() == p.value().sizes()) {
          p.value().copy_(src);
          ++copied;
        } else if (src.dim() == 4 && p.value().dim() == 4 && src.size(0) == p.value().size(0) && src.size(1) < p.value().size(1)) {
          // Coordinate channels (UNetConfig::coord_channels) are the last inputs of both networks.
          const int64_t coords = std::min(init_coords, unet_config.coord_channels);
          p.value().zero_();
          p.value().narrow(1, 0, src.size(1) - coords).copy_(src.narrow(1, 0, src.size(1) - coords));
          if (coords > 0) p.value().narrow(1, p.value().size(1) - coords, coords).copy_(src.narrow(1, src.size(1) - coords, coords));
          ++copied;
        }
      }
      if (cond) {
        for (auto& p : cond->named_parameters()) {
          const std::string key = "cond_stage_model." + p.key();
          if (init.weights.contains(key) && init.weights.info(key).shape == p.value().sizes().vec()) {
            p.value().copy_(init.weights.get(key, torch::kFloat));
            ++copied;
          }
        }
      }
      meter.message("initialised " + std::to_string(copied) + " tensors from " + options.init);
    }
    ema = std::make_unique<training::Ema>(*unet, ema_decay);
  }
  fs::create_directories(options.out_dir + "/samples");

  if (kind == Kind::Class || kind == Kind::Semantic) {
    // The class (or label) list travels with the model: ModelInfo::class_names reads it.
    nlohmann::json names = nlohmann::json::array();
    if (kind == Kind::Class)
      for (int c = 0; c < kShapeClasses; ++c) names.push_back(shape_class_label(c));
    else
      for (int l = 0; l < kSemanticLabels; ++l) names.push_back(semantic_label_name(l));
    std::ofstream(options.out_dir + "/classes.json") << nlohmann::json{{"classes", names}}.dump(1) << "\n";
    config["classes"] = "classes.json";
  }
  if (kind == Kind::Layout) {
    // The class list travels with the model (the engine and the GUI read it from there).
    nlohmann::json classes = nlohmann::json::array();
    for (int c = 0; c < kShapeClasses; ++c)
      classes.push_back({{"number", c}, {"id", "shapes/" + std::to_string(c)}, {"name", shape_class_label(c)}});
    std::ofstream(options.out_dir + "/classes.json") << nlohmann::json{{"classes", classes}}.dump(1) << "\n";
    config["layout"]["classes"] = "classes.json";
  }

  const NoiseSchedule schedule = NoiseSchedule::from_config(ldc.schedule);
  const at::Tensor sqrt_acp = schedule.buffer("sqrt_alphas_cumprod").to(device);
  const at::Tensor sqrt_1m_acp = schedule.buffer("sqrt_one_minus_alphas_cumprod").to(device);
  const at::Tensor snr_t = (sqrt_acp / sqrt_1m_acp).pow(2);  // alpha_bar / (1 - alpha_bar)
  const int64_t T = schedule.num_timesteps();
  const bool v_param = schedule.parameterization() == Parameterization::V;
  const bool x0_param = schedule.parameterization() == Parameterization::X0;

  auto save = [&](int64_t step) {
    StateDict sd;
    add_module_tensors(sd, *unet, "model.diffusion_model.");
    ema->add_to(sd);
    add_module_tensors(sd, ae, "first_stage_model.");
    if (cond) add_module_tensors(sd, *cond, "cond_stage_model.");
    for (const auto& name : NoiseSchedule::buffer_names()) sd.set(name, schedule.buffer(name));
    config["training"]["steps_done"] = step;
    training::write_checkpoint(sd, config, options.out_dir);
    training::save_trainer_state(state_path, {{"opt", &opt}}, step);
  };

  // Validation images through the engine's own pipelines on the checkpoint just written.
  auto validate = [&](int64_t step) {
    if (!options.write_image) return;
    const LoadedModel lm = open_model(options.out_dir);
    auto model = LatentDiffusion::load(lm.desc.config, lm.weights);
    SamplerSettings so;
    so.sampler = "ddim";
    so.steps = 25;
    so.guidance_scale = kind == Kind::Upscale || kind == Kind::Layout || kind == Kind::Semantic ? 1.0 : 3.0;
    ShapesWorldOptions held_out_options{val_seed};
    held_out_options.max_objects = world_options.max_objects;
    const ShapesWorld held_out(held_out_options);
    std::vector<Image> tiles;
    if (folder) {  // the held-out pictures (at most 8): from their captions, or their downscaled copies
      const std::vector<size_t> held = folder->held_out_indices();
      for (size_t k = 0; k < std::min<size_t>(8, held.size()); ++k) {
        const Image truth = folder->picture(held[k], size);
        const PipelineResult r =
            kind == Kind::Text
                ? txt2img(*model, *tokenizer, {folder->caption(held[k])}, "", size, size, so, static_cast<uint64_t>(k))
                : upscale(*model, F::avg_pool2d(image_to_tensor01(truth), F::AvgPool2dFuncOptions(f)), so, static_cast<uint64_t>(k));
        tiles.push_back(truth);
        tiles.push_back(tensor01_to_image(r.image01.narrow(0, 0, 1)));
      }
    }
    for (int i = 0; i < (folder ? 0 : 8); ++i) {
      const ShapeScene s = held_out.scene(static_cast<uint64_t>(i));
      const Image truth = render_scene(s, size);
      PipelineResult r;
      if (kind == Kind::Text) {
        r = txt2img(*model, *tokenizer, {s.caption}, "", size, size, so, static_cast<uint64_t>(i));
      } else if (kind == Kind::Layout) {
        r = layout2img(*model, {layout_tokens(builder, s.objects)}, size, size, so, static_cast<uint64_t>(i));
      } else if (kind == Kind::Class) {
        const ShapeObject& o = s.objects.at(0);
        r = sample_images(*model, {shape_class(o.colour, o.shape)}, kShapeClasses, 1, size, size, so, static_cast<uint64_t>(i));
      } else if (kind == Kind::Semantic) {
        r = semantic_synthesis(*model, semantic_labels(s, size).unsqueeze(0), 1, so, static_cast<uint64_t>(i));
      } else if (kind == Kind::Inpaint) {
        int hidden = -1;
        const at::Tensor m = make_mask(s, size, 1000000 + static_cast<uint64_t>(i), &hidden).unsqueeze(0);
        r = inpaint(*model, tokenizer.get(), image_to_tensor01(truth), m, s.caption, "", so, static_cast<uint64_t>(i));
      } else {
        const at::Tensor lr01 = F::avg_pool2d(image_to_tensor01(truth), F::AvgPool2dFuncOptions(f));
        r = upscale(*model, lr01, so, static_cast<uint64_t>(i));
      }
      tiles.push_back(truth);
      tiles.push_back(tensor01_to_image(r.image01.narrow(0, 0, 1)));
    }
    options.write_image(training::image_grid(tiles, static_cast<int>(std::min<size_t>(8, tiles.size()))),
                        options.out_dir + "/samples/step-" + std::to_string(step) + ".png");
  };

  torch::Generator gen = at::detail::createCPUGenerator(seed * 31 + static_cast<uint64_t>(start) + 1);
  unet->train();
  if (cond) cond->train();
  meter.restart(start);
  for (int64_t step = start; step < steps; ++step) {
    if (options.cancel && options.cancel->load()) {
      save(step);
      meter.message("cancelled at step " + std::to_string(step) + ": checkpoint saved; continue with --resume");
      throw Cancelled();
    }
    training::set_adam_lr(opt, training::lr_at(step, steps, lr, warmup, 0.1));
    // Every random number from the CPU generator (the same draws on every device), then the batch
    // moves to the device (no-ops on the CPU).
    const at::Tensor idx = torch::randint(count, {batch}, gen, torch::kLong);
    const auto mom = ds.moments.index_select(0, idx).chunk(2, 1);
    const at::Tensor z = ((mom[0] + torch::exp(0.5 * mom[1].clamp(-30, 20)) * torch::randn(mom[0].sizes(), gen)) * scale).to(device);
    const at::Tensor t = torch::randint(T, {batch}, gen, torch::kLong).to(device);
    const at::Tensor eps = torch::randn(z.sizes(), gen).to(device);
    const at::Tensor sa = sqrt_acp.index_select(0, t).view({-1, 1, 1, 1});
    const at::Tensor s1 = sqrt_1m_acp.index_select(0, t).view({-1, 1, 1, 1});
    const at::Tensor x_t = sa * z + s1 * eps;  // q_sample
    at::Tensor input = x_t, context;
    if (kind == Kind::Inpaint) {
      const auto mm = ds.masked_moments.index_select(0, idx).chunk(2, 1);
      input = torch::cat({x_t, ds.mask.index_select(0, idx).to(device), (mm[0] * scale).to(device)}, 1);  // [B, 2C+1, h, w]
    } else if (kind == Kind::Upscale) {
      input = torch::cat({x_t, ds.lr.index_select(0, idx).to(device)}, 1);  // [B, C+3, h, w]
    } else if (kind == Kind::Semantic) {
      const at::Tensor one_hot = one_hot_labels(ds.labels.index_select(0, idx), kSemanticLabels).to(device);
      input = torch::cat({x_t, cond->encode(one_hot)}, 1);  // [B, C + mapped labels, h, w]
    }
    if (cond && kind != Kind::Semantic) {
      at::Tensor tok = ds.tokens.index_select(0, idx);
      const at::Tensor drop = torch::rand({batch}, gen) < cond_dropout;  // [B]
      tok = torch::where(drop.unsqueeze(1), ds.uncond_tokens.expand_as(tok), tok);
      context = cond->encode(tok);
      // The class maps of the batch's layouts (layout.raster); a dropped layout is the empty one, whose
      // map is all zeros, as guidance samples it.
      if (kind == Kind::Layout && builder.config().raster)
        input = torch::cat({x_t, layout_class_maps(builder, tok, h, h).to(device)}, 1);
    }
    const at::Tensor pred = unet->forward(input, t, context);
    // The target follows the config's parameterization: eps, v (informative where alpha_bar is 0,
    // which an eps target is not) or x0.
    const at::Tensor target = training_target(schedule.parameterization(), z, eps, sa, s1);
    const at::Tensor err = (pred - target).pow(2);
    at::Tensor loss;
    if (snr_gamma > 0) {
      const at::Tensor snr = snr_t.index_select(0, t);  // [B]
      // Every parameterization ends up weighing the x0 error by min(SNR, gamma): an eps-loss is the
      // x0-loss times SNR, a v-loss the x0-loss times SNR + 1.
      const at::Tensor w = torch::clamp_max(snr, snr_gamma) / (v_param ? snr + 1 : x0_param ? torch::ones_like(snr) : snr);
      loss = (err.mean({1, 2, 3}) * w).mean();
    } else {
      loss = err.mean();
    }
    opt.zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(trainable, 1.0);
    opt.step();
    ema->update(*unet);
    meter.add("loss", loss.item<double>());
    meter.step_done(step + 1);
    if ((step + 1) % ckpt_every == 0 || step + 1 == steps) {
      save(step + 1);
      unet->eval();
      validate(step + 1);
      unet->train();
    }
  }
}

}  // namespace ldm
