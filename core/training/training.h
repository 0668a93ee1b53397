#pragma once
// The paper's two training stages (Rombach et al. 2022, sec. 3 and appendix G), LDM Studio's own
// implementation: stage 1 trains the KL-regularised autoencoder (ldm.models.autoencoder.AutoencoderKL
// with ldm.modules.losses.LPIPSWithDiscriminator's recipe, the perceptual term replaced as the
// config says), stage 2 a LatentDiffusion in its frozen latent space (eps-prediction, LitEma,
// condition dropout for classifier-free guidance). Both read a CompVis-style config.yaml with two
// extra sections, `data:` (the shapes-world dataset, or a folder of the user's pictures) and
// `training:` (steps, batch, optimiser), and write CompVis-format checkpoints (safetensors with the
// reference key names + config.yaml).
// Torch-free interface: the CLI and the tests drive it.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/api/image.h"

namespace ldm {

struct TrainProgress {
  std::string stage;                   // "autoencoder", "diffusion", "encode"
  int64_t step = 0, total = 0;         // 1-based step just finished
  std::map<std::string, double> losses;  // running means since the last report
  double its_per_sec = 0, eta_seconds = 0;
  std::string message;                 // set for one-off events ("checkpoint saved ...")
};
using TrainProgressFn = std::function<void(const TrainProgress&)>;
// Writes a validation image (PNG through the imaging library; core has no image codec).
using TrainImageWriter = std::function<void(const Image& image, const std::string& path)>;
// Reads a training picture as 8-bit RGB (the imaging library's load_image); throws ldm::Error.
using TrainImageReader = std::function<Image(const std::string& path)>;

struct TrainOptions {
  std::string config_path;   // resources/training/*.yaml
  std::string out_dir;       // checkpoint (model.safetensors + config.yaml), trainer state, samples/
  std::string autoencoder;   // stage 2: the stage-1 model folder or file
  std::string init;          // stage 2: initialise the UNet from another trained model (fine-tuning)
  bool resume = false;       // continue from out_dir's trainer state
  int64_t max_steps = -1;    // overrides training.steps when > 0
  double step_scale = 1.0;   // multiplies training.steps (a longer recipe where compute allows); max_steps wins
  // "auto" (CUDA when LibTorch sees a GPU, else the CPU), "cpu" or "cuda". Stage 2 draws its random
  // numbers (batches, timesteps, noise) on the CPU whatever the device, so a GPU run sees the draws
  // of a CPU run; its arithmetic rounds differently, so its weights are not the same bits.
  std::string device = "auto";
  TrainProgressFn on_progress;
  TrainImageWriter write_image;
  TrainImageReader read_image;  // needed for data.target ldm_studio.data.ImageFolder (core/training/image_folder.h)
  std::string data_folder;      // trains on this folder of pictures whatever the config's data.target (its params stay)
  const std::atomic<bool>* cancel = nullptr;  // checked every step; a checkpoint is saved first
};

namespace training {
// The steps a stage trains: options.max_steps when set, else training.steps x options.step_scale
// (rounded, at least 1). Error for a step_scale that is not positive. (ldm train bundle asks it too,
// to know whether a stage in --work is done.)
int64_t training_steps(const TrainOptions& options, int64_t config_steps);
}  // namespace training

// Stage 1. Writes out_dir/model.safetensors (encoder.*, decoder.*, quant_conv.*, post_quant_conv.*,
// loss.discriminator.*) and out_dir/config.yaml. Throws ldm::Error on bad configs.
void train_autoencoder(const TrainOptions& options);
// Stage 2. Writes out_dir/model.safetensors (model.diffusion_model.*, model_ema.*, first_stage_model.*,
// cond_stage_model.*, the schedule buffers) and out_dir/config.yaml (scale_factor filled in).
void train_diffusion(const TrainOptions& options);

// A trained model folder -> a bundled one: EMA weights in place of the raw ones (use_ema false),
// floating tensors stored as float16, training-only keys dropped, config.yaml (+ classes.json for
// layout models) copied. Never overwrites: out_dir must not hold a model.safetensors.
// With `decoder` (a stage-1b model folder), its decoder.* and post_quant_conv.* replace the first stage's.
void export_model(const std::string& trained_dir, const std::string& out_dir, const std::string& decoder = "");

}  // namespace ldm
