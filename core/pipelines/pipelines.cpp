#include "core/pipelines/pipelines.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "core/error.h"
#include "core/layout/layout_raster.h"
#include "core/layout/objects_bbox_conditional_builder.h"
#include "core/models/first_stage.h"
#include "core/models/text_encoder.h"
#include "core/models/unet_model.h"
#include "core/pipelines/embeddings.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/tiled_sampling.h"
#include "core/sampling/samplers.h"
#include "core/text/prompt_weighting.h"
#include "core/text/strings.h"
#include "core/text/tokenizer.h"

namespace ldm {
namespace {

using text::ends_with;

// A [B, C, H, W] picture in [0, 1] at height x width: bicubic (align_corners false), clamped; as is when
// it has that size already.
at::Tensor resize_bicubic01(const at::Tensor& image, int64_t height, int64_t width) {
  if (image.size(2) == height && image.size(3) == width) return image;
  return torch::nn::functional::interpolate(
             image, torch::nn::functional::InterpolateFuncOptions().size(std::vector<int64_t>{height, width})
                        .mode(torch::kBicubic).align_corners(false)).clamp(0, 1);
}

// The scaled latent of an image in [0, 1], bicubically resized to height x width first when its size
// differs (img2img's init image, the upscaler's input): a KL posterior's sample drawn from `gen`, or
// its mode without one. With `split` (the sampler's tiles, in latent pixels) it is encoded in those
// tiles, scaled to image pixels, and blended as the split decode is: the mode (KL) or the latent (VQ).
at::Tensor encode_image01(LatentDiffusion& model, const at::Tensor& image01, int64_t height, int64_t width,
                          at::Generator* gen = nullptr, const SplitInputParams* split = nullptr) {
  const at::Tensor image = resize_bicubic01(image01.to(torch::kFloat), height, width) * 2.0 - 1.0;
  if (split) {
    SplitInputParams pixels = *split;
    const int64_t f = split->vqf;
    pixels.ks = {split->ks[0] * f, split->ks[1] * f};
    pixels.stride = {split->stride[0] * f, split->stride[1] * f};
    const at::Tensor x = image.to(model.device(), model.first_stage_dtype());
    return encode_first_stage_split(model.first_stage(), x, pixels).to(at::kFloat) * model.config().scale_factor;
  }
  const FirstStageEncoding enc = model.encode_first_stage(image);
  return gen ? model.get_first_stage_encoding(enc, *gen) : model.get_first_stage_encoding(enc);
}

PipelineResult finish(LatentDiffusion& model, const at::Tensor& latent, const at::Tensor& x_T,
                      const SplitInputParams* split = nullptr) {
  PipelineResult r;
  r.latent = latent;
  r.x_T = x_T;
  r.decoded = model.decode_first_stage(latent, false, split);
  r.image01 = to01(r.decoded);
  return r;
}

// The tail of the pipelines that start from noise: x_T is the next draw of `gen` (of `shape`, on the
// model's device), sampled from with the whole model and decoded.
PipelineResult sample_from_noise(LatentDiffusion& model, const SamplerSettings& settings, at::Generator& gen,
                                 at::IntArrayRef shape, const Conditioning& cond, const Conditioning& uncond,
                                 const PipelineHooks& hooks, std::vector<std::string> warnings) {
  const at::Tensor x_T = randn_from(gen, shape, model.device());  // [B, C, h, w]
  const at::Tensor latent =
      sample(settings, model.schedule(), x_T, model.model_fn(), cond, uncond, gen, hooks.on_step, hooks.cancel);
  PipelineResult r = finish(model, latent, x_T);
  r.warnings = std::move(warnings);
  return r;
}

// Guidance needs an unconditional prompt; without one (or at scale 1) one plain call per step.
bool wants_guidance(const SamplerSettings& s) { return std::abs(s.guidance_scale - 1.0) > 1e-12; }

at::Tensor binarize(const at::Tensor& mask01) { return (mask01 >= 0.5).to(at::kFloat); }

}  // namespace

// ------------------------------------------------------------------------------ conversions

at::Tensor image_to_tensor01(const Image& image) {
  if (image.empty()) throw RequestError("the input image is empty");
  auto u8 = torch::from_blob(const_cast<uint8_t*>(image.pixels.data()), {image.height, image.width, image.channels},
                             torch::kUInt8);
  return u8.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat).div(255.0).contiguous();  // [1, C, H, W]
}

Image tensor01_to_image(const at::Tensor& x01) {
  TORCH_CHECK(x01.dim() == 4 && x01.size(0) == 1, "tensor01_to_image expects [1, C, H, W]");
  // (255 * x).astype(uint8): truncation toward zero, after clamping to [0, 1].
  const auto u8 = (x01.to(torch::kFloat).cpu().clamp(0, 1) * 255.0).to(torch::kUInt8)[0].permute({1, 2, 0}).contiguous();
  Image im = Image::blank(static_cast<int>(u8.size(1)), static_cast<int>(u8.size(0)), static_cast<int>(u8.size(2)));
  std::memcpy(im.pixels.data(), u8.data_ptr<uint8_t>(), im.pixels.size());
  return im;
}

at::Tensor to01(const at::Tensor& x) { return torch::clamp((x + 1.0) / 2.0, 0.0, 1.0); }

// ------------------------------------------------------------------------------ text

