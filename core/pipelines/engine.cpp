// Engine facade (core/api/engine.h): model cache, the request's defaults and checks, seeds, progress,
// previews and cancellation around the pipelines of core/pipelines/pipelines.h.
#include "core/api/engine.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <tuple>
#include <utility>

#include "core/api/sampler_registry.h"
#include "core/error.h"
#include "core/io/model_identity.h"
#include "core/io/model_loader.h"
#include "core/layout/layout_classes.h"
#include "core/layout/objects_bbox_conditional_builder.h"
#include "core/models/text_encoder.h"
#include "core/pipelines/embeddings.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/latent_preview.h"
#include "core/pipelines/lora.h"
#include "core/pipelines/pipelines.h"
#include "core/runtime/cancel.h"
#include "core/runtime/cpu_allocator.h"
#include "core/runtime/runtime.h"
#include "core/text/strings.h"
#include "core/text/tokenizer.h"

namespace ldm {
namespace {

namespace fs = std::filesystem;

struct CachedModel {
  std::shared_ptr<LatentDiffusion> model;
  std::shared_ptr<const Tokenizer> tokenizer;  // text models only
  std::unique_ptr<LatentPreview> preview;      // fitted on first use
  ModelInfo info;
  std::string dir;                             // folder of the weights (classes.json of layout models)
  std::unique_ptr<LoraMerger> loras;           // created by the first request with a LoRA
  std::shared_ptr<EmbeddingLibrary> embeddings;  // CLIP text models: textual inversions, read when named
  std::string model_hash;                      // SHA-256 of the weights (model_identity.h), for the PNG
  std::string weights_path, weights_stamp;     // the file read, and its file_stamp() then
  double seconds_per_pixel = -1;               // of a decode, measured once

