#pragma once
// diffusers folders (model_index.json + unet/, vae/, text_encoder/, scheduler/) of Stable Diffusion
// 1.x/2.x pipelines. The names are converted once, here, to the CompVis checkpoint names
// (model.diffusion_model.*, first_stage_model.*, cond_stage_model.*), and the diffusers
// config.json files to a CompVis config document, so that nothing downstream knows the layout.
// The mapping follows diffusers' scripts/convert_diffusers_to_original_stable_diffusion.py.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/io/state_dict.h"

namespace ldm {

struct DiffusersModel {
  StateDict weights;            // CompVis names
  nlohmann::json config;        // {"model": {"target", "params"}, "text_encoder": {...}}
  std::vector<std::string> notes;  // what differs from a single-file checkpoint
};

// A folder holding model_index.json.
bool is_diffusers_folder(const std::string& path);

// Loads unet/, vae/ and text_encoder/ (NAME.safetensors, else NAME.fp16.safetensors, else the
// .bin variants) and scheduler/scheduler_config.json. Throws LoadError (one line naming the key and
// the file) for missing or unexpected keys, unreadable configs and unsupported pipelines.
DiffusersModel load_diffusers_folder(const std::string& path);

// One weight of a Stable Diffusion model under both namings (LoRA files name modules the diffusers way).
struct DiffusersWeightName {
  std::string diffusers;  // "unet.<UNet2DConditionModel name>" or "text_encoder.<CLIPTextModel name>"
  std::string compvis;    // the LatentDiffusion.state_dict() key it is stored under
  int fused_part = -1;    // OpenCLIP: 0/1/2 = the q/k/v third of the fused attn.in_proj_weight
};
// Every weight (".weight" keys only) of the UNet that `unet_params` (CompVis UNetModel params)
// describes and of a CLIP (SD 1.x) or OpenCLIP (SD 2.x) text encoder with `text_layers` layers.
std::vector<DiffusersWeightName> stable_diffusion_weight_names(const nlohmann::json& unet_params, int64_t text_layers,
                                                               bool open_clip);

}  // namespace ldm