std::string tokenizer_kind_for(const LatentDiffusion& model) {
  const std::string& t = model.config().cond_stage_target;
  if (ends_with(t, "FrozenOpenCLIPEmbedder")) return "clip_sd2";
  if (ends_with(t, "FrozenCLIPEmbedder")) return "clip_sd1";
  if (ends_with(t, "BERTEmbedder")) return "bert";
  throw RequestError("this model (" + t + ") does not take a text prompt");
}

std::shared_ptr<const Tokenizer> tokenizer_for(LatentDiffusion& model) {
  const std::string kind = tokenizer_kind_for(model);
  return make_tokenizer(kind, {}, kind == "bert" ? model.cond_stage()->max_length() : 0);
}

namespace {

bool reads_weighted_prompts(const Tokenizer& tokenizer) {
  return tokenizer.kind() == "clip_sd1" || tokenizer.kind() == "clip_sd2";
}

// Each prompt in chunks of 77 ids (core/text/prompt_weighting.h), all encoded in one call; per chunk
// z *= multipliers, then z *= original_mean / new_mean (the web UI's "Original" emphasis); a prompt
// with fewer chunks than the longest of the batch gets the empty prompt's chunk appended. The names of
// the model's textual-inversion embeddings become their vectors (the web UI's EmbeddingsWithFixes).
at::Tensor encode_weighted_prompts(LatentDiffusion& model, const Tokenizer& tokenizer,
                                   const std::vector<std::string>& prompts) {
  EmbeddingLibrary* library = model.embeddings();
  const std::vector<PromptEmbedding> embeddings = library ? library->prepare(tokenizer, prompts)
                                                          : std::vector<PromptEmbedding>{};
  std::vector<WeightedPrompt> weighted;
  size_t n = 1;
  for (const auto& p : prompts) {
    weighted.push_back(chunk_weighted_prompt(tokenizer, p, embeddings));
    n = std::max(n, weighted.back().chunks.size());
  }
  const PromptChunk empty = chunk_weighted_prompt(tokenizer, "").chunks.at(0);
  const int64_t B = static_cast<int64_t>(prompts.size()), L = tokenizer.context_length();
  at::Tensor ids = torch::empty({B * static_cast<int64_t>(n), L}, torch::kLong);
  at::Tensor mults = torch::empty({B * static_cast<int64_t>(n), L}, torch::kFloat);
  std::vector<TokenEmbeddingFix> fixes;
  bool any_weight = false;
  for (int64_t b = 0; b < B; ++b) {
    for (size_t c = 0; c < n; ++c) {
      const PromptChunk& chunk = c < weighted[b].chunks.size() ? weighted[b].chunks[c] : empty;
      const int64_t row = b * static_cast<int64_t>(n) + static_cast<int64_t>(c);
      for (int64_t t = 0; t < L; ++t) {
        ids[row][t] = chunk.tokens[t];
        mults[row][t] = static_cast<float>(chunk.multipliers[t]);  // float64 products, applied as float32
        any_weight = any_weight || chunk.multipliers[t] != 1.0;
      }
      for (const EmbeddingFix& fix : chunk.fixes)
        fixes.push_back({row, static_cast<int64_t>(fix.offset), library->embedding(fix.embedding).vectors});
    }
  }
  at::Tensor z = model.get_learned_conditioning(ids, fixes);  // [B * n, 77, C]
  if (any_weight) {
    const at::Tensor original_mean = z.mean({1, 2}, true);
    z = z * mults.to(z.device()).unsqueeze(-1);
    z = z * (original_mean / z.mean({1, 2}, true));
  }
  return z.reshape({B, static_cast<int64_t>(n) * L, z.size(2)});
}

}  // namespace

at::Tensor encode_prompts(LatentDiffusion& model, const Tokenizer& tokenizer, const std::vector<std::string>& prompts,
                          std::vector<std::string>* warnings) {
  if (reads_weighted_prompts(tokenizer)) return encode_weighted_prompts(model, tokenizer, prompts);
  std::vector<TokenizeResult> results;
  const at::Tensor ids = encode_batch(tokenizer, prompts, &results);
  if (warnings) {
    for (size_t i = 0; i < results.size(); ++i) {
      if (results[i].truncated())
        warnings->push_back("prompt truncated: " + std::to_string(results[i].dropped) + " of " +
                            std::to_string(results[i].num_tokens) + " tokens dropped (the model reads " +
                            std::to_string(tokenizer.max_content_tokens()) + ")");
    }
  }
  return model.get_learned_conditioning(ids);
}

void encode_prompt_pair(LatentDiffusion& model, const Tokenizer& tokenizer, const std::vector<std::string>& prompts,
                        const std::vector<std::string>& negatives, bool guidance, at::Tensor* cond, at::Tensor* uncond,
                        std::vector<std::string>* warnings) {
  // The scripts compute uc first; neither draws random numbers.
  if (guidance) *uncond = encode_prompts(model, tokenizer, negatives, nullptr);
  *cond = encode_prompts(model, tokenizer, prompts, warnings);
  if (!guidance || cond->size(1) == uncond->size(1)) return;
  // Long prompts: the shorter side is extended by the empty prompt's chunks (as the web UI pads).
  at::Tensor* shorter = cond->size(1) < uncond->size(1) ? cond : uncond;
  const int64_t missing = std::abs(cond->size(1) - uncond->size(1)) / tokenizer.context_length();
  const at::Tensor empty = encode_prompts(model, tokenizer, {""}, nullptr);  // [1, 77, C]
  *shorter = torch::cat({*shorter, empty.expand({shorter->size(0), -1, -1}).repeat({1, missing, 1})}, 1);
}

