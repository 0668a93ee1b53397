#pragma once
// ldm.models.diffusion.ddpm.LatentDiffusion at inference: the bundle of UNet (model.diffusion_model),
// first stage (first_stage_model, with scale_factor), cond stage (cond_stage_model), noise schedule,
// conditioning_key and parameterization, built from a CompVis config and a StateDict.
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>
#include <c10/util/Optional.h>
#include <c10/core/Device.h>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/io/state_dict.h"
#include "core/models/autoencoder_config.h"
#include "core/models/first_stage_split.h"
#include "core/models/unet_config.h"
#include "core/sampling/model_wrapper.h"
#include "core/sampling/noise_schedule.h"

namespace ldm {

class ConditionEncoder;
class CudaGraphCache;
class EmbeddingLibrary;
struct TokenEmbeddingFix;
class FirstStageModel;
class UNetModelImpl;
struct FirstStageEncoding;

// What cond_stage_model is, which decides how a pipeline builds the conditioning.
enum class CondStage {
  Text,           // FrozenCLIPEmbedder / FrozenOpenCLIPEmbedder / BERTEmbedder(use_tokenizer) on prompts
  LayoutTokens,   // BERTEmbedder(use_tokenizer False) on layout tokens (cond_stage_key coordinates_bbox)
  FirstStage,     // __is_first_stage__: the inpainting model encodes the masked image itself
  Identity,       // torch.nn.Identity: the super-resolution model takes the low-res image
  ClassLabel,     // ClassEmbedder: class index -> [B, 1, D] cross-attention context
  LabelMap,       // SpatialRescaler: one-hot label map -> resized, channel-mapped, concatenated (semantic)
  Unconditional,  // __is_unconditional__
};
const char* cond_stage_name(CondStage c);

struct LatentDiffusionConfig {
  std::string conditioning_key;  // "crossattn", "concat", "hybrid" or "" (unconditional)
  std::string cond_stage_key;    // "caption", "txt", "LR_image", "masked_image", "coordinates_bbox", ...
  std::string cond_stage_target; // class path, or __is_first_stage__ / __is_unconditional__
  CondStage cond_stage = CondStage::Unconditional;
  double scale_factor = 1.0;
  // scale_by_std: scale_factor is a float32 buffer of the checkpoint (what LatentDiffusion.load reads
  // then), and decoding multiplies by its float32 reciprocal as the reference's 1. / tensor does.
  bool scale_by_std = false;
  int64_t image_size = 64;       // native latent size
  int64_t channels = 4;          // latent channels
  bool use_ema = true;
  ScheduleConfig schedule;       // includes the parameterization
  nlohmann::json raw;            // the whole config (root with `model`)

  // A CompVis config (root with `model:`). Throws LoadError for non-LatentDiffusion targets.
  static LatentDiffusionConfig from_compvis(const nlohmann::json& config);
};

// LitEma at load time: model_ema.<name without dots> replaces model.diffusion_model.<name> when
// present (the scripts sample inside ema_scope()). Returns the weights to load; `used` tells
// whether EMA weights were found.
StateDict apply_ema_weights(const StateDict& weights, bool* used = nullptr);

class LatentDiffusion {
 public:
  // Latents with more pixels than this (1024x1024 images at f = 8) decode in tiles of kDecodeTile.
  static constexpr int64_t kTiledDecodeLatentArea = 128 * 128;
  static constexpr int64_t kDecodeTile = 64;
  static constexpr int64_t kDecodeTileOverlap = 16;

  // Builds every part from `config` (a CompVis config.yaml as JSON) and loads `weights`
  // (LatentDiffusion.state_dict() keys) in `dtype` on `device`. Throws LoadError.
  //
  // Memory: by default every part stays loaded, the quickest for repeated generations. With
  // `low_memory` the UNet and the other parts (text encoder, autoencoder) take turns: using one frees
  // the other, which is loaded again from `weights` (kept: the checkpoint stays mapped, not resident)
  // when it is next used. The numbers are the same bit for bit; each turn costs a copy of that part's
  // weights (SD 1.5's UNet: 3.4 GB in fp32, about a second), and the peak is the larger part's weights
  // plus its activations, not the sum of all weights.
  static std::shared_ptr<LatentDiffusion> load(const nlohmann::json& config, const StateDict& weights,
                                               c10::ScalarType dtype = c10::ScalarType::Float,
                                               at::Device device = at::kCPU, bool low_memory = false);
  ~LatentDiffusion();
  // A LatentDiffusion.state_dict() for `config` with the modules' own random initialisation, in
  // `dtype`: full-size architectures without a download (ldm bench, the zoo-config tests).
  static StateDict random_weights(const nlohmann::json& config, c10::ScalarType dtype = c10::ScalarType::Float);

