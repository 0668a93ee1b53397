#include "app/cli/options.h"

#include <algorithm>
#include <sstream>

#include "core/api/sampler_registry.h"

namespace ldm::cli {

namespace {

std::vector<OptionSpec> generation_common() {
  return {
      {"model", "PATH", "checkpoint file or folder (default: the task's bundled model)"},
      {"config", "YAML", "CompVis config.yaml to use instead of the one beside the checkpoint"},
      {"ema", "auto|on|off", "use the checkpoint's EMA weights (auto: as its config says)"},
      {"vae", "FILE", "a VAE checkpoint to use instead of the model's first stage (e.g. a fine-tuned KL-f8)"},
      {"prompt", "TEXT", "what the picture shows (text models)"},
      {"negative", "TEXT", "negative prompt (the unconditional input of guidance)"},
      {"width", "W", "output width in pixels (default: the model's native size)"},
      {"height", "H", "output height in pixels"},
      {"steps", "N", "sampler steps, 1..1000 (default: the model's own procedure)"},
      {"sampler", "NAME", sampler_name_list("|") + " (default: the model's)"},
      {"karras", "", "Karras sigmas (k-diffusion samplers)"},
      {"eta", "E", "DDIM eta (0 deterministic, 1 ancestral)"},
      {"cfg", "S", "classifier-free guidance scale (1 = none)"},
      {"seed", "N", "random seed (default, or negative: a random one, printed and recorded)"},
      {"batch", "N", "images drawn together by one generator (files NAME-0.png, NAME-1.png, ...)"},
      {"device", "cpu|cuda", "where to run"},
      {"precision", "fp32|fp16|bf16", "compute precision (fp16 on CUDA only)"},
      {"memory", "auto|keep|low", "low: the UNet and the other parts take turns in memory (auto: low when RAM is short)"},
      {"clip-skip", "N", "leave out the CLIP text encoder's last N-1 layers (Stable Diffusion)"},
      {"lora", "FILE[:S[:U]]", "merge a LoRA at strength S (default 1; U: the UNet's, default S) (repeatable)"},
      {"embedding", "FILE", "a textual-inversion embedding the prompt names by its file name (repeatable)"},
      {"output", "FILE.png", "where to write (never overwritten)"},
      {"from-png", "FILE.png", "start from the request stored in a PNG (options given override it)"},
      {"json", "", "print the outputs, seed and request as JSON"},
      {"quiet", "", "no progress line and no random-seed line"},
  };
}

CommandSpec generation(const std::string& name, const std::string& summary, std::vector<OptionSpec> extra) {
  CommandSpec c{name, summary, generation_common()};
  c.options.insert(c.options.end(), extra.begin(), extra.end());
  return c;
}

const std::vector<OptionSpec> kTrainCommon = {
    {"steps", "N", "train N steps instead of the config's"},
    {"step-scale", "X", "train X times the configured steps"},
    {"device", "auto|cpu|cuda", "where to train (auto: CUDA when there is one)"},
    {"resume", "", "continue from the stage's checkpoint"},
    {"json", "", "one JSON object per progress line"},
};

std::vector<OptionSpec> with_train_common(std::vector<OptionSpec> options) {
  options.insert(options.end(), kTrainCommon.begin(), kTrainCommon.end());
  return options;
}

}  // namespace

const OptionSpec* CommandSpec::find(const std::string& option) const {
  for (const auto& o : options)
    if (o.name == option) return &o;
  return nullptr;
}

const std::vector<CommandSpec>& command_specs() {
  static const std::vector<CommandSpec> specs = {
      generation("txt2img", "a picture from a text prompt",
                 {{"hires-scale", "X", "hires fix: redraw the picture X times larger (1..4) from its upscaled self"},
                  {"hires-upscaler", "latent|bicubic", "hires fix: upscale the latent or the picture (default latent)"},
                  {"hires-steps", "N", "hires fix: steps of the second pass (default: --steps)"},
                  {"strength", "S", "hires fix: how much of the second pass is redrawn (default: the model's)"}}),
      generation("img2img", "a picture redrawn from an init image (scripts/img2img.py)",
                 {{"init", "IMAGE", "the picture to start from"},
                  {"strength", "S", "how much is redrawn, (0, 1] (default: the model's, 0.75)"}}),
      generation("inpaint", "repaint the white area of a mask",
                 {{"image", "IMAGE", "the picture"},
                  {"mask", "MASK", "8-bit mask of the image's size, white = repaint"},
                  {"outpaint", "N|L,T,R,B", "extend the canvas by N pixels (or per side) and paint the new area"},
                  {"feather", "PX", "Gaussian feathering of the mask edge in the composite (default: the model's)"},
                  {"keep-unmasked", "", "paste the result into the picture: unmasked pixels stay exact"},
                  {"no-keep-unmasked", "", "return the model's decoded picture as it is"},
                  {"blend-known", "", "inpainting models: also keep the known region in the latent at every step"},
                  {"no-blend-known", "", "sample with the masked picture as the model's condition only (the reference scripts)"}}),
      generation("layout", "a picture from labelled boxes",
                 {{"box", "LABEL:x0,y0,x1,y1", "a box in [0,1] image coordinates (repeatable)"},
                  {"layout", "FILE.json", "boxes from a layout file"}}),
      generation("upscale", "super-resolution (the model's factor, e.g. 4x)",
                 {{"image", "IMAGE", "the low-resolution picture"},
                  {"strength", "S", "start from the input noised to this level (with --from-input)"},
                  {"tile", "PX", "tile size in output pixels for convolutional sampling (a multiple of the model's size multiple; 0: automatic)"},
                  {"tile-stride", "PX", "tile stride in output pixels (a multiple of the downsampling factor; 0: half a tile)"},
                  {"from-input", "", "start from the bicubically upscaled input (LDM Studio's procedure)"},
                  {"from-noise", "", "start from pure noise (the reference procedure)"},
                  {"match-input", "", "back-project the result onto the input's colours"},
                  {"no-match-input", "", "return the raw sample"}}),
      generation("sample", "unconditional and class-conditional models (CelebA-HQ, LSUN, ImageNet classes)",
                 {{"class", "ID|NAME", "class index or name (class-conditional models; e.g. 'tabby cat')"}}),
      generation("semantic", "a picture from a label map (semantic synthesis, any size)",
                 {{"segmentation", "LABELS.png", "8-bit label map (pixel value = label), or a colour picture with --palette"},
                  {"palette", "PALETTE.json", "label -> colour of a colour-coded map ({\"sky-other\": \"#87ceeb\"})"},
                  {"tile", "PX", "tile size in output pixels for very large maps (a multiple of the model's size multiple; 0: automatic)"},
                  {"tile-stride", "PX", "tile stride in output pixels (a multiple of the downsampling factor; 0: half a tile)"}}),
      {"info", "what a model is: family, tasks, components, parameters, config, defaults; what made a picture (--png); or (--system) this machine",
       {{"model", "PATH", "checkpoint file or folder"},
        {"png", "FILE.png", "what made a picture: its parameters, the model this machine would use, the command that makes it again"},
        {"system", "", "LibTorch, CUDA and cuDNN versions, devices with memory, BLAS, threads"},
        {"json", "", "machine-readable output"},
        {"classes", "", "list the model's classes or labels (index and name): --class, --box and label map values"},
        {"config", "YAML", "CompVis config.yaml to use instead of the one beside the checkpoint"},
        {"no-config", "", "detect the architecture from tensor shapes even when a config exists"},
        {"ema", "auto|on|off", "use the EMA weights (auto: as the config says)"}}},
      {"bench", "timings (random weights, no download)",
       {{"arch", "sd15|sd21", "full-size architecture to time (default: kernels only)"},
        {"config", "YAML", "or any CompVis config.yaml (e.g. a zoo model's), built with random weights"},
        {"width", "W", "image width (default: the model's native size)"},
        {"height", "H", "image height (default: the model's native size)"},
        {"steps", "N", "also time a whole picture of N DDIM steps with guidance (text models)"},
        {"batch", "N", "batch size"},
        {"device", "cpu|cuda", "where to run"},
        {"precision", "fp32|fp16|bf16", "compute precision"},
        {"repeats", "N", "timed repeats"},
        {"save-weights", "FILE", "also write the random-weight model (CompVis .safetensors) to time other engines on"},
        {"trace", "PREFIX", "also write profiler traces of a UNet call and a VAE decode (PREFIX-unet.json, PREFIX-vae.json)"},
        {"json", "", "machine-readable output"}}},
      {"train autoencoder", "stage 1: the KL autoencoder",
       with_train_common({{"config", "YAML", "training config (default: resources/training/autoencoder-kl-f4.yaml)"},
                          {"data", "DIR", "train on this folder of pictures (the config's data.params stay)"},
                          {"out", "DIR", "output folder"},
                          {"init", "MODEL", "start from a trained autoencoder, or a model's first stage (decoder fine-tuning)"}})},
      {"train diffusion", "stage 2: a latent diffusion model in a trained autoencoder's space",
       with_train_common({{"config", "YAML", "training config (resources/training/*.yaml)"},
                          {"data", "DIR", "train on this folder of pictures and their NAME.txt captions (the config's data.params stay)"},
                          {"autoencoder", "DIR", "the stage-1 autoencoder"},
                          {"out", "DIR", "output folder"},
                          {"init", "MODEL", "fine-tune from this model"}})},
      {"train export", "EMA weights in float16, as bundled",
       {{"model", "DIR", "a trained model folder"},
        {"out", "DIR", "output folder"},
        {"decoder", "DIR", "a fine-tuned decoder (stage 1b) to put into the model's first stage"}}},
      {"train bundle", "every stage of resources/models",
       {{"out", "DIR", "output folder"},
        {"work", "DIR", "folder for the stages (default runs/default-models)"},
        {"step-scale", "X", "train every stage X times its configured steps"},
        {"device", "auto|cpu|cuda", "where to train"},
        {"json", "", "one JSON object per progress line"}}},
      {"dataset", "shapes-world samples with captions and boxes",
       {{"out", "DIR", "output folder"},
        {"count", "N", "number of samples"},
        {"seed", "S", "dataset seed"},
        {"size", "PX", "image size"},
        {"first", "N", "index of the first sample"}}},
  };
  return specs;
}

const CommandSpec* find_command(const std::string& name) {
  for (const auto& c : command_specs())
    if (c.name == name) return &c;
  return nullptr;
}

std::string command_help(const CommandSpec& command) {
  std::ostringstream os;
  os << "usage: ldm " << command.name << " [options]\n  " << command.summary << "\noptions:\n";
  size_t width = 0;
  for (const auto& o : command.options) width = std::max(width, o.name.size() + (o.value.empty() ? 0 : o.value.size() + 1));
  for (const auto& o : command.options) {
    std::string left = "--" + o.name + (o.value.empty() ? "" : " " + o.value);
    os << "  " << left << std::string(width + 4 - left.size(), ' ') << o.help << "\n";
  }
  return os.str();
}

std::string overview_help() {
  std::ostringstream os;
  os << "usage: ldm <command> [options], or ldm --version\ncommands:\n";
  for (const auto& c : command_specs()) os << "  " << c.name << std::string(c.name.size() < 18 ? 18 - c.name.size() : 1, ' ') << c.summary << "\n";
  os << "run 'ldm <command> --help' for its options; docs/cli.md has the whole reference and the exit codes\n";
  return os.str();
}

}  // namespace ldm::cli
