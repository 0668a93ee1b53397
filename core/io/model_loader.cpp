#include "core/io/model_loader.h"

#include <set>

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/diffusers.h"
#include "core/io/file_kind.h"
#include "core/io/yaml_json.h"
#include "core/models/unet_config.h"
#include "core/text/strings.h"

namespace ldm {

namespace {

using json = nlohmann::json;

std::string dirname_of(const std::string& p) {
  const size_t s = p.find_last_of('/');
  return s == std::string::npos ? "." : (s == 0 ? "/" : p.substr(0, s));
}
std::string stem_path(const std::string& p) {
  const size_t s = p.find_last_of('/');
  const size_t d = p.find_last_of('.');
  return (d != std::string::npos && (s == std::string::npos || d > s)) ? p.substr(0, d) : p;
}

const std::string kUnet = "model.diffusion_model.";
const std::string kFirst = "first_stage_model.";
const std::string kCond = "cond_stage_model.";

const std::vector<int64_t>& shape(const StateDict& w, const std::string& key) { return w.info(key).shape; }

// ModelDescription::task: the family's main task.
std::string task_of_family(const std::string& family) {
  static const std::map<std::string, std::string> kTask = {
      {"sd1", "txt2img"}, {"sd2", "txt2img"}, {"sd-inpaint", "inpaint"}, {"ldm-txt2img", "txt2img"},
      {"ldm-inpaint", "inpaint"}, {"ldm-sr", "upscale"}, {"ldm-layout", "layout"}, {"ldm-class", "sample"},
      {"ldm-uncond", "sample"}, {"ldm-semantic", "semantic"}};
  return kTask.at(family);
}

int64_t dim(const StateDict& w, const std::string& key, size_t i) {
  const auto& s = shape(w, key);
  if (i >= s.size()) throw LoadError("tensor '" + key + "' has an unexpected shape");
  return s[i];
}

int count_indices(const StateDict& w, const std::string& prefix) {
  int n = 0;
  while (w.has_prefix(prefix + std::to_string(n) + ".")) ++n;
  return n;
}

json detect_first_stage(const StateDict& w, ModelDescription& d, const std::string& p) {
  json dd;
  const int64_t ch = dim(w, p + "encoder.conv_in.weight", 0);
  dd["in_channels"] = dim(w, p + "encoder.conv_in.weight", 1);
  dd["out_ch"] = dim(w, p + "decoder.conv_out.weight", 0);
  dd["ch"] = ch;
  const int levels = count_indices(w, p + "encoder.down.");
  std::vector<int64_t> mult;
  std::vector<int64_t> attn;
  const int64_t resolution = 256;
  for (int i = 0; i < levels; ++i) {
    const std::string b = p + "encoder.down." + std::to_string(i) + ".";
    mult.push_back(dim(w, b + "block.0.conv1.weight", 0) / ch);
    if (w.has_prefix(b + "attn.")) attn.push_back(resolution >> i);
  }
  dd["ch_mult"] = mult;
  dd["num_res_blocks"] = count_indices(w, p + "encoder.down.0.block.");
  dd["attn_resolutions"] = attn;
  dd["resolution"] = resolution;
  dd["dropout"] = 0.0;
  const bool vq = w.contains(p + "quantize.embedding.weight");
  const int64_t zc = dim(w, p + "encoder.conv_out.weight", 0);
  dd["double_z"] = !vq;
  dd["z_channels"] = vq ? zc : zc / 2;
  if (!w.has_prefix(p + "encoder.mid.attn_1.")) dd["attn_type"] = "none";
  json params;
  params["ddconfig"] = dd;
  params["lossconfig"] = {{"target", "torch.nn.Identity"}};
  json fs;
  if (vq) {
    params["embed_dim"] = dim(w, p + "quantize.embedding.weight", 1);
    params["n_embed"] = dim(w, p + "quantize.embedding.weight", 0);
    fs["target"] = "ldm.models.autoencoder.VQModelInterface";
  } else {
    params["embed_dim"] = dim(w, p + "quant_conv.weight", 0) / 2;
    fs["target"] = "ldm.models.autoencoder.AutoencoderKL";
  }
  fs["params"] = params;
  d.first_stage = vq ? "vq" : "kl";
  d.latent_channels = params["embed_dim"].get<int64_t>();
  d.downsampling = int64_t(1) << (levels - 1);
  return fs;
}

}  // namespace

ModelDescription detect_architecture(const StateDict& w) {
  ModelDescription d;
  if (!w.has_prefix(kUnet + "input_blocks.0.0.")) {
    if (w.has_prefix("down_blocks.") || w.has_prefix("conv_in.")) {
      throw LoadError("weights use diffusers names: pass the diffusers folder (with model_index.json), not one file");
    }
    throw LoadError("not a latent diffusion checkpoint (no model.diffusion_model.input_blocks.0.0.weight); is it a "
                    "LoRA, an embedding, or a bare autoencoder?");
  }
  if (!w.has_prefix(kFirst + "encoder.conv_in.")) {
    throw LoadError("checkpoint has no first-stage autoencoder (first_stage_model.*); a separate VAE file is not "
                    "enough on its own");
  }
  json params;
  // The UNet's layout (and, by shape, the heads of the released configs): UNetConfig::from_state_dict.
  const UNetConfig unet_config = UNetConfig::from_state_dict(w.select(kUnet));
  json unet = unet_config.to_json();
  unet["use_checkpoint"] = false;
  d.unet_in_channels = unet_config.in_channels;
  json fs = detect_first_stage(w, d, kFirst);
  const int64_t latent = d.latent_channels;
  const int64_t in = d.unet_in_channels;
  json cond;
  params["linear_start"] = 0.00085;
  params["linear_end"] = 0.012;
  params["timesteps"] = 1000;
  params["scale_factor"] = d.first_stage == "kl" ? 0.18215 : 1.0;
  params["parameterization"] = "eps";
  params["use_ema"] = false;
  params["channels"] = latent;
  if (w.has_prefix(kCond + "transformer.text_model.")) {
    d.cond_stage = "clip";
    cond = {{"target", "ldm.modules.encoders.modules.FrozenCLIPEmbedder"}};
    d.family = in == latent ? "sd1" : "sd-inpaint";
    d.notes.push_back("attention heads assumed 8 (SD 1.x); not recoverable from shapes");
  } else if (w.has_prefix(kCond + "model.transformer.resblocks.")) {
    d.cond_stage = "openclip";
    cond = {{"target", "ldm.modules.encoders.modules.FrozenOpenCLIPEmbedder"}, {"params", {{"freeze", true}, {"layer", "penultimate"}}}};
    d.family = in == latent ? "sd2" : "sd-inpaint";
    if (in == latent) {
      params["parameterization"] = "v";
      d.notes.push_back("SD 2.x prediction assumed v (768-v); a 512-base model needs its config (v2-inference.yaml beside it, or --config)");
    }
    d.notes.push_back("attention head width assumed 64 (SD 2.x); not recoverable from shapes");
  } else if (w.has_prefix(kCond + "transformer.token_emb.")) {
    const int64_t vocab = dim(w, kCond + "transformer.token_emb.weight", 0);
    const int64_t n_embed = dim(w, kCond + "transformer.token_emb.weight", 1);
    const int64_t seq = dim(w, kCond + "transformer.pos_emb.emb.weight", 0);
    int n_layer = 0;
    while (w.has_prefix(kCond + "transformer.attn_layers.layers." + std::to_string(2 * n_layer) + ".")) ++n_layer;
    const bool layout = vocab != 30522;
    d.cond_stage = layout ? "bert-layout" : "bert";
    d.family = layout ? "ldm-layout" : "ldm-txt2img";
    json bp = {{"n_embed", n_embed}, {"n_layer", n_layer}, {"vocab_size", vocab}, {"max_seq_len", seq}};
    if (layout) bp["use_tokenizer"] = false;
    cond = {{"target", "ldm.modules.encoders.modules.BERTEmbedder"}, {"params", bp}};
    d.notes.push_back("attention heads as in the LDM zoo configs; not recoverable from shapes");
  } else if (w.contains(kCond + "embedding.weight")) {
    d.cond_stage = "class";
    d.family = "ldm-class";
    cond = {{"target", "ldm.modules.encoders.modules.ClassEmbedder"},
            {"params", {{"n_classes", dim(w, kCond + "embedding.weight", 0)}, {"embed_dim", dim(w, kCond + "embedding.weight", 1)}}}};
  } else if (w.contains(kCond + "channel_mapper.weight")) {
    d.cond_stage = "spatial-rescaler";
    d.family = "ldm-semantic";
    const auto& mapper = shape(w, kCond + "channel_mapper.weight");
    cond = {{"target", "ldm.modules.encoders.modules.SpatialRescaler"},
            {"params", {{"n_stages", 2}, {"in_channels", mapper.at(1)}, {"out_channels", mapper.at(0)}}}};
    d.notes.push_back("label map downsampled twice (n_stages 2, as semantic_synthesis256/512); not recoverable from shapes");
  } else if (w.has_prefix(kCond + "encoder.conv_in.")) {
    d.cond_stage = "first-stage";
    d.family = "ldm-inpaint";
    cond = "__is_first_stage__";
  } else if (in > latent) {
    d.cond_stage = "identity";
    d.family = "ldm-sr";
    cond = {{"target", "torch.nn.Identity"}};
  } else {
    d.cond_stage = "none";
    d.family = "ldm-uncond";
    cond = "__is_unconditional__";
  }
  if (d.family == "ldm-inpaint" || d.family == "ldm-sr") {
    params["linear_start"] = 0.0015;
    params["linear_end"] = d.family == "ldm-sr" ? 0.0155 : 0.0205;
    d.notes.push_back("noise schedule: the checkpoint's alphas_cumprod buffer is used when present");
  }
  if (d.family == "ldm-layout") {
    params["linear_start"] = 0.0015;
    params["linear_end"] = 0.0205;
  }
  if (d.family == "ldm-txt2img" || d.family == "ldm-layout" || d.family == "ldm-inpaint" || d.family == "ldm-sr" ||
      d.family == "ldm-class" || d.family == "ldm-semantic" || d.family == "ldm-uncond") {
    params["use_ema"] = true;  // LatentDiffusion's default; the zoo configs leave it unset
  }
  if (d.cond_stage == "clip" || d.cond_stage == "openclip" || d.cond_stage == "bert" || d.cond_stage == "bert-layout" ||
      d.cond_stage == "class") {
    d.conditioning_key = in == latent ? "crossattn" : "hybrid";
    if (d.cond_stage == "class" && !unet.contains("context_dim")) d.conditioning_key = "crossattn";
  } else if (d.cond_stage == "first-stage" || d.cond_stage == "identity" || d.cond_stage == "spatial-rescaler") {
    d.conditioning_key = "concat";
  } else {
    d.conditioning_key = "none";
  }
  if (d.conditioning_key != "none") params["conditioning_key"] = d.conditioning_key;
  // Native latent size and the dataset key of the condition, as the released configs have them.
  static const std::map<std::string, std::pair<int, const char*>> kNative = {
      {"sd1", {64, "txt"}},          {"sd2", {96, "txt"}},           {"sd-inpaint", {64, "txt"}},
      {"ldm-txt2img", {32, "caption"}}, {"ldm-inpaint", {64, "masked_image"}}, {"ldm-sr", {64, "LR_image"}},
      {"ldm-layout", {64, "coordinates_bbox"}}, {"ldm-class", {64, "class_label"}}, {"ldm-uncond", {64, "image"}},
      {"ldm-semantic", {64, "segmentation"}}};
  const auto& native = kNative.at(d.family);
  params["image_size"] = d.family == "sd2" && params["parameterization"] == "eps" ? 64 : native.first;
  params["cond_stage_key"] = native.second;
  params["unet_config"] = {{"target", "ldm.modules.diffusionmodules.openaimodel.UNetModel"}, {"params", unet}};
  params["first_stage_config"] = fs;
  params["cond_stage_config"] = cond;
  d.parameterization = params["parameterization"].get<std::string>();
  d.config = {{"model", {{"target", "ldm.models.diffusion.ddpm.LatentDiffusion"}, {"params", params}}}};
  d.config_source = "detected from tensor shapes";
  d.task = task_of_family(d.family);
  return d;
}

ModelFiles resolve_model_files(const std::string& path) {
  ModelFiles f;
  if (is_directory(path)) {
    if (is_diffusers_folder(path)) {
      f.weights = path;
      f.diffusers = true;
      return f;
    }
    for (const char* name : {"model.safetensors", "model.ckpt"}) {
      if (is_regular_file(path + "/" + name)) { f.weights = path + "/" + name; break; }
    }
    if (f.weights.empty()) throw LoadError(path + " holds no model.safetensors or model.ckpt");
    if (is_regular_file(path + "/config.yaml")) f.config = path + "/config.yaml";
    return f;
  }
  if (!is_regular_file(path)) throw LoadError(path + ": no such model file or folder");
  f.weights = path;
  for (const std::string& c : {stem_path(path) + ".yaml", dirname_of(path) + "/config.yaml"}) {
    if (is_regular_file(c)) { f.config = c; break; }
  }
  return f;
}

namespace {

// j[key] for a const json that may lack the key: nlohmann's const operator[] on a missing key is undefined
// (it read freed memory for `first_stage_config:` without `params:`; found by tests/fuzz/fuzz_config_yaml).
const json& field(const json& j, const char* key) {
  static const json kNull;
  return j.is_object() && j.contains(key) ? j.at(key) : kNull;
}

void check_config_matches(const json& cfg, const ModelDescription& det, const std::string& cfg_path) {
  auto fail = [&](const std::string& what) { throw LoadError(cfg_path + " contradicts the weights: " + what); };
  const json& p = cfg.at("model").at("params");
  const json& du = det.config["model"]["params"]["unet_config"]["params"];
  if (p.contains("unet_config")) {
    const json& u = field(field(p, "unet_config"), "params");
    // The first convolution also reads LDM Studio's coordinate channels (UNetConfig::coord_channels).
    json uc = u;
    if (uc.contains("coord_channels") && uc.contains("in_channels") && uc["in_channels"].is_number_integer() &&
        uc["coord_channels"].is_number_integer())
      uc["in_channels"] = uc["in_channels"].get<int64_t>() + uc["coord_channels"].get<int64_t>();
    // num_res_blocks: one number for every level, or a list per level.
    if (uc.contains("num_res_blocks") && uc["num_res_blocks"].is_number_integer() && du.contains("channel_mult"))
      uc["num_res_blocks"] = std::vector<int64_t>(du["channel_mult"].size(), uc["num_res_blocks"].get<int64_t>());
    for (const char* key : {"in_channels", "out_channels", "model_channels", "num_res_blocks", "context_dim"}) {
      if (uc.contains(key) && du.contains(key) && !uc[key].is_null() && uc[key] != du[key]) {
        fail(std::string("unet ") + key + " is " + uc[key].dump() + " in the config but " + du[key].dump() + " in the weights");
      }
    }
    if (u.contains("channel_mult") && u["channel_mult"] != du["channel_mult"]) {
      fail("unet channel_mult is " + u["channel_mult"].dump() + " in the config but " + du["channel_mult"].dump() + " in the weights");
    }
  }
  if (p.contains("first_stage_config")) {
    const std::string target = p["first_stage_config"].value("target", "");
    const bool cfg_vq = target.find("VQ") != std::string::npos;
    if (cfg_vq != (det.first_stage == "vq")) {
      fail("first stage is " + target + " in the config but the weights hold a " + (det.first_stage == "vq" ? "VQ" : "KL") +
           " autoencoder");
    }
    const json& fp = field(field(p, "first_stage_config"), "params");
    if (fp.contains("embed_dim") && fp["embed_dim"].get<int64_t>() != det.latent_channels) {
      fail("first stage embed_dim is " + fp["embed_dim"].dump() + " in the config but " + std::to_string(det.latent_channels) +
           " in the weights");
    }
  }
}

using text::ends_with;

// The family a config names, from its cond stage (the weights' shapes decide when the config does not say).
void family_from_config(ModelDescription& d, const json& p) {
  const json& cs = p.contains("cond_stage_config") ? p["cond_stage_config"] : json();
  const std::string target = cs.is_string() ? cs.get<std::string>() : (cs.is_object() ? cs.value("target", "") : "");
  const bool concat_unet = d.unet_in_channels != d.latent_channels;
  if (ends_with(target, "FrozenOpenCLIPEmbedder")) {
    d.family = concat_unet ? "sd-inpaint" : "sd2";
    d.cond_stage = "openclip";
  } else if (ends_with(target, "FrozenCLIPEmbedder")) {
    d.family = concat_unet ? "sd-inpaint" : "sd1";
    d.cond_stage = "clip";
  } else if (ends_with(target, "BERTEmbedder")) {
    const bool layout = p.value("cond_stage_key", std::string()) == "coordinates_bbox" ||
                        (cs.is_object() && cs.contains("params") && !cs["params"].value("use_tokenizer", true));
    d.family = layout ? "ldm-layout" : "ldm-txt2img";
    d.cond_stage = layout ? "bert-layout" : "bert";
  } else if (ends_with(target, "ClassEmbedder")) {
    d.family = "ldm-class";
    d.cond_stage = "class";
  } else if (ends_with(target, "SpatialRescaler")) {
    d.family = "ldm-semantic";
    d.cond_stage = "spatial-rescaler";
  } else if (target == "__is_first_stage__") {
    d.family = "ldm-inpaint";
    d.cond_stage = "first-stage";
  } else if (target == "__is_unconditional__") {
    d.family = "ldm-uncond";
    d.cond_stage = "none";
  } else if (ends_with(target, "Identity")) {
    d.family = "ldm-sr";
    d.cond_stage = "identity";
  }
  d.task = task_of_family(d.family);
}

void fill_from_config(ModelDescription& d, const json& cfg) {
  const json& p = cfg["model"]["params"];
  d.config = cfg;
  family_from_config(d, p);
  d.parameterization = p.value("parameterization", std::string("eps"));
  // LatentDiffusion: conditioning_key None -> 'concat' if concat_mode (default True) else 'crossattn';
  // unconditional models have none.
  if (p.contains("conditioning_key") && !p["conditioning_key"].is_null()) {
    d.conditioning_key = p["conditioning_key"].get<std::string>();
  } else if (p.contains("cond_stage_config") && p["cond_stage_config"] == "__is_unconditional__") {
    d.conditioning_key = "none";
  } else {
    d.conditioning_key = p.value("concat_mode", true) ? "concat" : "crossattn";
  }
}

}  // namespace

int apply_ema(StateDict& weights) {
  int mapped = 0;
  for (const auto& k : weights.keys()) {
    if (k.compare(0, 6, "model.") != 0) continue;
    std::string flat;
    for (char c : k.substr(6)) {
      if (c != '.') flat.push_back(c);
    }
    if (weights.contains("model_ema." + flat)) {
      weights.alias("model_ema." + flat, k);
      ++mapped;
    }
  }
  return mapped;
}

namespace {

void replace_first_stage(StateDict& weights, const std::string& vae_path) {
  StateDict vae = load_checkpoint(vae_path);
  if (vae.has_prefix(kFirst)) vae = vae.select(kFirst);
  const StateDict current = weights.select(kFirst);
  if (current.empty()) throw LoadError(vae_path + ": this model has no first stage to replace");
  if (vae.contains("encoder.down_blocks.0.resnets.0.conv1.weight") || vae.contains("decoder.up_blocks.0.resnets.0.conv1.weight"))
    throw LoadError(vae_path + ": a VAE with diffusers names; use the single-file (CompVis-named) VAE, as A1111 does");
  for (const auto& k : vae.keys()) {
    if (k.compare(0, 5, "loss.") == 0 || k.compare(0, 10, "model_ema.") == 0) continue;
    if (!current.contains(k)) throw LoadError(vae_path + ": key '" + k + "' is not a weight of this model's first stage");
    if (vae.info(k).shape != current.info(k).shape)
      throw LoadError(vae_path + ": key '" + k + "' has shape " + c10::str(at::IntArrayRef(vae.info(k).shape)) +
                      "; the model's first stage has " + c10::str(at::IntArrayRef(current.info(k).shape)));
  }
  for (const auto& k : current.keys()) {
    if (!vae.contains(k)) throw LoadError(vae_path + ": the first stage's weight '" + k + "' is missing");
  }
  for (const auto& k : current.keys()) weights.set(kFirst + k, vae.get(k));
}

}  // namespace

LoadedModel open_model(const std::string& path, const OpenOptions& options) {
  ModelFiles files = resolve_model_files(path);
  if (!options.config_path.empty()) files.config = options.config_path;
  if (options.ignore_config) files.config.clear();
  LoadedModel m;
  m.path = files.weights;
  json cfg;  // null: detect from shapes
  std::string cfg_source = files.config;
  std::vector<std::string> notes;
  if (files.diffusers) {
    // Converted to CompVis names and config once here; the same checks as a checkpoint follow.
    DiffusersModel dm = load_diffusers_folder(path);
    m.weights = std::move(dm.weights);
    notes = std::move(dm.notes);
    if (options.config_path.empty() && !options.ignore_config) {
      cfg = std::move(dm.config);
      cfg_source = "diffusers folder " + path;
    }
  } else {
    m.weights = load_checkpoint(files.weights);
  }
  ModelDescription d;
  try {
    d = detect_architecture(m.weights);
  } catch (const LoadError& e) {
    throw LoadError(files.weights + ": " + e.what());
  }
  if (!files.config.empty()) {
    cfg = load_yaml_as_json(files.config);
    if (!cfg.is_object() || !cfg.contains("model") || !cfg["model"].contains("params")) {
      throw LoadError(files.config + ": not a CompVis model config (no model.params)");
    }
  }
  bool use_ema = true;
  try {
    if (!cfg.is_null()) {
      check_config_matches(cfg, d, cfg_source);
      fill_from_config(d, cfg);
      d.config_source = cfg_source;
      if (files.diffusers) d.notes = notes;  // the shape-detection assumptions do not apply
    }
    // EMA: CompVis LitEma stores model_ema.<name under model. with the dots removed>.
    const json& params = d.config["model"]["params"];
    if (params.contains("use_ema")) use_ema = params["use_ema"].get<bool>();
  } catch (const json::exception& e) {
    // A value of the wrong kind (`use_ema: "yes"`, `embed_dim: four`): name the file, as for any bad file.
    throw LoadError(cfg_source + ": a value has the wrong type (" + e.what() + ")");
  }
  d.has_ema = m.weights.has_prefix("model_ema.");
  if (options.ema == EmaMode::Use) use_ema = true;
  if (options.ema == EmaMode::Ignore) use_ema = false;
  if (d.has_ema && use_ema) d.ema_applied = apply_ema(m.weights) > 0;
  if (options.ema == EmaMode::Use && !d.has_ema) throw LoadError(files.weights + ": --ema on was asked for but the checkpoint has no EMA weights");
  for (const auto& k : m.weights.keys()) {
    if (k.compare(0, 10, "model_ema.") == 0) m.weights.erase(k);
  }
  if (!options.vae_path.empty()) {
    replace_first_stage(m.weights, options.vae_path);
    d.notes.push_back("first stage (VAE) from " + options.vae_path);
  }
  d.tensor_count = m.weights.size();
  d.stored_dtype = m.weights.dominant_float_dtype();
  d.parameters["unet"] = m.weights.parameter_count(kUnet);
  d.parameters["first_stage"] = m.weights.parameter_count(kFirst);
  d.parameters["cond_stage"] = d.cond_stage == "first-stage" ? 0 : m.weights.parameter_count(kCond);
  m.desc = std::move(d);
  return m;
}

}  // namespace ldm
