// describe_model (core/api/model_info.h): the family, tasks, size and default procedure of a model, from
// its description (core/io/model_loader.h) without reading tensor data.
#include "core/api/model_info.h"

#include <filesystem>
#include <map>

#include "core/api/class_names.h"
#include "core/api/sampler_registry.h"
#include "core/error.h"
#include "core/io/model_loader.h"
#include "core/layout/layout_classes.h"
#include "core/runtime/resources.h"

namespace ldm {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct FamilyFacts {
  const char* display;
  std::vector<Task> tasks;
  ModelDefaults defaults;
};

ModelDefaults defaults_of(const char* sampler, int steps, double eta, double cfg, const char* source) {
  ModelDefaults d;
  d.sampler = sampler;
  d.steps = steps;
  d.eta = eta;
  d.cfg_scale = cfg;
  d.source = std::string("reference: ") + source;
  return d;
}

// What each family serves and the procedure of its original script (the one place that knows).
const std::map<std::string, FamilyFacts>& families() {
  static const std::map<std::string, FamilyFacts> f = [] {
    std::map<std::string, FamilyFacts> m;
    // CompVis/stable-diffusion scripts/txt2img.py and img2img.py: DDIM 50 steps, eta 0, scale 7.5.
    m["sd1"] = {"Stable Diffusion 1.x", {Task::Txt2Img, Task::Img2Img, Task::Inpaint},
                defaults_of("ddim", 50, 0.0, 7.5, "CompVis/stable-diffusion scripts/txt2img.py")};
    // Stability-AI/stablediffusion scripts/txt2img.py: DDIM 50 steps, eta 0, scale 9.
    m["sd2"] = {"Stable Diffusion 2.x", {Task::Txt2Img, Task::Img2Img, Task::Inpaint},
                defaults_of("ddim", 50, 0.0, 9.0, "Stability-AI/stablediffusion scripts/txt2img.py")};
    // Stability-AI/stablediffusion scripts/gradio/inpainting.py: DDIM 45 steps, eta 1, scale 10.
    m["sd-inpaint"] = {"Stable Diffusion inpainting", {Task::Inpaint},
                       defaults_of("ddim", 45, 1.0, 10.0, "Stability-AI/stablediffusion scripts/gradio/inpainting.py")};
    // CompVis/latent-diffusion scripts/txt2img.py as its README runs it: 50 DDIM steps, eta 0, scale 5.
    m["ldm-txt2img"] = {"LDM text-to-image", {Task::Txt2Img, Task::Img2Img, Task::Inpaint},
                        defaults_of("ddim", 50, 0.0, 5.0, "CompVis/latent-diffusion scripts/txt2img.py")};
    // scripts/inpaint.py: DDIM 50 steps, no guidance.
    m["ldm-inpaint"] = {"LDM inpainting", {Task::Inpaint},
                        defaults_of("ddim", 50, 0.0, 1.0, "CompVis/latent-diffusion scripts/inpaint.py")};
    // notebook_helpers.py super-resolution: DDIM 100 steps, eta 1, from noise.
    m["ldm-sr"] = {"LDM super-resolution", {Task::Upscale},
                   defaults_of("ddim", 100, 1.0, 1.0, "CompVis/latent-diffusion notebook_helpers.py")};
    // LatentDiffusion.log_images: DDIM 200 steps, eta 1, unguided.
    m["ldm-layout"] = {"LDM layout-to-image", {Task::Layout},
                       defaults_of("ddim", 200, 1.0, 1.0, "CompVis/latent-diffusion LatentDiffusion.log_images")};
    // scripts/latent_imagenet_diffusion.ipynb: DDIM 20 steps, eta 0, scale 3.
    m["ldm-class"] = {"LDM class-conditional", {Task::Sample},
                      defaults_of("ddim", 20, 0.0, 3.0, "CompVis/latent-diffusion latent_imagenet_diffusion.ipynb")};
    // scripts/sample_diffusion.py: DDIM 50 steps (its README), eta 1.
    m["ldm-uncond"] = {"LDM unconditional", {Task::Sample, Task::Inpaint},
                       defaults_of("ddim", 50, 1.0, 1.0, "CompVis/latent-diffusion scripts/sample_diffusion.py")};
    m["ldm-semantic"] = {"LDM semantic synthesis", {Task::Semantic},
                         defaults_of("ddim", 50, 1.0, 1.0, "CompVis/latent-diffusion LatentDiffusion.log_images")};
    m["ldm-sr"].defaults.strength = 1.0;
    m["sd-inpaint"].defaults.keep_unmasked = false;  // the script returns the decoded picture
    return m;
  }();
  return f;
}

// LDM Studio's own models record the procedure they were tuned with: `sampling:` in config.yaml.
void apply_config_sampling(const json& config, const std::string& source, ModelDefaults* d) {
  if (!config.contains("sampling") || !config["sampling"].is_object()) return;
  const json& s = config["sampling"];
  try {
    if (s.contains("sampler")) {
      d->sampler = s["sampler"].get<std::string>();
      if (!find_sampler(d->sampler))
        throw LoadError(source + ": sampling.sampler '" + d->sampler + "' is not one of " + sampler_name_list(", "));
    }
    d->karras = s.value("karras", d->karras);
    d->steps = s.value("steps", d->steps);
    d->eta = s.value("eta", d->eta);
    d->cfg_scale = s.value("cfg_scale", d->cfg_scale);
    d->strength = s.value("strength", d->strength);
    d->start_from_input = s.value("start_from_input", d->start_from_input);
    d->match_input = s.value("match_input", d->match_input);
    d->keep_unmasked = s.value("keep_unmasked", d->keep_unmasked);
    d->inpaint_blend = s.value("inpaint_blend", d->inpaint_blend);
    d->mask_feather = s.value("mask_feather", d->mask_feather);
  } catch (const json::exception& e) {
    throw LoadError(source + ": malformed sampling section (" + e.what() + ")");
  }
  d->source = source + " (sampling:)";
}

// LDM Studio's own class-conditional and semantic models name their class list in the config
// (`classes: classes.json`, beside the weights); nothing outside the model's folder is read.
std::vector<std::string> own_class_list(const json& config, const std::string& dir) {
  if (!config.contains("classes")) return {};
  if (!config["classes"].is_string()) throw LoadError("config: classes must be a file name");
  const fs::path relative(config["classes"].get<std::string>());
  for (const auto& part : relative)
    if (part == ".." || relative.is_absolute()) throw LoadError("config: classes '" + relative.string() + "' leaves the model's folder");
  return read_class_json((fs::path(dir) / relative).string());
}

std::string display_name_of(const std::string& given, const std::string& weights) {
  std::string name = fs::path(given).filename().string();
  if (name.empty()) name = fs::path(given).parent_path().filename().string();  // "folder/"
  if (name == "model.safetensors" || name == "model.ckpt") name = fs::path(weights).parent_path().filename().string();
  return name;
}

}  // namespace

