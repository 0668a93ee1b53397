#pragma once
// GenerationRequest: everything that determines an image (ARCHITECTURE.md, data flow). The GUI
// form, the CLI and PNG metadata all map to and from this value type. Torch-free.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/api/image.h"

namespace ldm {

enum class Task { Txt2Img, Img2Img, Inpaint, Layout, Upscale };
const char* task_name(Task t);           // "txt2img", "img2img", "inpaint", "layout", "upscale"
bool task_from_name(const std::string& s, Task* out);

// The upscaler's default strength (CLI and GUI): half the steps, from the input. On the bundled
// upscaler it scores +4.9 dB over bicubic against +2.3 dB from the start of the schedule
// (resources/models/MODEL_CARD.md); the detail the input lacks still comes from the model.
constexpr double kUpscaleStrength = 0.5;

struct LayoutBox {
  std::string label;      // class name (resolved against the model's class list)
  int class_id = -1;      // or the class index directly (>= 0 wins)
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // normalised to [0,1] of the image
  bool group_of = false, occluded = false, depiction = false, inside = false;
};

struct GenerationRequest {
  Task task = Task::Txt2Img;
  std::string model;            // checkpoint path; empty = the bundled default for the task
  std::string prompt;
  std::string negative_prompt;
  int width = 0;                // pixels; 0 = the model's native size
  int height = 0;
  int steps = 50;
  std::string sampler = "ddim"; // ddim|plms|ddpm|euler|euler_a|heun|lms|dpmpp_2m
  bool karras = false;
  double eta = 0.0;
  double cfg_scale = 7.5;
  int64_t seed = -1;            // < 0: random, resolved before sampling and recorded
  int batch = 1;
  std::string device = "cpu";   // cpu|cuda
  std::string precision = "fp32";  // fp32|fp16|bf16
  int clip_skip = 1;
  // img2img / inpaint / upscale inputs
  Image init_image;
  // img2img, and upscale when it starts from the input: how much of the sampling runs (the input is
  // noised to step int(strength * steps), counted from the clean end). The CLI and GUI start an upscale
  // at kUpscaleStrength.
  double strength = 0.75;
  Image mask;                   // 1 channel, white (255) = repaint
  double mask_feather = 0.0;    // pixels of Gaussian feathering of the mask edge
  // layout
  std::vector<LayoutBox> boxes;
  // tiled sampling (upscale): output pixels; 0 = automatic
  int tile = 0;
  int tile_stride = 0;
  // upscale: correct the result so that, downsampled, it reproduces the input (colour and tone;
  // pipelines.h match_low_resolution). Requests saved before this option existed read as false.
  bool match_input = true;
  // upscale: start sampling from the noised latent of the bicubically upscaled input, not from pure
  // noise (UpscaleOptions::start_from_input). Requests saved before this option existed read as false.
  bool start_from_input = true;
  // previews: full decode every N steps (0 = never, only the cheap projection)
  int preview_decode_every = 5;

  // Everything except the images (those are files); round-trips through from_json.
  nlohmann::json to_json() const;
  static GenerationRequest from_json(const nlohmann::json& j);  // throws RequestError
};

}  // namespace ldm