// ------------------------------------------------------------------------------ sizes

int size_multiple(LatentDiffusion& model) {
  const auto& u = model.unet_config();
  return static_cast<int>(model.downsampling_factor() * (int64_t{1} << (u.levels() - 1)));
}

int64_t tile_latent(LatentDiffusion& model, int tile) {
  return tile > 0 ? tile / model.downsampling_factor() : 2 * model.config().image_size;
}

void validate_tiles(int tile, int tile_stride, int multiple, int downsampling) {
  if (tile < 0 || tile % multiple != 0)
    throw RequestError("the tile must be a multiple of " + std::to_string(multiple) + " pixels for this model (got " +
                           std::to_string(tile) + "; 0 chooses one)",
                       ErrorCode::InvalidSize);
  if (tile_stride < 0 || tile_stride % downsampling != 0)
    throw RequestError("the tile stride must be a multiple of " + std::to_string(downsampling) +
                           " pixels for this model (got " + std::to_string(tile_stride) + "; 0 is half a tile)",
                       ErrorCode::InvalidSize);
}

void validate_size(int* width, int* height, int multiple, std::vector<std::string>* warnings) {
  for (int* v : {width, height}) {
    const char* what = v == width ? "width" : "height";
    if (*v <= 0) throw RequestError(std::string("the ") + what + " must be positive", ErrorCode::InvalidSize);
    if (*v > 16384)
      throw RequestError(std::string("the ") + what + " " + std::to_string(*v) + " is too large (at most 16384)",
                         ErrorCode::InvalidSize);
    if (*v % multiple != 0) {
      int rounded = static_cast<int>(std::lround(static_cast<double>(*v) / multiple)) * multiple;
      if (rounded < multiple) rounded = multiple;
      if (warnings)
        warnings->push_back(std::string(what) + " " + std::to_string(*v) + " rounded to " + std::to_string(rounded) +
                            " (this model needs multiples of " + std::to_string(multiple) + ")");
      *v = rounded;
    }
  }
}

// ------------------------------------------------------------------------------ txt2img

PipelineResult txt2img(LatentDiffusion& model, const Tokenizer& tokenizer, const std::vector<std::string>& prompts,
                       const std::string& negative, int width, int height, const SamplerSettings& options,
                       uint64_t seed, const PipelineHooks& hooks, const at::Tensor& init01) {
  torch::NoGradGuard no_grad;
  SamplerSettings settings = options;
  if (prompts.empty()) throw RequestError("no prompt given");
  std::vector<std::string> warnings;
  validate_size(&width, &height, size_multiple(model), &warnings);
  const int64_t B = static_cast<int64_t>(prompts.size());
  const int64_t f = model.downsampling_factor();

  Conditioning cond, uncond;
  encode_prompt_pair(model, tokenizer, prompts, std::vector<std::string>(B, negative), wants_guidance(settings),
                     &cond.crossattn, &uncond.crossattn, &warnings);

  at::Generator gen = make_cpu_generator(seed);
  if (init01.defined()) {
    // scripts/img2img.py: the init image repeated over the batch, its posterior sampled (draw #0);
    // the sampler noises it with x_T (draw #1).
    at::Tensor image = init01;
    if (image.size(0) == 1 && B > 1) image = image.expand({B, -1, -1, -1}).contiguous();
    settings.init_latent = encode_image01(model, image, height, width, &gen);
  }
  return sample_from_noise(model, settings, gen, {B, model.latent_channels(), height / f, width / f}, cond, uncond,
                           hooks, std::move(warnings));
}

// ------------------------------------------------------------------------------ inpainting

at::Tensor feather_mask(const at::Tensor& mask01, double sigma) {
  if (sigma <= 0) return mask01;
  const int64_t radius = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(3.0 * sigma)));
  auto xs = torch::arange(-radius, radius + 1, torch::kFloat);
  auto k = torch::exp(-(xs * xs) / (2.0 * sigma * sigma));
  k = k / k.sum();
  namespace F = torch::nn::functional;
  auto m = mask01.to(torch::kFloat);
  m = F::pad(m, F::PadFuncOptions({radius, radius, 0, 0}).mode(torch::kReplicate));
  m = F::conv2d(m, k.view({1, 1, 1, -1}));  // [1, 1, H, W]
  m = F::pad(m, F::PadFuncOptions({0, 0, radius, radius}).mode(torch::kReplicate));
  m = F::conv2d(m, k.view({1, 1, -1, 1}));  // [1, 1, H, W]
  return m;
}