  const LatentDiffusionConfig& config() const { return config_; }
  const NoiseSchedule& schedule() const { return schedule_; }
  // The parts (loaded first if low_memory freed them; a reference is good until another part is used).
  UNetModelImpl& unet();
  FirstStageModel& first_stage();
  ConditionEncoder* cond_stage();  // null for models without one (inpainting, super-resolution, unconditional)
  const UNetConfig& unet_config() const { return unet_config_; }
  const AutoencoderConfig& first_stage_config() const { return first_stage_config_; }
  bool low_memory() const { return low_memory_; }
  // Which parts are in memory now (tests, memory figures).
  bool unet_loaded() const { return unet_ != nullptr; }
  bool first_stage_loaded() const { return first_stage_ != nullptr; }
  at::Device device() const { return device_; }
  c10::ScalarType dtype() const { return dtype_; }
  bool used_ema() const { return used_ema_; }
  int64_t downsampling_factor() const;  // image pixels per latent pixel
  int64_t latent_channels() const;
  int64_t native_image_size() const { return config_.image_size * downsampling_factor(); }
  bool is_vq() const;
  int64_t unet_in_channels() const;
  // Semantic synthesis models: the channels of the one-hot label map their cond stage takes.
  int64_t label_channels();

  // apply_model(x, t, cond): c.concat appended to x, c.crossattn as context; float32 in and out.
  // With `split` set: the reference's convolutional sampling (split_input_params): overlapping
  // ks x ks latent patches (a concat cond is cut the same way), blended by clipped border distance.
  at::Tensor apply_model(const at::Tensor& x, const at::Tensor& t, const Conditioning& c,
                         const SplitInputParams* split = nullptr);
  ModelFn model_fn(const SplitInputParams* split = nullptr);
  // On a CUDA device the UNet call of apply_model replays a CUDA graph per input shape
  // (core/runtime/cuda_graphs.h): on by default where the build supports it, except with low_memory
  // (its UNet turns move the weights the graphs read; without it the UNet is built once, at load,
  // before any graph). The environment variable LDM_CUDA_GRAPHS=0 turns it off for every model. The
  // results are those of the direct call. clear_cuda_graphs: capture again on the next calls (after
  // the weights moved, or a setting changed the kernels a call runs).
  void set_cuda_graphs(bool on);
  void clear_cuda_graphs();
  bool cuda_graphs() const;
  size_t cuda_graph_replays() const;  // UNet calls answered by a replay so far
  // The UNet's and the autoencoder's 4-D weights in channels_last (NHWC): their convolutions then run
  // without NCHW<->NHWC transposes on GPUs with tensor cores, and the activations stay NHWC between
  // them (our GroupNorm kernels keep it). Set at load: on for CUDA in fp16/bf16 where our kernels are
  // compiled (core/nn/cuda_kernels.h), off elsewhere; LDM_CHANNELS_LAST=1/0 overrides. The results are
  // the NCHW ones up to rounding.
  void set_channels_last(bool on);
  bool channels_last() const { return channels_last_; }

