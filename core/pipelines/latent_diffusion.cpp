#include "core/pipelines/latent_diffusion.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "core/error.h"
#include "core/io/model_loader.h"
#include "core/io/state_dict.h"
#include "core/models/autoencoder_config.h"
#include "core/models/decode_tiled.h"
#include "core/models/first_stage.h"
#include "core/models/spatial_rescaler.h"
#include "core/models/text_encoder.h"
#include "core/models/unet_config.h"
#include "core/models/unet_model.h"
#include "core/models/vq_model.h"
#include "core/nn/cuda_kernels.h"
#include "core/nn/layers.h"
#include "core/nn/load_weights.h"
#include "core/pipelines/tiled_sampling.h"
#include "core/runtime/cpu_allocator.h"
#include "core/runtime/cuda_graphs.h"
#include "core/text/strings.h"

namespace ldm {
namespace {

using text::ends_with;

// Modules built inside this scope create their parameters in `dtype` (LibTorch's default dtype) instead
// of float32 then converted: a bf16 UNet never has a float32 copy (SD 1.5: 3.4 GB less at the peak). Only
// bf16 on the CPU: its random init (overwritten by the checkpoint) exists there; fp16 is a CUDA precision.
class BuildDtypeScope {
 public:
  explicit BuildDtypeScope(c10::ScalarType dtype, at::Device device) : old_(at::get_default_dtype()) {
    active_ = dtype == at::kBFloat16 && device.is_cpu();
    if (active_) at::set_default_dtype(c10::scalarTypeToTypeMeta(dtype));
  }
  ~BuildDtypeScope() {
    if (active_) at::set_default_dtype(old_);
  }
  bool active() const { return active_; }
  BuildDtypeScope(const BuildDtypeScope&) = delete;
  BuildDtypeScope& operator=(const BuildDtypeScope&) = delete;