namespace {

// Inward feathering: 0 outside the binary mask (unmasked pixels stay exact), ramping to 1 inside.
at::Tensor inward_feather(const at::Tensor& binary, double sigma) {
  if (sigma <= 0) return binary;
  return torch::clamp(feather_mask(binary, sigma) * 2.0 - 1.0, 0.0, 1.0) * binary;
}

// The noise level of the latent after sampler step i, as known = a * x0 + b * noise.
struct Level {
  double a = 1, b = 0;
};
// The samplers whose steps have a level list (ddpm's have none here).
bool has_levels(const std::string& sampler) { return sampler == "ddim" || sampler == "plms" || is_k_sampler(sampler); }

std::vector<Level> levels_after_steps(const SamplerSettings& s, const NoiseSchedule& schedule) {
  std::vector<Level> out;
  if (!has_levels(s.sampler)) {
    throw RequestError("inpainting with this model needs the ddim, plms or a k-diffusion sampler, not " + s.sampler);
  } else if (s.sampler == "ddim" || s.sampler == "plms") {
    const auto ts = ddim_timesteps(s.ddim_discretize, s.steps, schedule.num_timesteps());
    const auto p = ddim_parameters(schedule, ts, 0.0);
    for (int i = 0; i < static_cast<int>(ts.size()); ++i) {
      const double a_prev = p.alphas_prev[ts.size() - 1 - static_cast<size_t>(i)];
      out.push_back({std::sqrt(a_prev), std::sqrt(1.0 - a_prev)});
    }
  } else if (is_k_sampler(s.sampler)) {
    const KDenoiser kd(schedule);
    const auto sig = s.karras ? get_sigmas_karras(s.steps, kd.sigma_min(), kd.sigma_max(), s.rho) : kd.get_sigmas(s.steps);
    for (int64_t i = 1; i < sig.numel(); ++i) out.push_back({1.0, sig[i].item<double>()});
  }
  return out;
}

}  // namespace