std::string bundled_model_path(Task task) {
  const char* name = "txt2img";
  if (task == Task::Inpaint) name = "inpaint";
  else if (task == Task::Layout) name = "layout";
  else if (task == Task::Upscale) name = "upscale";
  else if (task == Task::Sample) name = "class";
  else if (task == Task::Semantic) name = "semantic";
  try {
    const fs::path p = fs::path(resources_dir()) / "models" / (std::string("shapes-") + name);
    return fs::exists(p / "model.safetensors") ? p.string() : std::string();
  } catch (const LoadError&) {
    return {};
  }
}

bool ModelInfo::serves(Task task) const {
  for (Task t : tasks)
    if (t == task) return true;
  return false;
}

ModelInfo model_info_of(const LoadedModel& m, const std::string& given_path) {
  const ModelDescription& d = m.desc;
  const auto it = families().find(d.family);
  if (it == families().end()) throw LoadError(m.path + ": unknown model family '" + d.family + "'");
  ModelInfo info;
  info.path = given_path;
  info.name = display_name_of(given_path, m.path);
  info.family = d.family;
  info.family_name = it->second.display;
  info.tasks = it->second.tasks;
  for (const auto& [part, count] : d.parameters) info.parameters += count;
  // A text model whose UNet also takes the mask and the masked image (LDM Studio's bundled inpainting
  // model: BERT + concat, "hybrid") needs those inputs: it serves inpainting only.
  if (d.family == "ldm-txt2img" && d.conditioning_key == "hybrid") {
    info.tasks = {Task::Inpaint};
    info.family_name = "LDM text-guided inpainting";  // not "text-to-image", which it cannot do
  }
  info.defaults = it->second.defaults;
  info.config_source = d.config_source;
  info.notes = d.notes;
  info.downsampling = static_cast<int>(d.downsampling);
  info.takes_prompt = d.cond_stage == "clip" || d.cond_stage == "openclip" || d.cond_stage == "bert";
  const json& p = d.config["model"]["params"];
  const int64_t latent_size = p.value("image_size", int64_t{64});
  info.native_width = info.native_height = static_cast<int>(latent_size * d.downsampling);
  int64_t levels = 1;
  if (p.contains("unet_config") && p["unet_config"].contains("params") &&
      p["unet_config"]["params"].contains("channel_mult"))
    levels = static_cast<int64_t>(p["unet_config"]["params"]["channel_mult"].size());
  info.size_multiple = static_cast<int>(d.downsampling * (int64_t{1} << (levels - 1)));
  apply_config_sampling(d.config, d.config_source, &info.defaults);
  const std::string dir = fs::path(m.path).parent_path().string();
  if (d.family == "ldm-layout") {
    const LayoutClasses& classes = LayoutClasses::for_model(d.config, dir);
    info.class_names.resize(static_cast<size_t>(classes.size()));
    for (const auto& c : classes.all())
      if (c.number >= 0 && c.number < classes.size()) info.class_names[static_cast<size_t>(c.number)] = c.name;
  } else if (d.family == "ldm-class" || d.family == "ldm-semantic") {
    info.class_names = own_class_list(d.config, dir);
    if (info.class_names.empty())
      info.class_names = d.family == "ldm-class" ? read_class_lines(resource_path("classes/imagenet-classes.txt"))
                                                 : read_class_json(resource_path("classes/cocostuff-182-classes.json"));
    const json& cs = p["cond_stage_config"];
    const json cp = cs.is_object() && cs.contains("params") ? cs["params"] : json::object();
    if (d.family == "ldm-class") {
      const int64_t n = cp.value("n_classes", int64_t{1000});
      if (n == static_cast<int64_t>(info.class_names.size()) + 1) info.unconditional_class = static_cast<int>(n - 1);
      else if (n < static_cast<int64_t>(info.class_names.size())) info.class_names.resize(static_cast<size_t>(n));
      if (info.unconditional_class < 0) info.defaults.cfg_scale = 1.0;  // no "no class" entry: no guidance
    } else {
      const int64_t n = cp.value("in_channels", static_cast<int64_t>(info.class_names.size()));
      info.class_names.resize(static_cast<size_t>(n));  // the labels the one-hot map has
    }
  }
  try {
    const fs::path models = fs::path(resources_dir()) / "models";
    info.bundled = fs::weakly_canonical(m.path).string().rfind(fs::weakly_canonical(models).string() + "/", 0) == 0;
  } catch (const std::exception&) {
    info.bundled = false;  // no resources folder: nothing is bundled
  }
  return info;
}