 private:
  caffe2::TypeMeta old_;
  bool active_ = false;
};

// The cond stages that are modules with weights (cond_stage_model.*); the others are the first stage,
// the low-resolution image itself, or nothing.
bool cond_stage_has_weights(CondStage c) {
  return c == CondStage::Text || c == CondStage::LayoutTokens || c == CondStage::ClassLabel || c == CondStage::LabelMap;
}

const nlohmann::json& model_node(const nlohmann::json& config) {
  if (config.is_object() && config.contains("model")) return config["model"];
  return config;
}

}  // namespace

const char* cond_stage_name(CondStage c) {
  switch (c) {
    case CondStage::Text: return "text";
    case CondStage::LayoutTokens: return "layout";
    case CondStage::FirstStage: return "first stage (inpainting)";
    case CondStage::Identity: return "low-resolution image";
    case CondStage::ClassLabel: return "class-conditional";
    case CondStage::LabelMap: return "semantic synthesis";
    case CondStage::Unconditional: return "unconditional";
  }
  return "?";
}

LatentDiffusionConfig LatentDiffusionConfig::from_compvis(const nlohmann::json& config) {
  const auto& model = model_node(config);
  if (!model.is_object() || !model.contains("params"))
    throw LoadError("config: no model.params section: is this a CompVis LatentDiffusion config.yaml?");
  const std::string target = model.value("target", "");
  if (!target.empty() && !ends_with(target, "LatentDiffusion") && !ends_with(target, "LatentInpaintDiffusion") &&
      !ends_with(target, "LatentUpscaleDiffusion"))
    throw LoadError("config: model.target is " + target + ", not a LatentDiffusion model");
  const auto& p = model["params"];
  LatentDiffusionConfig c;
  c.raw = config.contains("model") ? config : nlohmann::json{{"model", config}};
  c.schedule = ScheduleConfig::from_compvis_params(p);
  // LatentDiffusion.__init__ sets self.clip_denoised = False whatever the config says: latents leave
  // [-1, 1], so its ancestral sampler (p_sample_loop) never clamps the predicted x0.
  c.schedule.clip_denoised = false;
  c.scale_factor = p.value("scale_factor", 1.0);
  c.scale_by_std = p.value("scale_by_std", false);
  c.image_size = p.value("image_size", int64_t{64});
  c.channels = p.value("channels", int64_t{4});
  c.use_ema = p.value("use_ema", true);
  c.cond_stage_key = p.value("cond_stage_key", std::string("image"));
  const auto& cs = p.contains("cond_stage_config") ? p["cond_stage_config"] : nlohmann::json();
  if (cs.is_string()) c.cond_stage_target = cs.get<std::string>();
  else if (cs.is_object()) c.cond_stage_target = cs.value("target", "");
  // LatentDiffusion.__init__: conditioning_key defaults from concat_mode (default True).
  if (p.contains("conditioning_key") && p["conditioning_key"].is_string()) {
    c.conditioning_key = p["conditioning_key"].get<std::string>();
  } else {
    c.conditioning_key = p.value("concat_mode", true) ? "concat" : "crossattn";
  }
  if (c.cond_stage_target == "__is_unconditional__") c.conditioning_key.clear();

  if (c.cond_stage_target == "__is_first_stage__") {
    c.cond_stage = CondStage::FirstStage;
  } else if (c.cond_stage_target == "__is_unconditional__") {
    c.cond_stage = CondStage::Unconditional;
  } else if (ends_with(c.cond_stage_target, "Identity")) {
    c.cond_stage = CondStage::Identity;
  } else if (ends_with(c.cond_stage_target, "ClassEmbedder")) {
    c.cond_stage = CondStage::ClassLabel;
  } else if (ends_with(c.cond_stage_target, "SpatialRescaler")) {
    c.cond_stage = CondStage::LabelMap;
  } else if (c.cond_stage_key == "coordinates_bbox" ||
             (ends_with(c.cond_stage_target, "BERTEmbedder") && cs.is_object() && cs.contains("params") &&
              !cs["params"].value("use_tokenizer", true))) {
    c.cond_stage = CondStage::LayoutTokens;
  } else if (!c.cond_stage_target.empty()) {
    c.cond_stage = CondStage::Text;
  } else {
    throw LoadError("config: model.params.cond_stage_config is missing");
  }
  return c;
}

StateDict apply_ema_weights(const StateDict& weights, bool* used) {
  StateDict out = weights;
  const int mapped = apply_ema(out);
  if (used) *used = mapped > 0;
  return out;
}

LatentDiffusion::~LatentDiffusion() = default;

void LatentDiffusion::set_cuda_graphs(bool on) {
  if (on && !graphs_ && device_.is_cuda() && !low_memory_ && CudaGraphCache::supported()) {
    graphs_ = std::make_unique<CudaGraphCache>();
  } else if (!on) {
    graphs_.reset();
  }
}

void LatentDiffusion::clear_cuda_graphs() {
  if (graphs_) graphs_->clear();
}

bool LatentDiffusion::cuda_graphs() const { return graphs_ != nullptr; }

namespace {
void convolutions_in_format(torch::nn::Module& module, at::MemoryFormat format) {
  const torch::NoGradGuard no_grad;
  for (auto& p : module.parameters())
    if (p.dim() == 4) p.set_data(p.contiguous(format));
}
}  // namespace

void LatentDiffusion::set_channels_last(bool on) {
  if (on == channels_last_) return;
  channels_last_ = on;
  const auto format = on ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
  if (unet_) convolutions_in_format(*unet_, format);
  if (first_stage_) convolutions_in_format(*first_stage_, format);
  clear_cuda_graphs();  // the graphs read the weights where they were
}

size_t LatentDiffusion::cuda_graph_replays() const { return graphs_ ? graphs_->replays() : 0; }

std::shared_ptr<LatentDiffusion> LatentDiffusion::load(const nlohmann::json& config, const StateDict& weights_in,
                                                       c10::ScalarType dtype, at::Device device, bool low_memory) {
  std::shared_ptr<LatentDiffusion> m(new LatentDiffusion());
  m->config_ = LatentDiffusionConfig::from_compvis(config);
  m->device_ = device;
  m->dtype_ = dtype;
  m->first_stage_dtype_ = dtype;
  m->low_memory_ = low_memory;
  // channels_last by default where it pays (docs/benchmarks.md): CUDA in fp16/bf16 with our GroupNorm
  // kernels, which keep NHWC (LibTorch's GroupNorm does not, and makes it slower than NCHW).
  const char* channels_last_env = std::getenv("LDM_CHANNELS_LAST");
  if (channels_last_env && *channels_last_env)
    m->channels_last_ = std::string(channels_last_env) == "1";
  else
    m->channels_last_ = device.is_cuda() && dtype != at::kFloat && cuda_kernels_enabled();
  const auto& p = model_node(m->config_.raw)["params"];

  StateDict weights = weights_in;
  if (m->config_.use_ema || weights.has_prefix("model_ema.")) weights = apply_ema_weights(weights_in, &m->used_ema_);
  // LatentDiffusion(scale_by_std=True) registers scale_factor as a buffer: the checkpoint's value wins.
  if (m->config_.scale_by_std && weights.contains("scale_factor"))
    m->config_.scale_factor = weights.get("scale_factor").item<float>();

  m->schedule_ = NoiseSchedule::from_config(m->config_.schedule);

  if (!p.contains("unet_config")) throw LoadError("config: model.params.unet_config is missing");
  m->unet_config_ = UNetConfig::from_compvis(p["unet_config"]);
  if (!p.contains("first_stage_config")) throw LoadError("config: model.params.first_stage_config is missing");
  m->first_stage_config_ = AutoencoderConfig::from_compvis(p["first_stage_config"], m->config_.scale_factor);

  // A checkpoint that does not fit is a LoadError now, not in the middle of a generation: both parts are
  // built here. With low_memory the UNet is only checked against the checkpoint (its names and shapes):
  // it is read when the sampler first needs it, after the others have encoded the prompt.
  m->weights_ = std::move(weights);
  m->build(Part::UNet, /*check_only=*/low_memory);
  m->build(Part::Others);
  if (!low_memory) m->weights_ = StateDict();
  m->set_cuda_graphs(CudaGraphCache::on_by_default());
  return m;
}

StateDict LatentDiffusion::random_weights(const nlohmann::json& config, c10::ScalarType dtype) {
  const torch::NoGradGuard no_grad;
  const LatentDiffusionConfig c = LatentDiffusionConfig::from_compvis(config);
  const auto& p = model_node(c.raw)["params"];
  StateDict sd;
  {
    UNetModelImpl unet(UNetConfig::from_compvis(p.at("unet_config")));
    add_module_tensors(sd, unet, "model.diffusion_model.", dtype, false);
  }
  {
    auto first = make_first_stage(AutoencoderConfig::from_compvis(p.at("first_stage_config"), c.scale_factor));
    add_module_tensors(sd, *first, "first_stage_model.", dtype, false);
    // __is_first_stage__: the reference's cond_stage_model is the same autoencoder, saved again.
    if (c.cond_stage == CondStage::FirstStage) add_module_tensors(sd, *first, "cond_stage_model.", dtype, false);
  }
  if (cond_stage_has_weights(c.cond_stage)) {
    const nlohmann::json text_encoder = c.raw.contains("text_encoder") ? c.raw["text_encoder"] : nlohmann::json();
    add_module_tensors(sd, *make_condition_encoder(p["cond_stage_config"], text_encoder), "cond_stage_model.", dtype, false);
  }
  return sd;
}

void LatentDiffusion::build(Part part, bool check_only) {
  const auto& p = model_node(config_.raw)["params"];
  if (part == Part::UNet) {
    LoadOptions unet_options;
    unet_options.check_only = check_only;
    {
      const BuildDtypeScope scope(dtype_, device_);
      // load_weights reads every parameter; when it only checks, they stay allocated and never written,
      // so their pages are not resident.
      const SkipParameterInit no_init;
      unet_ = std::make_shared<UNetModelImpl>(unet_config_);
      if (scope.active()) unet_options.dtype = dtype_;  // read in it too, straight into the parameters
    }
    unet_options.what = "UNet (model.diffusion_model)";
    load_weights(*unet_, weights_.select("model.diffusion_model."), unet_options);
    for (const auto& q : unet_->named_parameters()) parameter_shapes_["model.diffusion_model." + q.key()] = q.value().sizes().vec();
    if (check_only) {
      free(Part::UNet);
      return;
    }
    to_device_dtype(*unet_, device_, dtype_);
    if (channels_last_) convolutions_in_format(*unet_, at::MemoryFormat::ChannelsLast);
    unet_->eval();
  } else {
    first_stage_ = load_first_stage(first_stage_config_, weights_.select("first_stage_model."), first_stage_dtype_);
    to_device_dtype(*first_stage_, device_, first_stage_dtype_);
    if (channels_last_) convolutions_in_format(*first_stage_, at::MemoryFormat::ChannelsLast);
    first_stage_->eval();
    if (cond_stage_has_weights(config_.cond_stage)) {
      const nlohmann::json text_encoder = config_.raw.contains("text_encoder") ? config_.raw["text_encoder"] : nlohmann::json();
      {
        const SkipParameterInit no_init;  // its load reads every parameter
        cond_stage_ = make_condition_encoder(p["cond_stage_config"], text_encoder);
      }
      cond_stage_->load(weights_.select("cond_stage_model."));
      to_device_dtype(*cond_stage_, device_, dtype_);
      cond_stage_->eval();
      for (const auto& q : cond_stage_->named_parameters()) parameter_shapes_["cond_stage_model." + q.key()] = q.value().sizes().vec();
    }
  }
  apply_deltas(part);
}

void LatentDiffusion::use(Part part) {
  if (!low_memory_) return;
  if (part == Part::UNet ? unet_ != nullptr : first_stage_ != nullptr) return;
  free(part == Part::UNet ? Part::Others : Part::UNet);
  build(part);
}

void LatentDiffusion::free(Part part) {
  // The part takes its changed parameters' loaded values with it (they are read again with it).
  const std::string prefix = part == Part::UNet ? "model.diffusion_model." : "cond_stage_model.";
  for (auto it = originals_.begin(); it != originals_.end();) {
    if (it->first.compare(0, prefix.size(), prefix) == 0) it = originals_.erase(it);
    else ++it;
  }
  if (part == Part::UNet) {
    unet_.reset();
  } else {
    first_stage_.reset();
    cond_stage_.reset();
  }
  release_cpu_cache();  // the freed weights go back to the system before another part is copied in
}

UNetModelImpl& LatentDiffusion::unet() {
  use(Part::UNet);
  return *unet_;
}

FirstStageModel& LatentDiffusion::first_stage() {
  use(Part::Others);
  return *first_stage_;
}

ConditionEncoder* LatentDiffusion::cond_stage() {
  if (!cond_stage_has_weights(config_.cond_stage)) return nullptr;
  use(Part::Others);
  return cond_stage_.get();
}

void LatentDiffusion::set_weight_deltas(std::map<std::string, at::Tensor> deltas) {
  for (const auto& [name, delta] : deltas) {
    auto it = parameter_shapes_.find(name);
    TORCH_CHECK(it != parameter_shapes_.end(), "set_weight_deltas: no UNet or cond stage parameter ", name);
    TORCH_CHECK(delta.sizes().vec() == it->second, "set_weight_deltas: ", name, " is ", c10::str(at::IntArrayRef(it->second)),
                ", the delta ", c10::str(delta.sizes()));
  }
  deltas_ = std::move(deltas);
  torch::NoGradGuard no_grad;
  // Loaded values back, then loaded value + delta: the same arithmetic whether a part stayed or was
  // loaded again.
  std::map<std::string, at::Tensor> restore;
  restore.swap(originals_);
  auto params_of = [](torch::nn::Module* m, const std::string& prefix, std::map<std::string, at::Tensor>* out) {
    if (!m) return;
    for (const auto& q : m->named_parameters()) (*out)[prefix + q.key()] = q.value();
  };
  std::map<std::string, at::Tensor> params;
  params_of(unet_.get(), "model.diffusion_model.", &params);
  params_of(cond_stage_.get(), "cond_stage_model.", &params);
  for (const auto& [name, value] : restore) params.at(name).copy_(value);
  if (unet_) apply_deltas(Part::UNet);
  if (first_stage_) apply_deltas(Part::Others);
}

void LatentDiffusion::apply_deltas(Part part) {
  if (deltas_.empty()) return;
  torch::NoGradGuard no_grad;
  torch::nn::Module* module = part == Part::UNet ? static_cast<torch::nn::Module*>(unet_.get()) : cond_stage_.get();
  if (!module) return;
  const std::string prefix = part == Part::UNet ? "model.diffusion_model." : "cond_stage_model.";
  for (const auto& q : module->named_parameters()) {
    auto d = deltas_.find(prefix + q.key());
    if (d == deltas_.end()) continue;
    at::Tensor p = q.value();
    const at::Tensor original = p.detach().clone();
    originals_[d->first] = original;
    p.copy_((original.to(torch::kFloat) + d->second.to(p.device())).to(p.scalar_type()));
  }
}

int64_t LatentDiffusion::downsampling_factor() const { return first_stage_config_.downsampling_factor(); }
int64_t LatentDiffusion::latent_channels() const { return first_stage_config_.latent_channels(); }
bool LatentDiffusion::is_vq() const { return first_stage_config_.is_vq(); }
int64_t LatentDiffusion::unet_in_channels() const { return unet_config_.in_channels; }

int64_t LatentDiffusion::label_channels() {
  const auto* rescaler = dynamic_cast<const SpatialRescaler*>(cond_stage());
  TORCH_CHECK(rescaler != nullptr, "label_channels: this model's cond stage is not a SpatialRescaler");
  return rescaler->config().in_channels;
}

at::Tensor LatentDiffusion::apply_model(const at::Tensor& x, const at::Tensor& t, const Conditioning& c,
                                        const SplitInputParams* split) {
  if (split) {
    return apply_model_split(
        [this](const at::Tensor& xp, const at::Tensor& tp, const Conditioning& cp) {
          return apply_model(xp, tp, cp, nullptr);
        },
        x, t, c, *split);
  }
  const at::Tensor input = concat_input(x, c).to(device_, dtype_);
  at::Tensor context = c.crossattn.defined() ? c.crossattn.to(device_, dtype_) : at::Tensor();
  at::Tensor y = c.y.defined() ? c.y.to(device_) : at::Tensor();
  at::Tensor tt = t.to(device_);
  if (!graphs_) return unet().forward(input, tt, context, y).to(x.scalar_type());
  const at::Tensor out = graphs_->run({input, tt, context, y}, [this](const std::vector<at::Tensor>& in) {
    return unet().forward(in[0], in[1], in[2], in[3]);
  });
  return out.to(x.scalar_type());
}

ModelFn LatentDiffusion::model_fn(const SplitInputParams* split) {
  // The split parameters are copied: the function may outlive the caller's struct.
  std::shared_ptr<SplitInputParams> s = split ? std::make_shared<SplitInputParams>(*split) : nullptr;
  return [this, s](const at::Tensor& x, const at::Tensor& t, const Conditioning& c) {
    return apply_model(x, t, c, s.get());
  };
}

FirstStageEncoding LatentDiffusion::encode_first_stage(const at::Tensor& image) {
  return first_stage().encode(image.to(device_, first_stage_dtype_));
}

at::Tensor LatentDiffusion::get_first_stage_encoding(const FirstStageEncoding& enc, c10::optional<at::Generator> gen) {
  at::Tensor z = (enc.is_posterior() && gen.has_value()) ? enc.sample(gen) : enc.mode();
  return z.to(at::kFloat) * config_.scale_factor;
}

at::Tensor LatentDiffusion::decode_first_stage(const at::Tensor& z_in, bool force_not_quantize,
                                               const SplitInputParams* split) {
  if (!at::isfinite(z_in).all().item<bool>())
    throw Error(std::string("the sampler's result has NaN or infinite values (the model overflowed in ") +
                    (dtype_ == at::kHalf ? "fp16" : dtype_ == at::kBFloat16 ? "bf16" : "fp32") +
                    "): use the fp32 or bf16 precision",
                ErrorCode::NumericOverflow);
  // 1. / scale_factor: a float32 division for the buffer (scale_by_std), a Python float's otherwise.
  const double inv = config_.scale_by_std ? static_cast<double>(1.0f / static_cast<float>(config_.scale_factor))
                                          : 1.0 / config_.scale_factor;
  // The sampler's cached blocks do not fit the decoder's sizes: give them back before its peak.
  release_cpu_cache();
  use(Part::Others);
  auto decode_one = [&](const at::Tensor& z) {
    at::Tensor out;
    if (split) {
      out = decode_first_stage_split(*first_stage_, z, *split, force_not_quantize);
    } else if (z.size(2) * z.size(3) > kTiledDecodeLatentArea) {
      // Beyond the sizes the references decode whole: the decoder's activations (and its middle
      // attention, quadratic in the area) would need tens of GB; overlapping tiles blended by ramps.
      out = decode_tiled(*first_stage_, z, kDecodeTile, kDecodeTileOverlap);
    } else if (auto* vq = dynamic_cast<VQModel*>(first_stage_.get())) {
      out = vq->decode(z, force_not_quantize);
    } else {
      out = first_stage_->decode(z);
    }
    return out.to(at::kFloat);
  };
  // One latent at a time: the decoder's activations, and its attention's scores (quadratic in the
  // area), do not grow with the batch (SD's decoder at 1024x1024 holds about 4.5 GB per image).
  auto decode = [&] {
    const at::Tensor z = (z_in.to(at::kFloat) * inv).to(device_, first_stage_dtype_);
    if (z.size(0) == 1) return decode_one(z);
    std::vector<at::Tensor> images;
    for (int64_t i = 0; i < z.size(0); ++i) images.push_back(decode_one(z.narrow(0, i, 1)));
    return at::cat(images);
  };
  at::Tensor out = decode();
  if (at::isfinite(out).all().item<bool>()) return out;
  if (first_stage_dtype_ != at::kFloat) {
    // The known fp16 VAE overflow (SD's VAE in half precision): what the web UIs do, decode in fp32.
    to_device_dtype(*first_stage_, device_, at::kFloat);
    first_stage_dtype_ = at::kFloat;
    out = decode();
    if (at::isfinite(out).all().item<bool>()) return out;
  }
  throw Error("the VAE decode gives NaN or infinite values even in fp32: the VAE's weights are broken; choose "
              "another VAE",
              ErrorCode::NumericOverflow);
}

at::Tensor LatentDiffusion::get_learned_conditioning(const at::Tensor& tokens) {
  TORCH_CHECK(cond_stage(), "get_learned_conditioning: this model has no token encoder");
  if (clip_skip_ < 1) throw RequestError("clip skip must be 1 or more (1 = the model's own layer)");
  const at::Tensor t = tokens.to(device_);
  return (clip_skip_ == 1 ? cond_stage_->encode(t) : cond_stage_->encode_skipping(t, clip_skip_ - 1)).to(at::kFloat);
}

at::Tensor LatentDiffusion::get_learned_conditioning(const at::Tensor& tokens,
                                                     const std::vector<TokenEmbeddingFix>& fixes) {
  if (fixes.empty()) return get_learned_conditioning(tokens);
  TORCH_CHECK(cond_stage(), "get_learned_conditioning: this model has no token encoder");
  if (clip_skip_ < 1) throw RequestError("clip skip must be 1 or more (1 = the model's own layer)");
  return cond_stage_->encode_with_fixes(tokens.to(device_), clip_skip_ - 1, fixes).to(at::kFloat);
}

}  // namespace ldm