PipelineResult inpaint(LatentDiffusion& model, const Tokenizer* tokenizer, const at::Tensor& image01_in,
                       const at::Tensor& mask01_in, const std::string& prompt, const std::string& negative,
                       const SamplerSettings& sampling, uint64_t seed, const InpaintOptions& options,
                       const PipelineHooks& hooks, int batch) {
  torch::NoGradGuard no_grad;
  SamplerSettings settings = sampling;
  if (batch < 1) throw RequestError("batch must be at least 1");
  const int64_t B = batch;
  std::vector<std::string> warnings;
  const at::Tensor image01 = image01_in.to(torch::kFloat);
  at::Tensor mask01 = mask01_in.to(torch::kFloat);
  if (mask01.dim() == 3) mask01 = mask01.unsqueeze(0);
  if (mask01.size(1) > 1) mask01 = mask01.narrow(1, 0, 1);
  if (mask01.size(2) != image01.size(2) || mask01.size(3) != image01.size(3))
    throw RequestError("the mask is " + std::to_string(mask01.size(3)) + "x" + std::to_string(mask01.size(2)) +
                       " but the image is " + std::to_string(image01.size(3)) + "x" + std::to_string(image01.size(2)) +
                       ": use a mask of the image's size",
                       ErrorCode::MaskSizeMismatch);
  int width = static_cast<int>(image01.size(3)), height = static_cast<int>(image01.size(2));
  const int multiple = size_multiple(model);
  if (width % multiple || height % multiple)
    throw RequestError("inpainting needs an image whose sides are multiples of " + std::to_string(multiple) +
                       " (got " + std::to_string(width) + "x" + std::to_string(height) + "): crop or pad it first",
                       ErrorCode::InvalidSize);
  const int64_t f = model.downsampling_factor();
  const int64_t h = height / f, w = width / f;
  const int64_t C = model.latent_channels();
  const at::Tensor mask = binarize(mask01);  // 1 = repaint

  // scripts/inpaint.py: image, mask and masked image all mapped to [-1, 1].
  const at::Tensor batch_image = image01 * 2.0 - 1.0;
  const at::Tensor batch_mask = mask * 2.0 - 1.0;
  const at::Tensor batch_masked = ((1.0 - mask) * image01) * 2.0 - 1.0;

  Conditioning cond, uncond;
  std::vector<Level> levels;
  at::Tensor known_latent, latent_mask, x_T;
  bool blend = options.blend_known;  // re-noise the known region into the latent after every step
  const auto& cfg = model.config();
  const int64_t in_ch = model.unet_in_channels();
  at::Generator gen = make_cpu_generator(seed);
  const std::vector<std::string> prompts(static_cast<size_t>(B), prompt);
  const std::vector<std::string> negatives(static_cast<size_t>(B), negative);
  auto batched = [B](const at::Tensor& t) { return t.size(0) == B ? t : t.expand({B, -1, -1, -1}).contiguous(); };

  if (cfg.cond_stage == CondStage::FirstStage && cfg.conditioning_key == "concat") {
    // Dedicated LDM inpainting model: c = cat(encode(masked), nearest(mask)) (not quantised, not scaled).
    const at::Tensor encoded = model.encode_first_stage(batch_masked).mode().to(torch::kFloat);
    namespace F = torch::nn::functional;
    const at::Tensor mask_latent =
        F::interpolate(batch_mask, F::InterpolateFuncOptions().size(std::vector<int64_t>{h, w}).mode(torch::kNearest));
    cond.concat = batched(torch::cat({encoded, mask_latent}, 1));  // [B, C + 1, h, w]
    settings.guidance_scale = 1.0;
  } else if (in_ch == 2 * C + 1 && cfg.cond_stage == CondStage::Text) {
    // SD inpainting UNet (9 channels), scripts/gradio/inpainting.py: the start code from numpy's
    // generator; then c_concat = cat(mask in {0,1} at latent size, a posterior sample of the masked
    // image image * (mask < 0.5) (the torch generator's first draw)), shared by cond and uncond.
    namespace F = torch::nn::functional;
    x_T = numpy_randn(seed, {B, C, h, w}).to(model.device());
    const at::Tensor masked = batched(batch_image * (1.0 - mask));
    const at::Tensor masked_latent = model.get_first_stage_encoding(model.encode_first_stage(masked), gen);
    const at::Tensor mask_latent = batched(
        F::interpolate(mask, F::InterpolateFuncOptions().size(std::vector<int64_t>{h, w}).mode(torch::kNearest)));
    cond.concat = torch::cat({mask_latent.to(masked_latent.device()), masked_latent}, 1);
    if (!tokenizer) throw RequestError("this inpainting model needs a prompt tokenizer");
    encode_prompt_pair(model, *tokenizer, prompts, negatives, wants_guidance(settings), &cond.crossattn,
                       &uncond.crossattn, &warnings);
    if (wants_guidance(settings)) uncond.concat = cond.concat;
  } else if (in_ch == C) {
    // Any other model: latent blending.
    if (cfg.cond_stage == CondStage::Text) {
      if (!tokenizer) throw RequestError("this model needs a prompt tokenizer");
      encode_prompt_pair(model, *tokenizer, prompts, negatives, wants_guidance(settings), &cond.crossattn,
                         &uncond.crossattn, &warnings);
    } else if (cfg.cond_stage != CondStage::Unconditional) {
      throw RequestError(std::string("a ") + cond_stage_name(cfg.cond_stage) +
                         " model cannot inpaint: use an inpainting or text-to-image model");
    }
    if (settings.init_latent.defined() || settings.strength < 1.0)
      warnings.push_back("strength is ignored for inpainting by latent blending");
    settings.init_latent = at::Tensor();
    settings.strength = 1.0;
    blend = true;  // the only way this model inpaints: levels_after_steps refuses a sampler without levels
  } else {
    throw RequestError("this model (UNet with " + std::to_string(in_ch) + " input channels) cannot inpaint");
  }
  if (blend && in_ch != C && !has_levels(settings.sampler)) {
    // A dedicated model asked for the blend (blend_known) with ddpm: it inpaints without it.
    warnings.push_back("the known region is not blended with the " + settings.sampler + " sampler");
    blend = false;
  }
  if (blend) {
    levels = levels_after_steps(settings, model.schedule());
    known_latent = model.get_first_stage_encoding(model.encode_first_stage(batch_image));
    namespace F = torch::nn::functional;
    latent_mask = F::interpolate(mask, F::InterpolateFuncOptions().size(std::vector<int64_t>{h, w}).mode(torch::kNearest))
                      .to(model.device());
  }

  if (!x_T.defined()) x_T = randn_from(gen, {B, C, h, w}, model.device());
  SamplerStepCallback on_step = hooks.on_step;
  if (known_latent.defined()) {
    // Re-noise the known region to the level the latent has after each step, with the run's own
    // initial noise (no extra random draws), and keep the sampler's result inside the mask.
    const at::Tensor known = known_latent.to(model.device());
    on_step = [&, user = hooks.on_step](int step, int total, const at::Tensor& x, const at::Tensor& x0) {
      const Level& l = levels.at(static_cast<size_t>(step));
      const at::Tensor noised = known * l.a + x_T * l.b;
      x.copy_(x * latent_mask + noised * (1.0 - latent_mask));  // in place: the sampler continues from it
      if (user) user(step, total, x, x0);
    };
  }
  const at::Tensor latent =
      sample(settings, model.schedule(), x_T, model.model_fn(), cond, uncond, gen, on_step, hooks.cancel);

  PipelineResult r = finish(model, latent, x_T);
  const at::Tensor m = inward_feather(to01(batch_mask), options.mask_feather).to(r.image01.device());
  r.image01 = (1.0 - m) * to01(batch_image).to(r.image01.device()) + m * r.image01;
  r.warnings = std::move(warnings);
  return r;
}

Image composite_keep_unmasked(const Image& original, const Image& generated, const Image& mask, double feather) {
  if (original.width != generated.width || original.height != generated.height || original.channels != generated.channels)
    throw RequestError("composite: the generated image does not match the original's size");
  if (mask.width != original.width || mask.height != original.height)
    throw RequestError("the mask does not match the image's size: use a mask of the same size");
  at::Tensor m = binarize(image_to_tensor01(mask).narrow(1, 0, 1));
  m = inward_feather(m, feather);
  const at::Tensor o = image_to_tensor01(original) * 255.0;
  const at::Tensor g = image_to_tensor01(generated) * 255.0;
  const at::Tensor out = torch::round(g * m + o * (1.0 - m)).clamp(0, 255);
  Image result = original;
  const auto u8 = out.to(torch::kUInt8)[0].permute({1, 2, 0}).contiguous();
  std::memcpy(result.pixels.data(), u8.data_ptr<uint8_t>(), result.pixels.size());
  // Unmasked pixels: bit-exact copies of the original (m == 0 there by construction).
  return result;
}

// ------------------------------------------------------------------------------ layout