  // What a decode costs per output pixel: one decode of a 16x16 latent, timed (the first time only).
  double decode_seconds_per_pixel(LatentDiffusion& m) {
    if (seconds_per_pixel < 0) {
      const at::Tensor z = at::zeros({1, m.latent_channels(), 16, 16}, at::TensorOptions().device(m.device()));
      m.decode_first_stage(z, true);  // warm-up (allocations, kernels)
      const auto t0 = std::chrono::steady_clock::now();
      m.decode_first_stage(z, true);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double f = static_cast<double>(m.downsampling_factor());
      seconds_per_pixel = s / (16.0 * f * 16.0 * f);
    }
    return seconds_per_pixel;
  }
};

// Previews: decoded when a decode costs at most this many sampling steps (else projected), and then no
// more often than keeps them within this share of the sampling time.
constexpr double kPreviewDecodeSteps = 4.0;
constexpr double kPreviewShare = 0.33;
// ... but never fewer than this many decoded previews a run (a busy machine makes a decode look dear
// against one step; two pictures in a 20-step run is a frozen window, not a preview).
constexpr int kMinDecodedPreviews = 4;

// ldm::Image (1, 3 or 4 channels) -> [1, 3, H, W] in [0, 1].
at::Tensor rgb01(const Image& image, const char* what) {
  if (image.empty()) throw RequestError(std::string("no ") + what + " given", ErrorCode::MissingInput);
  at::Tensor t = image_to_tensor01(image);
  if (t.size(1) == 1) t = t.expand({1, 3, -1, -1}).contiguous();
  if (t.size(1) == 4) t = t.narrow(1, 0, 3).contiguous();
  return t;
}

Image rgb_image(const at::Tensor& x01) { return tensor01_to_image(x01.narrow(1, 0, 3)); }

c10::ScalarType precision_dtype(const std::string& p) {
  if (p == "fp32") return torch::kFloat;
  if (p == "fp16") return torch::kHalf;
  if (p == "bf16") return torch::kBFloat16;
  throw RequestError("unknown precision '" + p + "': use fp32, fp16 or bf16", ErrorCode::PrecisionUnsupported);
}

std::string cache_key(const GenerationRequest& r, bool low_memory) {
  return r.model + "|" + r.model_config + "|" + r.vae + "|" + r.ema + "|" + r.device + "|" + r.precision + "|" +
         (low_memory ? "low" : "keep");
}

// MemoryUse::Auto's rule (core/api/engine.h), from the weights' parameter counts.
bool wants_low_memory(MemoryUse m, const GenerationRequest& r, const ModelInfo& info) {
  if (m != MemoryUse::Auto) return m == MemoryUse::Low;
  return auto_chooses_low_memory(info.parameters, r.precision, r.device, available_memory_bytes());
}

OpenOptions open_options(const GenerationRequest& r) {
  OpenOptions o;
  o.config_path = r.model_config;
  o.vae_path = r.vae;
  if (r.ema == "on") o.ema = EmaMode::Use;
  else if (r.ema == "off") o.ema = EmaMode::Ignore;
  else if (r.ema != "auto") throw RequestError("unknown EMA choice '" + r.ema + "': use auto, on or off");
  return o;
}

// Checks that need no model: device, precision, batch, the inputs a task needs.
void check_request_alone(const GenerationRequest& r) {
  if (r.batch < 1 || r.batch > 64) throw RequestError("batch must be between 1 and 64");
  if (r.batch_index >= r.batch) throw RequestError("batch_index must be below the batch size");
  if (r.device != "cpu" && r.device != "cuda") throw RequestError("unknown device '" + r.device + "': use cpu or cuda");
  if (r.device == "cuda" && !torch::cuda::is_available())
    throw RequestError("no CUDA device is available: use the CPU", ErrorCode::NoCudaDevice);
  precision_dtype(r.precision);
  if (r.precision == "fp16" && r.device == "cpu")
    throw RequestError("fp16 is not supported on the CPU: use fp32 or bf16", ErrorCode::PrecisionUnsupported);
  if (r.strength > 1.0) throw RequestError("strength must be in (0, 1]");
  if (r.hires_upscaler != "latent" && r.hires_upscaler != "bicubic")
    throw RequestError("unknown hires upscaler '" + r.hires_upscaler + "': use latent or bicubic");
  if (r.hires_scale != 0.0) {
    if (r.task != Task::Txt2Img) throw RequestError("hires fix is a text-to-image option");
    if (!(r.hires_scale >= 1.0 && r.hires_scale <= 4.0)) throw RequestError("hires scale must be between 1 and 4");
    if (r.hires_steps < 0 || r.hires_steps > 1000) throw RequestError("hires steps must be between 0 and 1000");
  }
  if (r.clip_skip < 1) throw RequestError("clip skip must be 1 or more (1 = the model's own layer)");
}

// Checks of the request with its defaults filled in, against the model that will run it.
SamplerSettings checked_settings(const GenerationRequest& r, const ModelInfo& info) {
  if (!info.serves(r.task)) {
    std::string serves;
    for (Task t : info.tasks) serves += std::string(serves.empty() ? "" : ", ") + task_name(t);
    throw RequestError("'" + info.name + "' is a " + info.family_name + " model and cannot do " + task_name(r.task) +
                       (serves.empty() ? std::string() : " (it serves: " + serves + ")"),
                       ErrorCode::WrongModelForTask);
  }
  if (r.steps < 1 || r.steps > 1000) throw RequestError("steps must be between 1 and 1000");
  if (r.clip_skip != 1 && info.family != "sd1" && info.family != "sd2" && info.family != "sd-inpaint")
    throw RequestError("clip skip applies to CLIP text encoders (Stable Diffusion); use 1 with " + info.family_name);
  SamplerSettings s;
  s.sampler = r.sampler;
  s.steps = r.steps;
  s.eta = r.eta;
  s.guidance_scale = r.cfg_scale;
  s.karras = r.karras;
  s.strength = (r.task == Task::Img2Img || r.task == Task::Upscale) ? r.strength : 1.0;
  validate_sampler_settings(s);
  return s;
}

// The step's predicted picture at the output size: decoded, or projected and upsampled bilinearly.
Image preview_image(CachedModel& lm, const at::Tensor& pred_x0, bool decode, int width, int height) {
  namespace F = torch::nn::functional;
  at::Tensor rgb;
  if (decode) {
    rgb = lm.model->decode_first_stage(pred_x0.narrow(0, 0, 1), true);
  } else {
    if (!lm.preview) lm.preview = std::make_unique<LatentPreview>(LatentPreview::for_model(*lm.model));
    rgb = lm.preview->project(pred_x0.narrow(0, 0, 1));
  }
  auto x = to01(rgb.to(torch::kFloat).cpu());
  if (x.size(2) != height || x.size(3) != width)
    x = F::interpolate(x, F::InterpolateFuncOptions()
                              .size(std::vector<int64_t>{height, width})
                              .mode(torch::kBilinear)
                              .align_corners(false));
  return tensor01_to_image(x.clamp(0, 1));
}

// Outpainting: the canvas grows by the request's margins (the right and bottom ones, or the left and top
// ones when only those are given, take what rounding to the size multiple adds); the new pixels repeat
// the nearest edge pixel, which gives the model the colours to continue, and are white in the mask.
void extend_for_outpainting(GenerationRequest* req, int multiple) {
  const Image& im = req->init_image;
  if (im.empty()) throw RequestError("no image given to outpaint", ErrorCode::MissingInput);
  for (int m : {req->outpaint_left, req->outpaint_top, req->outpaint_right, req->outpaint_bottom})
    if (m < 0 || m > 4096) throw RequestError("outpainting margins must be between 0 and 4096 pixels", ErrorCode::InvalidSize);
  if (!req->mask.empty() && (req->mask.width != im.width || req->mask.height != im.height))
    throw RequestError("the mask is " + std::to_string(req->mask.width) + "x" + std::to_string(req->mask.height) +
                       " but the image is " + std::to_string(im.width) + "x" + std::to_string(im.height));
  const OutpaintMargins m = rounded_outpaint_margins(
      {req->outpaint_left, req->outpaint_top, req->outpaint_right, req->outpaint_bottom}, im.width, im.height, multiple);
  const int L = m.left, T = m.top, R = m.right, B = m.bottom;
  const int W = im.width + L + R, H = im.height + T + B;
  Image out = Image::blank(W, H, 3), mask = Image::blank(W, H, 1);
  const int c = im.channels;
  for (int y = 0; y < H; ++y) {
    const int sy = std::clamp(y - T, 0, im.height - 1);
    for (int x = 0; x < W; ++x) {
      const int sx = std::clamp(x - L, 0, im.width - 1);
      const uint8_t* src = &im.pixels[(static_cast<size_t>(sy) * im.width + sx) * c];
      uint8_t* dst = &out.pixels[(static_cast<size_t>(y) * W + x) * 3];
      for (int k = 0; k < 3; ++k) dst[k] = src[c >= 3 ? k : 0];
      const bool inside = x >= L && x < L + im.width && y >= T && y < T + im.height;
      uint8_t m = 255;
      if (inside) m = req->mask.empty() ? 0 : req->mask.pixels[(static_cast<size_t>(sy) * im.width + sx) * req->mask.channels];
      mask.pixels[static_cast<size_t>(y) * W + x] = m;
    }
  }
  req->init_image = std::move(out);
  req->mask = std::move(mask);
}

// The hires fix's final size: each side times the scale, rounded to the model's multiple.
std::pair<int, int> hires_size(LatentDiffusion& model, const GenerationRequest& req) {
  const int multiple = size_multiple(model);
  auto scaled = [&](int v) {
    return std::max(multiple, static_cast<int>(std::lround(v * req.hires_scale / multiple)) * multiple);
  };
  return {scaled(req.width), scaled(req.height)};
}

// A1111's hires fix: the picture at the request's size, upscaled (its latent, bilinear; or the picture,
// bicubic, then encoded with a posterior sample), then img2img at the larger size from there: noised to
// `strength` and sampled with hires_steps (0: the same steps) and the same seed. Progress runs over both
// passes; previews show the first pass at the final size.
PipelineResult hires_fix(LatentDiffusion& model, const Tokenizer& tokenizer, const std::vector<std::string>& prompts,
                         GenerationRequest& req, const SamplerSettings& s, uint64_t seed, const PipelineHooks& hooks,
                         int* out_w, int* out_h) {
  const auto [W, H] = hires_size(model, req);
  *out_w = W, *out_h = H;
  SamplerSettings second = s;
  second.steps = req.hires_steps > 0 ? req.hires_steps : s.steps;
  second.strength = req.strength;
  validate_sampler_settings(second);
  const int second_total = std::max(1, static_cast<int>(second.strength * second.steps));
  int first_total = s.steps;
  PipelineHooks first_hooks = hooks, second_hooks = hooks;
  first_hooks.on_step = [&](int step, int total, const at::Tensor& x, const at::Tensor& x0) {
    first_total = total;
    if (hooks.on_step) hooks.on_step(step, total + second_total, x, x0);
  };
  second_hooks.on_step = [&](int step, int total, const at::Tensor& x, const at::Tensor& x0) {
    if (hooks.on_step) hooks.on_step(first_total + step, first_total + total, x, x0);
  };
  PipelineResult first = txt2img(model, tokenizer, prompts, req.negative_prompt, req.width, req.height, s, seed, first_hooks,
                                 at::Tensor());
  namespace F = torch::nn::functional;
  const int64_t f = model.downsampling_factor();
  at::Tensor init01;
  if (req.hires_upscaler == "latent") {
    second.init_latent = F::interpolate(first.latent, F::InterpolateFuncOptions()
                                                          .size(std::vector<int64_t>{H / f, W / f})
                                                          .mode(torch::kBilinear)
                                                          .align_corners(false));
  } else {
    init01 = first.image01;  // txt2img's init path upscales it bicubically to W x H, then encodes it
  }
  PipelineResult r = txt2img(model, tokenizer, prompts, req.negative_prompt, W, H, second, seed, second_hooks, init01);
  r.warnings.insert(r.warnings.begin(), first.warnings.begin(), first.warnings.end());
  return r;
}

}  // namespace

struct Engine::Impl {
  std::map<std::string, std::shared_ptr<CachedModel>> cache;
  bool running_low = false;  // the current run's model takes turns in memory (for the out-of-memory advice)

