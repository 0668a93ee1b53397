#pragma once
// The tasks on a LatentDiffusion bundle: txt2img, img2img, inpaint, layout2img and super-resolution.
// Each follows the reference script it names (scripts/txt2img.py, img2img.py, inpaint.py, the LDM
// layout log_images path, notebook_helpers.py super-resolution); the README of the matching fixture
// states the procedure the parity tests check. Tensors in, tensors out: images are float
// [B, 3, H, W] in [-1, 1] (`image`), plus the final latent.
#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/api/image.h"
#include "core/layout/objects_bbox_conditional_builder.h"
#include "core/models/first_stage_split.h"
#include "core/sampling/samplers.h"

namespace ldm {

class LatentDiffusion;
class Tokenizer;

// After every sampler step: step (0-based), total, latent after the step, predicted x0. The latent
// may be modified in place (the sampler continues from it).
using PipelineStepFn = std::function<void(int step, int total, const at::Tensor& x, const at::Tensor& pred_x0)>;

struct PipelineHooks {
  PipelineStepFn on_step;
  const std::atomic<bool>* cancel = nullptr;
};

struct PipelineResult {
  at::Tensor latent;               // final latent [B, C, h, w]
  at::Tensor decoded;              // decode_first_stage(latent), float [-1, 1] (unclamped)
  at::Tensor image01;              // clamp((decoded + 1) / 2, 0, 1), or the composite for inpainting
  at::Tensor x_T;                  // initial noise
  std::vector<std::string> warnings;
};

// ---- conversions (reference conventions) ----
// u8 HWC -> float [1, C, H, W] with u8 / 255 (C = image.channels).
at::Tensor image_to_tensor01(const Image& image);
// float [1, C, H, W] in [0, 1] -> u8 HWC by truncation ((255 * x).astype(uint8)), C = 1 or 3.
Image tensor01_to_image(const at::Tensor& x01);
// clamp((x + 1) / 2, 0, 1).
at::Tensor to01(const at::Tensor& x);

// The tokenizer kind ("bert", "clip_sd1", "clip_sd2") for a text model, from cond_stage_config.target.
std::string tokenizer_kind_for(const LatentDiffusion& model);
// The tokenizer a text model's conditioning code uses: its kind, and for a BERTEmbedder its max_seq_len.
std::shared_ptr<const Tokenizer> tokenizer_for(LatentDiffusion& model);
// get_learned_conditioning(prompts). CLIP models (Stable Diffusion) read the A1111 prompt syntax:
// weights and chunks of 75 tokens concatenated along the sequence (core/text/prompt_weighting.h), a
// batch padded to its longest prompt with the empty prompt's chunks. The BERT model reads its prompt
// as its own code does, with a warning per prompt that was truncated.
at::Tensor encode_prompts(LatentDiffusion& model, const Tokenizer& tokenizer, const std::vector<std::string>& prompts,
                          std::vector<std::string>* warnings);
// The prompts' and, with guidance, the negatives' conditioning, padded to the same length.
void encode_prompt_pair(LatentDiffusion& model, const Tokenizer& tokenizer, const std::vector<std::string>& prompts,
                        const std::vector<std::string>& negatives, bool guidance, at::Tensor* cond, at::Tensor* uncond,
                        std::vector<std::string>* warnings);

// Latent grid check: width/height must be multiples of `multiple` (downsampling factor x 2^(UNet
// levels - 1)). Rounds to the nearest multiple with a warning; RequestError when impossible.
void validate_size(int* width, int* height, int multiple, std::vector<std::string>* warnings);
int size_multiple(LatentDiffusion& model);
// Tiled sampling (upscale, semantic): a tile (output pixels, 0 = automatic) must be a multiple of the
// model's size multiple, and a tile stride (0 = half a tile) of its downsampling factor; RequestError
// (InvalidSize) otherwise, before anything runs.
void validate_tiles(int tile, int tile_stride, int multiple, int downsampling);
// The side of a tile in latent pixels: `tile` output pixels, or 0 for twice the model's training size.
int64_t tile_latent(LatentDiffusion& model, int tile);

// ---- txt2img / img2img ----
// CFG with `negative` as the unconditional prompt when options.guidance_scale != 1 (the same
// negative for every prompt). One generator seeded with `seed` draws for the whole batch.
// init01 (img2img, scripts/img2img.py): [B or 1, 3, H, W] in [0, 1]; its latent is a posterior sample
// (the generator's first draw, [B, C, h, w]), noised by the sampler to options.strength with the second
// draw (DDIMSampler.stochastic_encode for ddim/plms; init + sigma * noise for the k-samplers).
PipelineResult txt2img(LatentDiffusion& model, const Tokenizer& tokenizer, const std::vector<std::string>& prompts,
                       const std::string& negative, int width, int height, const SamplerSettings& options,
                       uint64_t seed, const PipelineHooks& hooks = {}, const at::Tensor& init01 = {});

// ---- inpainting ----
struct InpaintOptions {
  double mask_feather = 0.0;  // Gaussian sigma in pixels for the final composite (0 = hard edge)
  // Dedicated inpainting UNets (LDM and SD kinds): also keep the known region of the latent, re-noised
  // from the image's latent (its mode: no random draw), after every step, as latent blending does.
  // Not the reference scripts' procedure; a model's config asks for it (ModelDefaults::inpaint_blend).
  bool blend_known = false;
};
// image01 [1, 3, H, W] in [0, 1]; mask01 [1, 1, H, W] (>= 0.5 = repaint); `batch` images drawn by
// one generator. Dispatches on the model:
//  - LDM inpainting (cond stage = first stage, concat): scripts/inpaint.py (fixture ldm-inpaint-tiny);
//  - SD inpainting (UNet in_channels = 2C + 1, hybrid): scripts/gradio/inpainting.py (fixture
//    sd2-inpaint-tiny): x_T from numpy's RandomState(seed) (numpy_randn), the masked image's latent a
//    posterior sample (the torch generator's first draw), c_concat = [mask, that latent];
//  - any other text or unconditional model: latent blending (known region re-noised from the
//    image's latent after every step).
// `decoded` is the model's picture; image01 the composite (1 - m) * image + m * decoded.
PipelineResult inpaint(LatentDiffusion& model, const Tokenizer* tokenizer, const at::Tensor& image01,
                       const at::Tensor& mask01, const std::string& prompt, const std::string& negative,
                       const SamplerSettings& options, uint64_t seed, const InpaintOptions& inpaint_options = {},
                       const PipelineHooks& hooks = {}, int batch = 1);
// The final step of inpaint(): composite on u8 images that keeps every pixel where the (unfeathered)
// mask is 0 bit-exact.
Image composite_keep_unmasked(const Image& original, const Image& generated, const Image& mask, double feather);
// Gaussian feathering of a [1, 1, H, W] mask (sigma in pixels).
at::Tensor feather_mask(const at::Tensor& mask01, double sigma);

// ---- layout ----
// Layout tokens -> BERTEmbedder context -> sampling (reference: log_images, eta from settings).
PipelineResult layout2img(LatentDiffusion& model, const std::vector<std::vector<int64_t>>& tokens, int width,
                          int height, const SamplerSettings& options, uint64_t seed, const PipelineHooks& hooks = {});

// ---- unconditional and class-conditional sampling ----
// scripts/sample_diffusion.py (unconditional: `class_ids` empty) and the ImageNet notebook
// (class-conditional: one class per image, the context embedding(class)[:, None]; guidance with
// `unconditional_class` as the unconditional input, the batch of x_T drawn in one call). `batch` images
// of width x height.
PipelineResult sample_images(LatentDiffusion& model, const std::vector<int64_t>& class_ids, int64_t unconditional_class,
                             int batch, int width, int height, const SamplerSettings& options, uint64_t seed,
                             const PipelineHooks& hooks = {});

// ---- semantic synthesis ----
// labels: int64 [1, H, W] label indices (the sflckr convention: a map pixel's value is its label). The
// one-hot map [batch, labels, H, W] goes through the cond stage (SpatialRescaler) and is concatenated
// with the latent [batch, C, H/f, W/f]; any size the latent grid allows, larger than the training size
// included (the paper's convolutional sampling). With `split` (or automatically beyond
// kTiledSemanticLatentArea latent pixels) the UNet runs on overlapping tiles, as super-resolution does.
constexpr int64_t kTiledSemanticLatentArea = 256 * 256;
PipelineResult semantic_synthesis(LatentDiffusion& model, const at::Tensor& labels, int batch,
                                  const SamplerSettings& options, uint64_t seed, const PipelineHooks& hooks = {},
                                  int tile = 0, int tile_stride = 0);
// The one-hot map of `labels` [B, H, W] (int64) with `n_labels` channels: [B, n_labels, H, W] float32.
// RequestError naming the first label outside 0..n_labels-1.
at::Tensor one_hot_labels(const at::Tensor& labels, int64_t n_labels);

// ---- super-resolution (LDM-BSR) ----
struct UpscaleOptions {
  // Explicit convolutional-sampling parameters (latent pixels); when unset, splitting is planned
  // automatically from tile/tile_stride (output pixels) once the latent exceeds the tile.
  std::optional<SplitInputParams> split;
  int tile = 0;         // output pixels; 0 = 4 x the model's native size
  int tile_stride = 0;  // output pixels; 0 = half the tile
  // Corrects the decoded result so that, area-downsampled by f, it reproduces the input, and keeps it
  // within the input's local colour range (see clamp_to_input_range and match_low_resolution). Off by default: the
  // reference pipeline does neither.
  bool match_input = false;
  // Starts sampling from the forward process applied to the input: x_T = sqrt(alpha_bar_T) z_up +
  // sqrt(1 - alpha_bar_T) eps, z_up the latent of the bicubically upscaled input, instead of pure noise.
  // A schedule whose alpha_bar_T is not zero (the LDM ones: sqrt(alpha_bar_T) ~ 0.07) leaves that
  // much of the image in every x_T the model saw in training, and a model learns to read colours
  // and tones from it; from pure noise it then invents them. Off by default: the reference starts
  // from noise. With SamplerSettings::strength < 1 it starts later instead (SDEdit, Meng et al. 2022):
  // from z_up noised to the level of step int(strength * steps), running only those steps, as img2img.
  bool start_from_input = false;
  int batch = 1;  // images drawn by one generator
};
// Iterative back-projection (Irani & Peleg, 1991): x += bicubic_up(lr - avg_pool_f(x)), `iterations`
// times, then clamped to [0, 1]. A sample that drifts in colour or tone (the low frequencies the input
// fixes) is pulled back to the input while the detail the input cannot see is kept.
// hr01 [B, 3, f*h, f*w], lr01 [B or 1, 3, h, w], both in [0, 1].
at::Tensor match_low_resolution(const at::Tensor& hr01, const at::Tensor& lr01, int iterations = 3);
// Anti-ringing clamp: each output pixel is clamped, per channel, to the range its input pixel's 3x3
// neighbourhood spans. What lies between two input pixels lies between their colours; a sample's
// speckle on an area the input shows flat (issue #25: coloured dots at 64 -> 256 px) and its halos
// around edges fall outside that range and go, edges stay as sharp as the sample made them.
// Shapes as match_low_resolution.
at::Tensor clamp_to_input_range(const at::Tensor& hr01, const at::Tensor& lr01);
// lr01 [1, 3, h, w] in [0, 1]. Output is f times larger (f = first-stage factor).
PipelineResult upscale(LatentDiffusion& model, const at::Tensor& lr01, const SamplerSettings& options, uint64_t seed,
                       const UpscaleOptions& upscale_options = {}, const PipelineHooks& hooks = {});

// numpy.random.RandomState(seed).randn(*shape) as float32: the legacy MT19937 generator with the
// polar Box-Muller method (Stability's inpainting script draws its start code this way).
at::Tensor numpy_randn(uint64_t seed, at::IntArrayRef shape);

}  // namespace ldm