PipelineResult layout2img(LatentDiffusion& model, const std::vector<std::vector<int64_t>>& tokens, int width,
                          int height, const SamplerSettings& options, uint64_t seed, const PipelineHooks& hooks) {
  torch::NoGradGuard no_grad;
  SamplerSettings settings = options;
  if (model.config().cond_stage != CondStage::LayoutTokens)
    throw RequestError("this model does not take a layout: use a layout-to-image model");
  if (tokens.empty()) throw RequestError("no layout given", ErrorCode::MissingInput);
  std::vector<std::string> warnings;
  validate_size(&width, &height, size_multiple(model), &warnings);
  const int64_t B = static_cast<int64_t>(tokens.size());
  const int64_t L = static_cast<int64_t>(tokens[0].size());
  at::Tensor ids = torch::empty({B, L}, torch::kLong);
  for (int64_t b = 0; b < B; ++b) {
    TORCH_CHECK(static_cast<int64_t>(tokens[static_cast<size_t>(b)].size()) == L, "layout token rows differ in length");
    for (int64_t k = 0; k < L; ++k) ids[b][k] = tokens[static_cast<size_t>(b)][static_cast<size_t>(k)];
  }
  Conditioning cond, uncond;
  cond.crossattn = model.get_learned_conditioning(ids);
  const nlohmann::json& raw = model.config().raw;
  const ObjectsBoundingBoxConditionalBuilder builder(layout_builder_config_from(raw));
  const int64_t f = model.downsampling_factor();
  // LDM Studio's layout models also read the boxes painted into a class map (layout_raster.h).
  if (builder.config().raster) cond.concat = layout_class_maps(builder, ids, height / f, width / f).to(model.device());
  // Guidance needs an unconditional input: the empty layout, which a model trained with condition
  // dropout (training.cond_dropout > 0 in its config: LDM Studio's own) has learnt. The reference
  // OpenImages layout model never saw it and samples unguided.
  const bool learnt_unconditional = raw.contains("training") && raw["training"].is_object() &&
                                    raw["training"].value("cond_dropout", 0.0) > 0;
  if (!learnt_unconditional) {
    settings.guidance_scale = 1.0;
  } else if (wants_guidance(settings)) {
    const std::vector<int64_t> empty = builder.build({});
    TORCH_CHECK(static_cast<int64_t>(empty.size()) == L, "layout tokens of ", L, " but the empty layout has ", empty.size());
    uncond.crossattn = model.get_learned_conditioning(torch::tensor(empty, torch::kLong).unsqueeze(0).expand({B, L}).contiguous());
    if (cond.concat.defined()) uncond.concat = torch::zeros_like(cond.concat);  // the empty layout's map
  }
  at::Generator gen = make_cpu_generator(seed);
  return sample_from_noise(model, settings, gen, {B, model.latent_channels(), height / f, width / f}, cond, uncond,
                           hooks, std::move(warnings));
}

// ------------------------------------------------------------------------------ unconditional / class

PipelineResult sample_images(LatentDiffusion& model, const std::vector<int64_t>& class_ids, int64_t unconditional_class,
                             int batch, int width, int height, const SamplerSettings& options, uint64_t seed,
                             const PipelineHooks& hooks) {
  torch::NoGradGuard no_grad;
  SamplerSettings settings = options;
  const CondStage kind = model.config().cond_stage;
  if (kind != CondStage::Unconditional && kind != CondStage::ClassLabel)
    throw RequestError("this model is neither unconditional nor class-conditional", ErrorCode::WrongModelForTask);
  if (batch < 1) throw RequestError("batch must be at least 1");
  std::vector<std::string> warnings;
  validate_size(&width, &height, size_multiple(model), &warnings);
  const int64_t B = batch, f = model.downsampling_factor();
  Conditioning cond, uncond;
  if (kind == CondStage::ClassLabel) {
    if (static_cast<int64_t>(class_ids.size()) != B)
      throw RequestError("a class-conditional model needs a class for every image", ErrorCode::MissingInput);
    // The notebook computes uc, then c (no random draws either way).
    if (wants_guidance(settings)) {
      if (unconditional_class < 0)
        throw RequestError("this class-conditional model has no \"no class\" entry, so it cannot use guidance: use a "
                           "guidance scale of 1");
      uncond.crossattn = model.get_learned_conditioning(torch::full({B}, unconditional_class, torch::kLong));
    }
    cond.crossattn = model.get_learned_conditioning(torch::tensor(class_ids, torch::kLong));
  } else {
    if (!class_ids.empty()) throw RequestError("an unconditional model takes no class");
    settings.guidance_scale = 1.0;
  }
  at::Generator gen = make_cpu_generator(seed);
  return sample_from_noise(model, settings, gen, {B, model.latent_channels(), height / f, width / f}, cond, uncond,
                           hooks, std::move(warnings));
}

// ------------------------------------------------------------------------------ semantic synthesis

at::Tensor one_hot_labels(const at::Tensor& labels, int64_t n_labels) {
  TORCH_CHECK(labels.dim() == 3, "labels must be [B, H, W]");
  const at::Tensor l = labels.to(torch::kLong).cpu();
  const at::Tensor outside = (l < 0).logical_or(l >= n_labels);
  if (outside.any().item<bool>()) {
    const int64_t first = l.masked_select(outside)[0].item<int64_t>();
    throw RequestError("the label map holds label " + std::to_string(first) + ", outside this model's 0.." +
                       std::to_string(n_labels - 1),
                       ErrorCode::MissingInput);
  }
  // np.eye(n)[labels] (HWC float32), then DDPM.get_input's rearrange to CHW.
  return torch::nn::functional::one_hot(l, n_labels).to(torch::kFloat).permute({0, 3, 1, 2}).contiguous();
}

