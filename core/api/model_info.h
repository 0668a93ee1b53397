#pragma once
// The one description of a model that every layer asks: what it is, which tasks it serves, its native
// size, the procedure it runs by default and its class or label names. Built from the model's
// config.yaml (or its tensor shapes when it has none) without reading tensor data, so the GUI's
// model picker and the CLI call it freely. Torch-free; implemented in core/io/model_info.cpp.
#include <string>
#include <vector>

#include "core/api/generation_request.h"

namespace ldm {

// The settings a model runs with when the request leaves them open. A reference model runs the
// procedure of its original script; LDM Studio's own models record what they were tuned for in their
// config.yaml (`sampling:`).
struct ModelDefaults {
  std::string sampler = "ddim";
  bool karras = false;
  int steps = 50;
  double eta = 0.0;
  double cfg_scale = 7.5;        // 1 = the model samples without guidance
  double strength = 0.75;        // img2img (and upscale when it starts from the input)
  bool start_from_input = false; // upscale
  bool match_input = false;      // upscale
  bool keep_unmasked = true;     // inpaint
  bool inpaint_blend = false;    // inpaint: keep the known region in the latent too (GenerationRequest::blend_known)
  double mask_feather = 0.0;     // inpaint: Gaussian feathering of the composite's mask edge, pixels
  std::string source;            // "reference: scripts/txt2img.py" or the config file
};

struct ModelInfo {
  std::string path;         // as given
  std::string name;         // file name, or the folder's name for model.safetensors/model.ckpt
  std::string family;       // sd1 | sd2 | sd-inpaint | ldm-txt2img | ldm-inpaint | ldm-sr | ldm-layout |
                            // ldm-class | ldm-uncond | ldm-semantic
  std::string family_name;  // "Stable Diffusion 1.x", "LDM super-resolution", ...
  std::vector<Task> tasks;  // the tasks it serves, its main task first
  int native_width = 0;     // pixels
  int native_height = 0;
  int size_multiple = 8;    // width and height must be multiples of this
  int downsampling = 8;     // first-stage factor f
  bool takes_prompt = false;
  bool bundled = false;     // one of LDM Studio's own models (resources/models)
  long long parameters = 0; // weights of the UNet, first stage and cond stage (what loading it takes)
  // The names a model's conditioning takes, by index: layout models' box classes (their classes.json,
  // else the OpenImages list), class-conditional models' classes (the ImageNet list unless the config
  // names its own, `classes:`), semantic models' labels (COCO-Stuff's 182 unless `classes:`).
  std::vector<std::string> class_names;
  // Class-conditional models whose embedding has one entry more than classes: that entry is "no class",
  // the unconditional input of classifier-free guidance (cin256-v2: 1000). -1 when there is none.
  int unconditional_class = -1;
  ModelDefaults defaults;
  std::string config_source;  // the config file, or "detected from tensor shapes"
  std::vector<std::string> notes;

  bool serves(Task task) const;
};

// The bundled default model of a task (resources/models/shapes-<task>; img2img uses txt2img's, sample
// shapes-class), or "" when it is not installed.
std::string bundled_model_path(Task task);

// Describes the model at `path` (file, folder or diffusers folder), with `config_path` overriding the
// config beside it. Reads headers and configs only. Throws LoadError (one line naming the file) for
// what is not a model.
ModelInfo describe_model(const std::string& path, const std::string& config_path = "");

// The procedure a request runs when it leaves settings open: fills steps 0, an empty sampler, eta < 0,
// cfg_scale < 0, strength < 0 and the switches left on Auto from `defaults`, and a zero width/height
// from the native size (txt2img, layout) or the input image (img2img).
void apply_model_defaults(const ModelInfo& model, GenerationRequest* request);

}  // namespace ldm