  // encode_first_stage (image in [-1,1], [B,3,H,W]) and get_first_stage_encoding (* scale_factor;
  // KL posteriors sampled from `gen`, or their mode when `gen` is undefined).
  FirstStageEncoding encode_first_stage(const at::Tensor& image);
  at::Tensor get_first_stage_encoding(const FirstStageEncoding& enc, c10::optional<at::Generator> gen = c10::nullopt);
  // decode_first_stage: z / scale_factor, then decode (VQ quantises unless force_not_quantize);
  // with `split`, the reference's patch-wise decode; latents larger than kTiledDecodeLatentArea are
  // decoded in overlapping tiles (core/models/decode_tiled.h). Returns float32 [-1,1] images.
  // Non-finite values: a latent with NaN/inf is an Error (ErrorCode::NumericOverflow: the sampler
  // overflowed in this precision); a decode in fp16/bf16 that gives NaN/inf is redone with the first
  // stage in fp32, which it then stays in (first_stage_upcast() tells); NaN/inf from an fp32 decode is
  // an Error naming the VAE.
  at::Tensor decode_first_stage(const at::Tensor& z, bool force_not_quantize = false,
                                const SplitInputParams* split = nullptr);
  c10::ScalarType first_stage_dtype() const { return first_stage_dtype_; }
  // True once a half-precision decode overflowed and the first stage was moved to fp32.
  bool first_stage_upcast() const { return first_stage_dtype_ != dtype_; }
  // get_learned_conditioning: token ids [B, L] (text or layout tokens), class ids [B] (ClassLabel) or a
  // one-hot label map [B, labels, H, W] (LabelMap).
  at::Tensor get_learned_conditioning(const at::Tensor& tokens);
  // The same for text tokens with some token embeddings replaced (textual inversion).
  at::Tensor get_learned_conditioning(const at::Tensor& tokens, const std::vector<TokenEmbeddingFix>& fixes);
  // Textual-inversion embeddings the prompts may name (core/pipelines/embeddings.h), read by
  // encode_prompts; the engine sets them per request, as clip skip. Null: none.
  void set_embeddings(std::shared_ptr<EmbeddingLibrary> embeddings) { embeddings_ = std::move(embeddings); }
  EmbeddingLibrary* embeddings() const { return embeddings_.get(); }
  // A1111's "Clip skip": with n > 1 the text encoder leaves out n - 1 more of its last layers
  // (ConditionEncoder::encode_skipping). 1 = the model's own conditioning. Checked when encoding.
  void set_clip_skip(int n) { clip_skip_ = n; }
  int clip_skip() const { return clip_skip_; }

  // Amounts added to weights (LoRA, core/pipelines/lora.h): CompVis parameter name under
  // model.diffusion_model. or cond_stage_model. -> a float32 tensor of that parameter's shape. Replaces
  // the previous set: a parameter the new set leaves out gets its loaded value back bit for bit, and a
  // part loaded again later (low_memory) gets the set applied again.
  void set_weight_deltas(std::map<std::string, at::Tensor> deltas);
  // The UNet's and the cond stage's parameter shapes by CompVis name (as above), loaded or not.
  const std::map<std::string, std::vector<int64_t>>& parameter_shapes() const { return parameter_shapes_; }

 private:
  enum class Part { UNet, Others };  // the two turns of low_memory
  LatentDiffusion() = default;
  // Constructs and loads the part's modules from weights_ and applies the deltas; check_only (the UNet
  // at a low_memory load): only checks that the checkpoint fits it (names, shapes), reads nothing, frees it.
  void build(Part part, bool check_only = false);
  void use(Part part);      // low_memory: frees the other part and builds this one if it is not loaded
  void free(Part part);     // drops the part's modules and the loaded values kept for its deltas
  void apply_deltas(Part part);
  LatentDiffusionConfig config_;
  UNetConfig unet_config_;
  AutoencoderConfig first_stage_config_;
  StateDict weights_;       // after EMA; kept only with low_memory
  bool low_memory_ = false;
  std::map<std::string, std::vector<int64_t>> parameter_shapes_;
  std::map<std::string, at::Tensor> deltas_;     // set_weight_deltas
  std::map<std::string, at::Tensor> originals_;  // loaded values of the parameters deltas_ changed
  NoiseSchedule schedule_;
  std::shared_ptr<UNetModelImpl> unet_;
  std::shared_ptr<FirstStageModel> first_stage_;
  std::shared_ptr<ConditionEncoder> cond_stage_;
  at::Device device_ = at::kCPU;
  c10::ScalarType dtype_ = c10::ScalarType::Float;
  c10::ScalarType first_stage_dtype_ = c10::ScalarType::Float;  // dtype_, or fp32 after an overflow
  bool used_ema_ = false;
  int clip_skip_ = 1;
  std::shared_ptr<EmbeddingLibrary> embeddings_;
  std::unique_ptr<CudaGraphCache> graphs_;  // null: UNet calls run directly
  bool channels_last_ = false;
};

}  // namespace ldm
