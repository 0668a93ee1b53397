#pragma once
// GenerationRequest: everything that determines an image (docs/ARCHITECTURE.md, "Data flow"). The GUI
// form, the CLI and PNG metadata all map to and from this value type. Torch-free.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/api/image.h"

namespace ldm {

// sample: unconditional and class-conditional models; semantic: a label map to a picture.
enum class Task { Txt2Img, Img2Img, Inpaint, Layout, Upscale, Sample, Semantic };
const char* task_name(Task t);           // "txt2img", "img2img", "inpaint", "layout", "upscale", "sample", "semantic"
bool task_from_name(const std::string& s, Task* out);

// A yes/no setting that a request may leave to the model (core/api/model_info.h ModelDefaults).
enum class Toggle { Auto, Off, On };

struct LayoutBox {
  std::string label;      // class name (resolved against the model's class list)
  int class_id = -1;      // or the class index directly (>= 0 wins)
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // normalised to [0,1] of the image
  bool group_of = false, occluded = false, depiction = false, inside = false;
};

// A LoRA (core/pipelines/lora.h) and how strongly it is merged into the text encoder and the UNet.
struct LoraRef {
  std::string path;             // a file, or a name resolved in the LoRA folders
  double strength = 1.0;        // text encoder
  double unet_strength = 1.0;   // UNet (A1111's <lora:name:te:unet>; usually the same)
  bool operator==(const LoraRef& o) const {
    return path == o.path && strength == o.strength && unet_strength == o.unet_strength;
  }
};

// A file a picture names by its name and A1111's short hash ("TI hashes": 10 hex digits of the SHA-256;
// "Lora hashes": 12, of the tensor data after the header for .safetensors, as the web UI's addnet hash).
struct NamedHash {
  std::string name;
  std::string hash;
  bool operator==(const NamedHash& o) const { return name == o.name && hash == o.hash; }
};

// Settings a request leaves open (steps 0, sampler "", eta / cfg_scale / strength < 0, Toggle::Auto,
// width/height 0) are filled by the engine from the model's own procedure (apply_model_defaults) and
// recorded resolved in GenerationResult::request and the PNG.
struct GenerationRequest {
  Task task = Task::Txt2Img;
  std::string model;            // checkpoint path; empty = the bundled default for the task
  std::string model_hash;       // SHA-256 of the weights, as a picture records it (png_metadata.h); informative
  std::string model_config;     // a CompVis config.yaml to use instead of the one beside the checkpoint
  std::string ema = "auto";     // auto (as the config says) | on | off: the checkpoint's EMA weights
  std::string vae;              // a VAE checkpoint replacing the model's first stage; empty = the model's own
  std::string prompt;
  std::string negative_prompt;
  int width = 0;                // pixels; 0 = the model's native size
  int height = 0;
  int steps = 0;                // 0 = the model's default
  std::string sampler;          // core/api/sampler_registry.h; "" = the model's default (with its karras)
  bool karras = false;
  double eta = -1.0;            // < 0 = the model's default
  double cfg_scale = -1.0;      // < 0 = the model's default; 1 = no guidance
  // Random numbers: one CPU generator seeded with `seed` draws the whole batch (x_T of shape [batch, ...]
  // first, then each step's noise for the whole batch), as the reference scripts do. The PNG of image i
  // records seed, batch and batch_index = i; such a request regenerates the batch and returns image i.
  int64_t seed = -1;            // < 0: random, resolved before sampling and recorded
  int batch = 1;
  int batch_index = -1;         // >= 0: only this image of the batch is wanted
  std::string device = "cpu";   // cpu|cuda
  std::string precision = "fp32";  // fp32|fp16|bf16
  // CLIP text encoders: read the hidden state this many layers from the end (1 = the model's own
  // layer; 2 = one earlier, A1111's "Clip skip: 2"), then the final layer norm.
  int clip_skip = 1;
  // LoRAs merged for this request (Stable Diffusion), besides the prompt's <lora:name:w> tags.
  std::vector<LoraRef> loras;
  // Textual-inversion files (core/pipelines/embeddings.h) beside those in the embedding folders: a path,
  // or a file name looked up there. A prompt uses an embedding by writing its file name (no extension).
  std::vector<std::string> embeddings;
  // Filled by the engine, informative (as model_hash): the embeddings the prompts used and the LoRAs
  // merged (the request's and the prompt's tags), by name and short hash, as A1111 records them.
  std::vector<NamedHash> ti_hashes;
  std::vector<NamedHash> lora_hashes;
  // txt2img "hires fix" (A1111): generate at width x height, upscale by hires_scale (the latent, bilinear;
  // or the picture, bicubic, then encoded), then img2img at the larger size with `strength` and hires_steps
  // (0: `steps`). 0 = off.
  double hires_scale = 0.0;
  std::string hires_upscaler = "latent";  // latent | bicubic
  int hires_steps = 0;
  // img2img / inpaint / upscale inputs
  Image init_image;
  // img2img, and upscale when it starts from the input: how much of the sampling runs (the input is
  // noised to step int(strength * steps), counted from the clean end). < 0 = the model's default.
  double strength = -1.0;
  Image mask;                   // 1 channel, white (255) = repaint
  // inpaint: outpainting. The canvas grows by these many pixels on each side (then to the model's size
  // multiple), the new area pre-filled from the edge pixels and added to the mask; `mask` may then be empty.
  int outpaint_left = 0, outpaint_top = 0, outpaint_right = 0, outpaint_bottom = 0;
  double mask_feather = -1.0;   // pixels of Gaussian feathering of the mask edge; < 0 = the model's default
  // inpaint: paste the model's picture into the original so that every unmasked pixel stays as it was
  // (scripts/inpaint.py does; Stability's SD inpainting script returns the decoded picture as it is).
  Toggle keep_unmasked = Toggle::Auto;
  // inpaint with a dedicated inpainting model: after every step, also put back the known region of the
  // latent (re-noised from the picture's), as inpainting by latent blending does. The reference scripts
  // do not; the bundled model's config asks for it (its masked background keeps the picture's colour).
  Toggle blend_known = Toggle::Auto;
  // layout
  std::vector<LayoutBox> boxes;
  // sample: the class of a class-conditional model (ModelInfo::class_names); -1 for unconditional models
  int class_label = -1;
  // semantic: the label map, 1 channel, pixel value = label index (ModelInfo::class_names), at the
  // output size. Not in to_json(): PNG metadata embeds it in a chunk of its own.
  Image segmentation;
  // tiled sampling (upscale, semantic): output pixels; 0 = automatic
  int tile = 0;
  int tile_stride = 0;
  // upscale: correct the result so that, downsampled, it reproduces the input (colour and tone;
  // pipelines.h match_low_resolution). Requests saved before this option existed read as Off.
  Toggle match_input = Toggle::Auto;
  // upscale: start sampling from the noised latent of the bicubically upscaled input, not from pure
  // noise (UpscaleOptions::start_from_input). Requests saved before this option existed read as Off.
  Toggle start_from_input = Toggle::Auto;

  // Everything except the images (those are files); round-trips through from_json.
  nlohmann::json to_json() const;
  static GenerationRequest from_json(const nlohmann::json& j);  // throws RequestError
};

// Outpainting margins as the engine applies them to a width x height picture: what rounding the grown
// canvas to `multiple` adds goes to the right (bottom) margin, or to the left (top) one when only that is
// given. All zero stays all zero. {left, top, right, bottom}.
struct OutpaintMargins {
  int left = 0, top = 0, right = 0, bottom = 0;
};
OutpaintMargins rounded_outpaint_margins(const OutpaintMargins& asked, int width, int height, int multiple);

}  // namespace ldm