ModelInfo describe_model(const std::string& path, const std::string& config_path) {
  OpenOptions options;
  options.config_path = config_path;
  return model_info_of(open_model(path, options), path);
}

void apply_model_defaults(const ModelInfo& model, GenerationRequest* r) {
  const ModelDefaults& d = model.defaults;
  if (r->sampler.empty()) {
    r->sampler = d.sampler;
    r->karras = d.karras;
  }
  if (r->steps == 0) r->steps = d.steps;
  if (r->eta < 0) {
    const SamplerInfo* s = find_sampler(r->sampler);
    r->eta = s && s->uses_eta ? d.eta : 0.0;
  }
  if (r->cfg_scale < 0) r->cfg_scale = d.cfg_scale;
  if (r->strength < 0) r->strength = d.strength;
  if (r->mask_feather < 0) r->mask_feather = d.mask_feather;
  if (r->start_from_input == Toggle::Auto) r->start_from_input = d.start_from_input ? Toggle::On : Toggle::Off;
  if (r->match_input == Toggle::Auto) r->match_input = d.match_input ? Toggle::On : Toggle::Off;
  if (r->keep_unmasked == Toggle::Auto) r->keep_unmasked = d.keep_unmasked ? Toggle::On : Toggle::Off;
  if (r->blend_known == Toggle::Auto) r->blend_known = d.inpaint_blend ? Toggle::On : Toggle::Off;
  if (r->task == Task::Txt2Img || r->task == Task::Layout || r->task == Task::Sample) {
    if (r->width == 0) r->width = model.native_width;
    if (r->height == 0) r->height = model.native_height;
  } else if (r->task == Task::Img2Img) {
    if (r->width == 0) r->width = r->init_image.width;
    if (r->height == 0) r->height = r->init_image.height;
  }
}

}  // namespace ldm