PipelineResult semantic_synthesis(LatentDiffusion& model, const at::Tensor& labels_in, int batch,
                                  const SamplerSettings& options, uint64_t seed, const PipelineHooks& hooks, int tile,
                                  int tile_stride) {
  torch::NoGradGuard no_grad;
  SamplerSettings settings = options;
  if (model.config().cond_stage != CondStage::LabelMap)
    throw RequestError("this model does not take a label map: use a semantic synthesis model", ErrorCode::WrongModelForTask);
  if (batch < 1) throw RequestError("batch must be at least 1");
  at::Tensor labels = labels_in.dim() == 2 ? labels_in.unsqueeze(0) : labels_in;
  int width = static_cast<int>(labels.size(2)), height = static_cast<int>(labels.size(1));
  const int multiple = size_multiple(model);
  if (width % multiple || height % multiple)
    throw RequestError("a label map needs sides that are multiples of " + std::to_string(multiple) + " (got " +
                           std::to_string(width) + "x" + std::to_string(height) + "): resize it (nearest) or crop it",
                       ErrorCode::InvalidSize);
  const int64_t B = batch, f = model.downsampling_factor();
  const int64_t h = height / f, w = width / f;
  Conditioning cond;
  const at::Tensor one_hot = one_hot_labels(labels, model.label_channels());
  cond.concat = model.get_learned_conditioning(one_hot);  // [1, Cc, h, w]
  if (cond.concat.size(2) != h || cond.concat.size(3) != w)
    throw RequestError("the label map's conditioning is " + std::to_string(cond.concat.size(3)) + "x" +
                       std::to_string(cond.concat.size(2)) + " but the latent " + std::to_string(w) + "x" +
                       std::to_string(h) + ": the cond stage and the autoencoder disagree on the downsampling");
  cond.concat = cond.concat.expand({B, -1, -1, -1}).contiguous();
  settings.guidance_scale = 1.0;  // the reference samples unguided; the models learnt no empty map

  SplitInputParams split;
  bool use_split = false;
  const int64_t tile_side = tile_latent(model, tile);
  if (tile > 0 || h * w > kTiledSemanticLatentArea) {
    const int64_t stride = tile_stride > 0 ? tile_stride / f : tile_side / 2;
    use_split = plan_split(h, w, tile_side, stride, f, &split);
  }
  at::Generator gen = make_cpu_generator(seed);
  const at::Tensor x_T = randn_from(gen, {B, model.latent_channels(), h, w}, model.device());
  const at::Tensor latent = sample(settings, model.schedule(), x_T, model.model_fn(use_split ? &split : nullptr), cond,
                                   Conditioning(), gen, hooks.on_step, hooks.cancel);
  return finish(model, latent, x_T);
}

// ------------------------------------------------------------------------------ numpy's randn