  ModelInfo describe(const GenerationRequest& r) {
    for (bool low : {false, true}) {
      auto it = cache.find(cache_key(r, low));
      if (it != cache.end()) return it->second->info;
    }
    return model_info_of(open_model(r.model, open_options(r)), r.model);
  }

  // The cached model for `key`, unless its checkpoint was replaced, rewritten or deleted since it was
  // loaded: then it is opened again, and the user gets the file as it is now, or a clear error for it (the
  // loaded copy never reads the file again).
  std::shared_ptr<CachedModel> cached(const std::string& key) {
    auto it = cache.find(key);
    if (it != cache.end() && file_stamp(it->second->weights_path) == it->second->weights_stamp) return it->second;
    return nullptr;
  }

  std::shared_ptr<CachedModel> get(const GenerationRequest& r, MemoryUse memory) {
    // Auto keeps a loaded model as it was loaded: the memory it takes now is no longer "available", and
    // measuring again would flip the choice and load it again on every other run.
    for (bool low : {false, true}) {
      if (memory != MemoryUse::Auto && low != (memory == MemoryUse::Low)) continue;
      if (auto lm = cached(cache_key(r, low))) return lm;
    }
    // One model at a time keeps memory bounded (the GUI switches models rarely).
    cache.clear();
    LoadedModel opened = open_model(r.model, open_options(r));
    const at::Device dev = r.device == "cuda" ? at::Device(at::kCUDA) : at::Device(at::kCPU);
    auto lm = std::make_shared<CachedModel>();
    lm->info = model_info_of(opened, r.model);
    const bool low_memory = wants_low_memory(memory, r, lm->info);
    const std::string key = cache_key(r, low_memory);
    lm->model = LatentDiffusion::load(opened.desc.config, opened.weights, precision_dtype(r.precision), dev, low_memory);
    if (lm->model->config().cond_stage == CondStage::Text) lm->tokenizer = tokenizer_for(*lm->model);
    lm->dir = fs::path(opened.path).parent_path().string();
    lm->weights_path = opened.path;
    lm->weights_stamp = file_stamp(opened.path);
    // Hashed here, on the engine's thread (once per file and machine: the hash is cached), so that saving
    // a picture names the model by its hash without reading gigabytes on the GUI thread.
    try {
      lm->model_hash = model_ref(r.model).sha256;
    } catch (const Error&) {
    }
    cache[key] = lm;
    return lm;
  }
};

namespace {
constexpr std::pair<MemoryUse, const char*> kMemoryUseNames[] = {
    {MemoryUse::Auto, "auto"}, {MemoryUse::Keep, "keep"}, {MemoryUse::Low, "low"}};
}  // namespace

bool auto_chooses_low_memory(int64_t parameters, const std::string& precision, const std::string& device,
                             long long available_bytes) {
  if (device != "cpu" || available_bytes <= 0) return false;
  const double bytes = static_cast<double>(parameters) * (precision == "fp32" ? 4.0 : 2.0);
  return bytes > 0.4 * static_cast<double>(available_bytes);
}

bool parse_memory_use(const std::string& name, MemoryUse* out) {
  for (const auto& [use, text] : kMemoryUseNames) {
    if (name == text) {
      *out = use;
      return true;
    }
  }
  return false;
}

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() = default;

void Engine::unload_all() { impl_->cache.clear(); }

namespace {

// Out of memory, with the request's size and what to try: LibTorch reports it as c10::Error
// ("DefaultCPUAllocator: can't allocate", "CUDA out of memory"), the C++ runtime as bad_alloc.
// `low`: the model's parts were taking turns already, or would not make room enough (else taking turns
// is suggested too, and the code says which: ErrorCode::OutOfMemory or TooLargeForMemory).
[[noreturn]] void rethrow_out_of_memory(const GenerationRequest& r, const std::string& detail, bool low) {
  const std::string size =
      r.width > 0 && r.height > 0 ? std::to_string(r.width) + "x" + std::to_string(r.height) : "the model's size";
  std::string message = "out of memory for " + std::to_string(r.batch) + (r.batch == 1 ? " image of " : " images of ") + size + " on the " +
                        (r.device == "cuda" ? "GPU" : "CPU");
  if (!detail.empty()) message += " (" + detail + ")";
  message += ": try a smaller size or batch";
  if (r.device == "cuda" && r.precision == "fp32") message += ", fp16";
  if (r.task == Task::Upscale) message += ", smaller tiles";
  if (!low) message += ", or low memory (--memory low: the model's parts take turns)";
  throw Error(message, low ? ErrorCode::TooLargeForMemory : ErrorCode::OutOfMemory);
}

bool is_out_of_memory(const std::string& what) {
  return what.find("out of memory") != std::string::npos || what.find("can't allocate") != std::string::npos ||
         what.find("Cannot allocate memory") != std::string::npos;
}

// A run whose tensors cannot fit in the memory the CPU has free is refused before it starts: on Linux
// an allocation too large is not refused but ends in the kernel's out-of-memory killer, which takes
// the GUI (and an unsaved canvas) with it (16384x16384 on the bundled model: 22.7 GB resident within
// a minute on a 24 GB machine). GPU allocations fail with an error instead, caught in Engine::run.
// The need: the larger of one UNet call at the size it runs at (a tile for tiled tasks;
// UNetConfig::forward_peak_bytes, guidance's two halves) and one image's decode (whole, or a tile
// beyond LatentDiffusion::kTiledDecodeLatentArea; AutoencoderConfig::decode_peak_bytes), for the
// sampler gives its cached blocks back before the decode; plus the pixels of the result (decoded,
// clamped, converted).
void check_fits_in_memory(LatentDiffusion& model, const GenerationRequest& r, int out_w, int out_h) {
  const long long free_bytes = available_memory_bytes();
  if (r.device == "cuda" || free_bytes <= 0 || out_w <= 0 || out_h <= 0) return;
  const int64_t f = model.downsampling_factor();
  int64_t h = (out_h + f - 1) / f, w = (out_w + f - 1) / f;
  int64_t decode_h = h, decode_w = w;
  if (h * w > LatentDiffusion::kTiledDecodeLatentArea) {
    decode_h = std::min(h, LatentDiffusion::kDecodeTile);
    decode_w = std::min(w, LatentDiffusion::kDecodeTile);
  }
  // Sampled in tiles (pipelines.cpp: upscale when larger than a tile; semantic synthesis when asked or larger
  // than kTiledSemanticLatentArea).
  if (r.task == Task::Upscale || (r.task == Task::Semantic && (r.tile > 0 || h * w > kTiledSemanticLatentArea))) {
    const int64_t tile = tile_latent(model, r.tile);
    h = std::min(h, tile), w = std::min(w, tile);
  }
  const bool guided = r.task != Task::Upscale && r.cfg_scale != 1.0;  // a conditional and an unconditional half
  const int64_t samples = int64_t(r.batch) * (guided ? 2 : 1);
  const int64_t element_bytes = r.precision == "bf16" ? 2 : 4;
  const int64_t unet = model.unet_config().forward_peak_bytes(samples, h, w, element_bytes);
  const int64_t decode = model.first_stage_config().decode_peak_bytes(1, decode_h, decode_w, element_bytes);
  const int64_t pixels = 3 * int64_t(r.batch) * 3 * out_h * out_w * int64_t(sizeof(float));
  const double need = static_cast<double>(std::max(unet, decode) + pixels);
  const double have = static_cast<double>(free_bytes) + static_cast<double>(cpu_cache_stats().cached_bytes);
  if (need <= have) return;
  char detail[96];
  std::snprintf(detail, sizeof detail, "about %.1f GB needed, %.1f GB free", need / 1e9, have / 1e9);
  GenerationRequest sized;  // what the message names: the batch and the size the run makes
  sized.device = r.device, sized.task = r.task, sized.batch = r.batch;
  sized.width = out_w, sized.height = out_h;
  rethrow_out_of_memory(sized, detail, true);
}

}  // namespace

GenerationResult Engine::run(const GenerationRequest& request, const RunOptions& options) {
  // An idle application keeps no sampler working set (core/runtime/cpu_allocator.h).
  struct ReleaseCache {
    ~ReleaseCache() { release_cpu_cache(); }
  } release_at_end;
  impl_->running_low = options.memory == MemoryUse::Low;
  try {
    return run_checked(request, options);
  } catch (const std::bad_alloc&) {
    rethrow_out_of_memory(request, "", impl_->running_low);
  } catch (const c10::Error& e) {
    const std::string what = e.what_without_backtrace();
    if (!is_out_of_memory(what)) throw;
    // LibTorch's CPU message names the size it could not get: say that, not its source location.
    const size_t tried = what.find("you tried to allocate ");
    if (tried != std::string::npos) {
      const double bytes = std::atof(what.c_str() + tried + 22);
      char detail[64];
      std::snprintf(detail, sizeof detail, "%.0f MB more could not be allocated", bytes / 1e6);
      rethrow_out_of_memory(request, detail, impl_->running_low);
    }
    rethrow_out_of_memory(request, what.substr(0, what.find('\n')).substr(0, 160), impl_->running_low);
  }
}

GenerationResult Engine::run_checked(const GenerationRequest& request_in, const RunOptions& options) {
  const auto t_start = std::chrono::steady_clock::now();
  const CancelScope cancel_scope(options.cancel);
  GenerationRequest req = request_in;
  GenerationResult result;

  // ---- the request: checks that need no model, the model's defaults, then every check
  check_request_alone(req);
  if (req.model.empty()) req.model = bundled_model_path(req.task);
  if (req.model.empty())
    throw RequestError(std::string("no model given for ") + task_name(req.task) +
                       " and no bundled default is installed: choose a model",
                       ErrorCode::NoModel);
  apply_model_defaults(impl_->describe(req), &req);
  SamplerSettings s = checked_settings(req, impl_->describe(req));
  if (req.seed < 0) {
    std::random_device rd;
    req.seed = static_cast<int64_t>(((static_cast<uint64_t>(rd()) << 32) | rd()) & 0x7fffffffffffULL);
  }

  // ---- the model (cancel is honoured while it loads)
  auto lm = impl_->get(req, options.memory);
  impl_->running_low = lm->model->low_memory();
  LatentDiffusion& model = *lm->model;
  const bool vae_upcast_before = model.first_stage_upcast();
  model.set_clip_skip(req.clip_skip);
  // LoRAs: the request's and the prompt's <lora:name:w> tags (taken out of the text that is encoded).
  std::string prompt = req.prompt;
  std::vector<LoraRef> loras;
  for (LoraRef l : req.loras) {
    l.path = resolve_lora(l.path, lm->dir);
    loras.push_back(l);
  }
  for (LoraRef l : extract_lora_tags(&prompt)) {
    if (l.path.find('/') != std::string::npos)
      throw RequestError("<lora:" + l.path + "> names a path: a prompt names LoRAs by file name (see ldm txt2img --help)");
    l.path = resolve_lora(l.path, lm->dir);
    loras.push_back(l);
  }
  if (!loras.empty() && !lm->loras) lm->loras = std::make_unique<LoraMerger>(model);
  if (lm->loras) lm->loras->set(loras);
  req.lora_hashes.clear();
  for (const LoraRef& l : loras) req.lora_hashes.push_back({fs::path(l.path).stem().string(), lora_short_hash(l.path)});
  // Textual inversions: the embedding folders' and the request's files, read when a prompt names them.
  req.ti_hashes.clear();
  std::vector<std::string> explicit_embeddings;
  if (lm->tokenizer && (lm->tokenizer->kind() == "clip_sd1" || lm->tokenizer->kind() == "clip_sd2")) {
    if (!lm->embeddings) lm->embeddings = std::make_shared<EmbeddingLibrary>(model.cond_stage()->context_dim());
    std::vector<EmbeddingFile> files = find_embeddings(lm->dir);
    for (const std::string& e : req.embeddings) {
      files.push_back(resolve_embedding(e, lm->dir));
      explicit_embeddings.push_back(files.back().name);
    }
    lm->embeddings->set_files(files);
    model.set_embeddings(lm->embeddings);
  } else if (!req.embeddings.empty()) {
    throw RequestError("textual-inversion embeddings need a Stable Diffusion model (a CLIP text encoder)",
                       ErrorCode::WrongModelForTask);
  }
  // A prompt given to a model without a text encoder (class, layout, label map, super-resolution,
  // unconditional): said once rather than silently left out.
  if (!lm->info.takes_prompt && (!text::trim(req.prompt).empty() || !text::trim(req.negative_prompt).empty()))
    result.warnings.push_back("this model takes no text: the prompt and negative prompt are not used");
  if (req.task == Task::Txt2Img || req.task == Task::Img2Img || req.task == Task::Layout || req.task == Task::Sample)
    validate_size(&req.width, &req.height, size_multiple(model), &result.warnings);
  if (req.task == Task::Upscale || req.task == Task::Semantic)
    validate_tiles(req.tile, req.tile_stride, size_multiple(model), static_cast<int>(model.downsampling_factor()));

  // ---- progress and previews
  int out_w = req.width, out_h = req.height;
  // One kind of preview a run, chosen after the first step from what a decode costs against that step
  // (both measured on this machine, under its present load): the decoder's picture where a decode
  // costs at most kPreviewDecodeSteps steps, shown every `decode_every` steps so that previews take at
  // most kPreviewShare of the sampling time (and on the last step), at least kMinDecodedPreviews a run;
  // else the fitted projection, every step. The first step shows none.
  enum class PreviewKind { Undecided, Decoded, Projected } preview_kind = PreviewKind::Undecided;
  int decode_every = 1;
  double decode_estimate = 0;
  auto t_sampling = std::chrono::steady_clock::now();
  PipelineHooks hooks;
  hooks.cancel = options.cancel;
  hooks.on_step = [&](int step, int total, const at::Tensor&, const at::Tensor& pred_x0) {
    throw_if_cancelled();
    if (!options.on_step) return;
    StepInfo info;
    info.step = step + 1;
    info.total = total;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_sampling).count();
    info.its_per_sec = elapsed > 0 ? info.step / elapsed : 0.0;
    info.eta_seconds = info.its_per_sec > 0 ? (total - info.step) / info.its_per_sec : 0.0;
    if (options.previews) {
      if (preview_kind == PreviewKind::Undecided && model.low_memory()) {
        // A decode would send the UNet away every time: projected previews only (from the next step).
        preview_kind = PreviewKind::Projected;
      } else if (preview_kind == PreviewKind::Undecided) {
        decode_estimate = lm->decode_seconds_per_pixel(model) * out_w * out_h;
        const double ratio = decode_estimate / std::max(elapsed, 1e-6);
        preview_kind = ratio <= kPreviewDecodeSteps ? PreviewKind::Decoded : PreviewKind::Projected;
        decode_every = std::max(1, std::min(static_cast<int>(std::ceil(ratio / kPreviewShare)),
                                            total / kMinDecodedPreviews));
        t_sampling = std::chrono::steady_clock::now() - std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                              std::chrono::duration<double>(elapsed));
      } else if (preview_kind == PreviewKind::Projected || step % decode_every == 0 || info.step == total) {
        const bool decoded = preview_kind == PreviewKind::Decoded;
        const auto t0 = std::chrono::steady_clock::now();
        info.preview = preview_image(*lm, pred_x0, decoded, out_w, out_h);
        info.decoded_preview = decoded;
        t_sampling += std::chrono::steady_clock::now() - t0;  // it/s and the ETA count sampling only
      }
    }
    options.on_step(info);
  };


  // The size of the result where the input sets it (inpainting: the picture with its outpainting
  // margins; super-resolution: the input times the factor), then the memory check at the size the run makes.
  if (req.task == Task::Inpaint) {
    if (req.outpaint_left || req.outpaint_top || req.outpaint_right || req.outpaint_bottom)
      extend_for_outpainting(&req, size_multiple(model));
    req.width = req.init_image.width, req.height = req.init_image.height;
  }
  if (req.task == Task::Upscale) {
    req.width = req.init_image.width * static_cast<int>(model.downsampling_factor());
    req.height = req.init_image.height * static_cast<int>(model.downsampling_factor());
  }
  {
    int w = req.width, h = req.height;
    if ((req.task == Task::Txt2Img || req.task == Task::Img2Img) && req.hires_scale > 1.0) std::tie(w, h) = hires_size(model, req);
    if (req.task == Task::Semantic && (w == 0 || h == 0)) w = req.segmentation.width, h = req.segmentation.height;
    check_fits_in_memory(model, req, w, h);
  }

  c10::InferenceMode inference;
  const uint64_t seed = static_cast<uint64_t>(req.seed);
  PipelineResult r;
  switch (req.task) {
    case Task::Txt2Img:
    case Task::Img2Img: {
      if (!lm->tokenizer)
        throw RequestError("this model takes no prompt: use a text-to-image model", ErrorCode::WrongModelForTask);
      at::Tensor init;
      if (req.task == Task::Img2Img) init = rgb01(req.init_image, "init image");
      const std::vector<std::string> prompts(static_cast<size_t>(req.batch), prompt);
      if (req.hires_scale > 1.0) {
        r = hires_fix(model, *lm->tokenizer, prompts, req, s, seed, hooks, &out_w, &out_h);
      } else {
        r = txt2img(model, *lm->tokenizer, prompts, req.negative_prompt, req.width, req.height, s, seed, hooks, init);
      }
      for (int64_t b = 0; b < r.image01.size(0); ++b) result.images.push_back(rgb_image(r.image01.narrow(0, b, 1)));
      break;
    }
    case Task::Inpaint: {
      const at::Tensor image = rgb01(req.init_image, "image to inpaint");
      if (req.mask.empty()) throw RequestError("no mask given: white marks the area to repaint", ErrorCode::MissingInput);
      const at::Tensor mask = image_to_tensor01(req.mask).narrow(1, 0, 1);
      // (the GUI refuses an empty mask before it asks; outpainting margins are white in the mask by now)
      if (mask.max().item<float>() == 0.0f)
        throw RequestError("the mask is black everywhere, so nothing would be repainted: white marks the area to repaint",
                           ErrorCode::MissingInput);
      out_w = req.width;
      out_h = req.height;
      InpaintOptions o;
      o.mask_feather = req.mask_feather;
      o.blend_known = req.blend_known == Toggle::On;
      r = inpaint(model, lm->tokenizer.get(), image, mask, prompt, req.negative_prompt, s, seed, o, hooks, req.batch);
      Image original = req.init_image;
      if (original.channels != 3) original = rgb_image(image);
      for (int64_t b = 0; b < r.decoded.size(0); ++b) {
        const Image generated = rgb_image(to01(r.decoded.narrow(0, b, 1)));
        result.images.push_back(req.keep_unmasked == Toggle::On
                                    ? composite_keep_unmasked(original, generated, req.mask, req.mask_feather)
                                    : generated);
      }
      break;
    }
    case Task::Layout: {
      const LayoutClasses& classes = LayoutClasses::for_model(model.config().raw, lm->dir);
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
    case Task::Sample: {
      std::vector<int64_t> classes;
      if (lm->info.family == "ldm-class") {
        // A class, or the embedding's extra "no class" entry (guidance's unconditional input), which
        // then samples the model unconditionally.
        const bool no_class = req.class_label >= 0 && req.class_label == lm->info.unconditional_class;
        if (!no_class && (req.class_label < 0 || req.class_label >= static_cast<int>(lm->info.class_names.size())))
          throw RequestError("a class-conditional model needs a class: 0.." +
                                 std::to_string(lm->info.class_names.size() - 1) + " or a name",
                             ErrorCode::MissingInput);
        classes.assign(static_cast<size_t>(req.batch), req.class_label);
      } else if (req.class_label >= 0) {
        throw RequestError("'" + lm->info.name + "' is unconditional and takes no class", ErrorCode::WrongModelForTask);
      }
      r = sample_images(model, classes, lm->info.unconditional_class, req.batch, req.width, req.height, s, seed, hooks);
      for (int64_t b = 0; b < r.image01.size(0); ++b) result.images.push_back(rgb_image(r.image01.narrow(0, b, 1)));
      break;
    }
    case Task::Semantic: {
      if (req.segmentation.empty())
        throw RequestError("no label map given: one 8-bit channel, a pixel's value is its label", ErrorCode::MissingInput);
      const Image& map = req.segmentation;
      at::Tensor labels = image_to_tensor01(map).narrow(1, 0, 1).mul(255.0).round().to(torch::kLong).squeeze(1);
      if (req.width == 0) req.width = map.width;
      if (req.height == 0) req.height = map.height;
      if (req.width != map.width || req.height != map.height)  // another size: the map resampled (nearest)
        labels = torch::nn::functional::interpolate(
                     labels.unsqueeze(1).to(torch::kFloat),
                     torch::nn::functional::InterpolateFuncOptions()
                         .size(std::vector<int64_t>{req.height, req.width})
                         .mode(torch::kNearest))
                     .squeeze(1)
                     .to(torch::kLong);
      out_w = req.width;
      out_h = req.height;
      r = semantic_synthesis(model, labels, req.batch, s, seed, hooks, req.tile, req.tile_stride);
      for (int64_t b = 0; b < r.image01.size(0); ++b) result.images.push_back(rgb_image(r.image01.narrow(0, b, 1)));
      break;
    }
    case Task::Upscale: {
      at::Tensor lr = rgb01(req.init_image, "image to upscale");
      const int f = static_cast<int>(model.downsampling_factor());
      out_w = req.width;
      out_h = req.height;
      // The UNet takes the input at latent size, in multiples of its downsampling: an input of other
      // sides is padded at the right and bottom with its edge pixels, and the result cropped back.
      const int in_multiple = std::max(1, size_multiple(model) / f);
      const int pad_w = (in_multiple - req.init_image.width % in_multiple) % in_multiple;
      const int pad_h = (in_multiple - req.init_image.height % in_multiple) % in_multiple;
      if (pad_w || pad_h) {
        namespace F = torch::nn::functional;
        lr = F::pad(lr, F::PadFuncOptions({0, pad_w, 0, pad_h}).mode(torch::kReplicate));
        result.warnings.push_back("the input (" + std::to_string(req.init_image.width) + "x" +
                                  std::to_string(req.init_image.height) + ") was padded to " +
                                  std::to_string(lr.size(3)) + "x" + std::to_string(lr.size(2)) +
                                  " with its edge pixels for this model's multiples of " + std::to_string(in_multiple) +
                                  ", and the result cropped back to " + std::to_string(out_w) + "x" + std::to_string(out_h));
      }
      UpscaleOptions o;
      o.tile = req.tile;
      o.tile_stride = req.tile_stride;
      o.match_input = req.match_input == Toggle::On;
      o.start_from_input = req.start_from_input == Toggle::On;
      o.batch = req.batch;
      if (!o.start_from_input) s.strength = 1.0;  // from noise: every step
      r = upscale(model, lr, s, seed, o, hooks);
      r.image01 = r.image01.narrow(2, 0, out_h).narrow(3, 0, out_w);
      for (int64_t b = 0; b < r.image01.size(0); ++b) result.images.push_back(rgb_image(r.image01.narrow(0, b, 1)));
      break;
    }
  }
  if (lm->embeddings) {
    std::vector<std::string> used;
    for (size_t i : lm->embeddings->used()) {
      const TextualInversion& t = lm->embeddings->embedding(i);
      req.ti_hashes.push_back({t.name, t.sha256.substr(0, 10)});
      used.push_back(t.name);
    }
    for (const std::string& name : explicit_embeddings)
      if (std::find(used.begin(), used.end(), name) == used.end())
        result.warnings.push_back("embedding '" + name + "' is not named in the prompt or negative prompt: write " +
                                  name + " where its vectors go");
  }
  if (req.batch_index >= 0) result.images = {result.images.at(static_cast<size_t>(req.batch_index))};
  result.warnings.insert(result.warnings.end(), r.warnings.begin(), r.warnings.end());
  if (model.first_stage_upcast() && !vae_upcast_before)
    result.warnings.push_back("the " + req.precision + " VAE decode gave NaN/inf values: decoded again in fp32 (the VAE "
                              "of this model stays in fp32 until it is loaded again)");
  req.model_hash = lm->model_hash;
  result.request = req;
  result.model = lm->info;
  result.low_memory = model.low_memory();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  return result;
}

}  // namespace ldm
