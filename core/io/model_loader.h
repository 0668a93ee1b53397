#pragma once
// Opening a model the way users have them: a .ckpt/.safetensors file (with NAME.yaml or
// config.yaml beside it, or none), a folder holding model.ckpt/model.safetensors + config.yaml, or a
// diffusers folder (model_index.json; converted by core/io/diffusers.h).
// The CompVis config is the one description of the architecture; without a config file it is
// reconstructed from tensor shapes (architecture detection; no tensor data is read). EMA weights
// (model_ema.*) are mapped back onto model.* following the config's use_ema.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "core/io/state_dict.h"

namespace ldm {

enum class EmaMode { Auto, Use, Ignore };

struct ModelDescription {
  std::string family;        // sd1 | sd2 | sd-inpaint | ldm-txt2img | ldm-inpaint | ldm-sr | ldm-layout | ldm-class | ldm-uncond
  std::string task;          // txt2img | inpaint | upscale | layout | class | unconditional
  std::string first_stage;   // kl | vq
  std::string cond_stage;    // clip | openclip | bert | bert-layout | class | first-stage | identity | none
  std::string conditioning_key;  // crossattn | concat | hybrid | adm | none
  std::string parameterization;  // eps | v | x0
  int64_t unet_in_channels = 0;
  int64_t latent_channels = 0;
  int64_t downsampling = 0;      // first-stage factor f
  nlohmann::json config;         // CompVis document: {"model": {"target": ..., "params": {...}}}
  std::string config_source;     // the file, or "detected from tensor shapes"
  bool has_ema = false;
  bool ema_applied = false;
  DType stored_dtype = DType::F32;
  size_t tensor_count = 0;
  std::map<std::string, int64_t> parameters;  // unet / first_stage / cond_stage
  std::vector<std::string> notes;             // assumptions made (e.g. heads not recoverable from shapes)
};

struct LoadedModel {
  std::string path;          // the weights file
  StateDict weights;         // CompVis names; EMA applied if chosen; model_ema.* removed
  ModelDescription desc;
};

struct OpenOptions {
  EmaMode ema = EmaMode::Auto;
  std::string config_path;   // explicit config (overrides the one beside the checkpoint)
  bool ignore_config = false;  // detect from shapes even if a config file exists
  // A VAE checkpoint whose weights replace the first stage's (A1111's "SD VAE": e.g. a fine-tuned KL-f8
  // decoder). CompVis names (encoder.*, decoder.*, quant_conv.*, post_quant_conv.*), bare or under
  // first_stage_model.; a whole model checkpoint works too. Every first-stage weight must be there, with
  // the model's shape; loss.* (the discriminator) and EMA copies are ignored.
  std::string vae_path;
};

// Throws LoadError (one line, naming the file) for unreadable files, unknown architectures and
// configs that contradict the weights.
LoadedModel open_model(const std::string& path, const OpenOptions& options = {});

// LitEma: replaces every model.* tensor that has an EMA copy (model_ema.<name under model. without
// dots>) by that copy, in place, without reading data. Returns how many were replaced.
int apply_ema(StateDict& weights);

// Architecture detection from shapes alone: a CompVis-style config for `weights`.
ModelDescription detect_architecture(const StateDict& weights);

// The weights file and config that `path` designates (file or folder); config may be empty.
struct ModelFiles {
  std::string weights;
  std::string config;
  bool diffusers = false;  // `weights` is a diffusers folder (model_index.json); config is empty
};
ModelFiles resolve_model_files(const std::string& path);

struct ModelInfo;
// The torch-free description (core/api/model_info.h) of an opened model; `given_path` is the path as
// the user gave it (file, folder).
ModelInfo model_info_of(const LoadedModel& model, const std::string& given_path);

}  // namespace ldm