at::Tensor numpy_randn(uint64_t seed, at::IntArrayRef shape) {
  // RandomState(seed): MT19937 seeded by init_genrand(seed & 0xffffffff), which std::mt19937 is;
  // legacy_gauss: polar Box-Muller on 53-bit uniforms, the second value of a pair kept for the next call.
  std::mt19937 mt(static_cast<uint32_t>(seed & 0xffffffffu));
  auto uniform = [&] {
    const uint32_t a = mt() >> 5, b = mt() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  };
  bool has_gauss = false;
  double gauss = 0.0;
  at::Tensor out = torch::empty(shape, torch::kFloat);
  float* data = out.data_ptr<float>();
  for (int64_t i = 0; i < out.numel(); ++i) {
    if (has_gauss) {
      data[i] = static_cast<float>(gauss);
      has_gauss = false;
      continue;
    }
    double x1, x2, r2;
    do {
      x1 = 2.0 * uniform() - 1.0;
      x2 = 2.0 * uniform() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    const double f = std::sqrt(-2.0 * std::log(r2) / r2);
    gauss = f * x1;
    has_gauss = true;
    data[i] = static_cast<float>(f * x2);
  }
  return out;
}

// ------------------------------------------------------------------------------ super-resolution

PipelineResult upscale(LatentDiffusion& model, const at::Tensor& lr01_in, const SamplerSettings& sampling, uint64_t seed,
                       const UpscaleOptions& options, const PipelineHooks& hooks) {
  torch::NoGradGuard no_grad;
  SamplerSettings settings = sampling;
  const int64_t B = options.batch;
  if (B < 1) throw RequestError("batch must be at least 1");
  if (model.config().cond_stage != CondStage::Identity || model.config().conditioning_key != "concat")
    throw RequestError("this model is not a super-resolution model: use an LDM-BSR upscaler");
  const at::Tensor lr01 = lr01_in.to(torch::kFloat);
  const int64_t h = lr01.size(2), w = lr01.size(3);
  const int64_t C = model.latent_channels();
  if (lr01.size(1) + C != model.unet_in_channels())
    throw RequestError("the low-resolution image has " + std::to_string(lr01.size(1)) + " channels; this model expects " +
                       std::to_string(model.unet_in_channels() - C));
  const int levels_div = 1 << (model.unet_config().levels() - 1);
  if (h % levels_div || w % levels_div)
    throw RequestError("the input image sides must be multiples of " + std::to_string(levels_div) + " (got " +
                       std::to_string(w) + "x" + std::to_string(h) + ")");
  std::vector<std::string> warnings;

  // notebook_helpers: LR_image = 2c - 1 at latent size; x_T has the shape of the HR image's latent.
  Conditioning cond;
  cond.concat = (lr01 * 2.0 - 1.0).expand({B, -1, -1, -1}).contiguous();
  settings.guidance_scale = 1.0;

  SplitInputParams split;
  bool use_split = false;
  const int64_t vqf = model.downsampling_factor();
  if (options.split) {
    split = *options.split;
    use_split = true;
  } else {
    const int64_t tile = tile_latent(model, options.tile);
    const int64_t stride = options.tile_stride > 0 ? options.tile_stride / vqf : tile / 2;
    use_split = plan_split(h, w, tile, stride, vqf, &split);
    const int64_t asked = std::min<int64_t>(stride > 0 ? stride : split.ks[0] / 2, split.ks[0]);
    if (use_split && std::min(split.stride[0], split.stride[1]) < asked)
      warnings.push_back("tile stride reduced to " + std::to_string(split.stride[0] * vqf) +
                         " pixels so that the tiles cover the image exactly");
  }
  if (use_split) {
    if ((h - split.ks[0]) % split.stride[0] != 0 || (w - split.ks[1]) % split.stride[1] != 0)
      throw RequestError("tiles of " + std::to_string(split.ks[0] * vqf) + " px every " +
                         std::to_string(split.stride[0] * vqf) + " px do not cover this image: choose another tile stride");
  }

  at::Generator gen = make_cpu_generator(seed);
  at::Tensor x_T = randn_from(gen, {B, C, h, w}, model.device());
  if (options.start_from_input) {
    // Tiled sampling encodes the upscaled input in the same tiles, so that its peak stays a tile's.
    const at::Tensor z_up = encode_image01(model, lr01, h * vqf, w * vqf, nullptr, use_split ? &split : nullptr)
                                .to(x_T.device(), x_T.scalar_type())
                                .expand({B, -1, -1, -1})
                                .contiguous();
    if (settings.strength < 1.0) {
      // The sampler's img2img path: z_up noised (with x_T) to the strength's step, the remaining steps run.
      settings.init_latent = z_up;
    } else {
      const NoiseSchedule& schedule = model.schedule();
      const int64_t T = schedule.num_timesteps();
      x_T = schedule.sqrt_alphas_cumprod(T - 1) * z_up + schedule.sqrt_one_minus_alphas_cumprod(T - 1) * x_T;
    }
  } else {
    settings.strength = 1.0;  // from noise: all the steps
  }
  const at::Tensor latent = sample(settings, model.schedule(), x_T, model.model_fn(use_split ? &split : nullptr), cond,
                                   Conditioning(), gen, hooks.on_step, hooks.cancel);
  PipelineResult r = finish(model, latent, x_T, use_split ? &split : nullptr);
  if (options.match_input) {
    const at::Tensor lr = lr01.to(r.image01.device());
    r.image01 = match_low_resolution(clamp_to_input_range(r.image01, lr), lr);
  }
  r.warnings = std::move(warnings);
  return r;
}

namespace {
// How many times larger the result is than the input, the same integer on both sides, or a RequestError.
int64_t integer_factor(const at::Tensor& hr01, const at::Tensor& lr01, const char* who) {
  const int64_t f = hr01.size(2) / lr01.size(2);
  if (f < 1 || hr01.size(2) != f * lr01.size(2) || hr01.size(3) != f * lr01.size(3))
    throw RequestError(std::string(who) + ": the result is not an integer multiple of the input's size");
  return f;
}
}  // namespace

at::Tensor match_low_resolution(const at::Tensor& hr01, const at::Tensor& lr01, int iterations) {
  namespace F = torch::nn::functional;
  const int64_t f = integer_factor(hr01, lr01, "match_low_resolution");
  const at::Tensor lr = lr01.to(torch::kFloat);
  at::Tensor x = hr01.to(torch::kFloat);
  const auto up = F::InterpolateFuncOptions()
                      .size(std::vector<int64_t>{x.size(2), x.size(3)})
                      .mode(torch::kBicubic)
                      .align_corners(false);
  for (int i = 0; i < iterations; ++i) {
    const at::Tensor residual = lr - F::avg_pool2d(x, F::AvgPool2dFuncOptions(f));
    x = (x + F::interpolate(residual, up)).clamp(0, 1);
  }
  return x;
}

at::Tensor clamp_to_input_range(const at::Tensor& hr01, const at::Tensor& lr01) {
  namespace F = torch::nn::functional;
  const int64_t f = integer_factor(hr01, lr01, "clamp_to_input_range");
  const at::Tensor lr = lr01.to(torch::kFloat);
  const auto pool = F::MaxPool2dFuncOptions(3).stride(1).padding(1);
  const auto up = [f](const at::Tensor& t) { return t.repeat_interleave(f, 2).repeat_interleave(f, 3); };
  const at::Tensor hi = up(F::max_pool2d(lr, pool)), lo = up(-F::max_pool2d(-lr, pool));
  return at::max(at::min(hr01.to(torch::kFloat), hi), lo);
}

}  // namespace ldm
