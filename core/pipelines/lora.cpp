#include "core/pipelines/lora.h"

#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <regex>
#include <sstream>
#include <unordered_map>

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/diffusers.h"
#include "core/io/mapped_file.h"
#include "core/io/model_identity.h"
#include "core/io/sha256.h"
#include "core/models/text_encoder.h"
#include "core/models/unet_model.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/text/strings.h"

namespace fs = std::filesystem;

namespace ldm {
namespace {

using text::ends_with;
using text::starts_with;

double parse_strength(const std::string& s, const std::string& tag) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
    throw RequestError("LoRA tag " + tag + ": '" + s + "' is not a number");
  return v;
}

enum class Family { Unknown, SD1, SD2, SDXL };
const char* family_name(Family f) {
  switch (f) {
    case Family::SD1: return "Stable Diffusion 1.x";
    case Family::SD2: return "Stable Diffusion 2.x";
    case Family::SDXL: return "Stable Diffusion XL";
    default: return "an unknown model";
  }
}

// What the file says it was trained for (kohya's ss_* and the modelspec metadata, SDXL's key names).
Family declared_family(const StateDict& sd) {
  auto meta = [&sd](const char* k) {
    auto it = sd.metadata.find(k);
    return it == sd.metadata.end() ? std::string() : it->second;
  };
  const std::string base = meta("ss_base_model_version"), arch = meta("modelspec.architecture"), v2 = meta("ss_v2");
  if (starts_with(base, "sdxl") || starts_with(arch, "stable-diffusion-xl")) return Family::SDXL;
  if (starts_with(base, "sd_v2") || starts_with(arch, "stable-diffusion-v2") || v2 == "True") return Family::SD2;
  if (starts_with(base, "sd_v1") || starts_with(arch, "stable-diffusion-v1") || v2 == "False") return Family::SD1;
  for (const auto& k : sd.keys())
    if (starts_with(k, "lora_te1_") || starts_with(k, "lora_te2_")) return Family::SDXL;
  return Family::Unknown;
}

// One module's tensors in the file.
struct Module {
  std::string down, up, alpha;  // keys
};

// Splits a LoRA key into its module (normalised to the kohya or the dotted diffusers form) and role.
bool split_key(std::string key, std::string* module, std::string* role) {
  if (starts_with(key, "base_model.model.")) key = key.substr(17);
  static const std::pair<const char*, const char*> kRoles[] = {
      {".lora_down.weight", "down"}, {".lora_up.weight", "up"}, {".alpha", "alpha"},
      {".lora_A.weight", "down"},    {".lora_B.weight", "up"},  {".lora.down.weight", "down"},
      {".lora.up.weight", "up"},     {"_lora.down.weight", "down"}, {"_lora.up.weight", "up"}};
  for (const auto& [suffix, r] : kRoles) {
    if (!ends_with(key, suffix)) continue;
    std::string m = key.substr(0, key.size() - std::strlen(suffix));
    if (std::string(suffix).rfind("_lora.", 0) == 0) {
      // diffusers' attention processors: unet.<block>.processor.to_q_lora.down.weight
      const auto p = m.find(".processor.");
      if (p != std::string::npos) m.erase(p, 10);
      if (ends_with(m, ".to_out")) m += ".0";
    }
    *module = m;
    *role = r;
    return true;
  }
  return false;
}

struct Target {
  std::string compvis;
  int part = -1;  // q/k/v third of a fused in_proj
  bool unet = false;
};

struct Delta {
  std::string param;
  int part = -1;
  bool unet = false;
  at::Tensor value;  // float32, CPU, in the parameter's (or its third's) shape, alpha / rank applied
};

}  // namespace

std::vector<LoraRef> extract_lora_tags(std::string* prompt) {
  static const std::regex re(R"(<(?:lora|lyco):([^:>]+)(?::([^:>]*))?(?::([^:>]*))?>)");
  std::vector<LoraRef> out;
  std::string rest;
  auto begin = prompt->cbegin();
  std::smatch m;
  while (std::regex_search(begin, prompt->cend(), m, re)) {
    rest.append(begin, m[0].first);
    LoraRef ref;
    ref.path = m.str(1);
    const std::string tag = m.str(0);
    if (m[2].matched && !m.str(2).empty()) ref.strength = ref.unet_strength = parse_strength(m.str(2), tag);
    if (m[3].matched && !m.str(3).empty()) ref.unet_strength = parse_strength(m.str(3), tag);
    out.push_back(ref);
    begin = m[0].second;
  }
  rest.append(begin, prompt->cend());
  *prompt = rest;
  return out;
}

std::vector<std::string> lora_folders(const std::string& model_dir) {
  std::vector<std::string> dirs = user_folders("LDM_LORA_PATH", "lora");
  if (!model_dir.empty()) dirs.push_back(model_dir + "/lora");
  return dirs;
}

std::string resolve_lora(const std::string& name, const std::string& model_dir) {
  std::error_code ec;
  if (name.find('/') != std::string::npos) {
    if (!fs::is_regular_file(name, ec)) throw RequestError("LoRA file " + name + " does not exist", ErrorCode::MissingInput);
    return name;
  }
  if (name.empty() || name == "." || name == "..") throw RequestError("LoRA name '" + name + "' is not a file name");
  const auto dirs = lora_folders(model_dir);
  for (const auto& d : dirs) {
    for (const char* ext : {"", ".safetensors", ".pt", ".ckpt"}) {
      const fs::path p = fs::path(d) / (name + ext);
      if (fs::is_regular_file(p, ec)) return p.string();
    }
  }
  if (fs::is_regular_file(name, ec)) return name;  // a file in the working folder
  std::string where;
  for (const auto& d : dirs) where += (where.empty() ? "" : ", ") + d;
  throw RequestError("LoRA '" + name + "' not found (looked in " + where + ")", ErrorCode::MissingInput);
}

std::string lora_short_hash(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<std::string, std::string>> cache;  // path -> (size:mtime, hash)
  const std::string stamp = file_stamp(path);
  {
    std::lock_guard<std::mutex> lock(mutex);
    const auto it = cache.find(path);
    if (it != cache.end() && it->second.first == stamp) return it->second.second;
  }
  std::string hash;
  if (ends_with(path, ".safetensors")) {
    const auto file = MappedFile::open(path);
    uint64_t header = 0;
    if (file->size() < 8) throw LoadError(path + ": too short for a safetensors file");
    for (int i = 7; i >= 0; --i) header = (header << 8) | file->data()[i];  // little-endian u64
    if (header > file->size() - 8) throw LoadError(path + ": its safetensors header runs past the end of the file");
    Sha256 sha;
    sha.update(file->data() + 8 + header, file->size() - 8 - static_cast<size_t>(header));
    hash = sha.hex_digest();
  } else {
    hash = sha256_of_file(path);
  }
  hash = hash.substr(0, 12);
  std::lock_guard<std::mutex> lock(mutex);
  cache[path] = {stamp, hash};
  return hash;
}

struct LoraMerger::Impl {
  LatentDiffusion& model;
  Family family = Family::Unknown;
  const std::map<std::string, std::vector<int64_t>>& shapes;  // state_dict key -> parameter shape
  std::unordered_map<std::string, Target> by_module;           // kohya and dotted module names -> weight

  explicit Impl(LatentDiffusion& m) : model(m), shapes(m.parameter_shapes()) {
    const std::string& cond = m.config().cond_stage_target;
    if (ends_with(cond, "FrozenOpenCLIPEmbedder")) family = Family::SD2;
    else if (ends_with(cond, "FrozenCLIPEmbedder")) family = Family::SD1;
    int64_t layers = 0;
    const std::regex layer_re(R"(^cond_stage_model\..*(?:encoder\.layers|transformer\.resblocks)\.(\d+)\.)");
    for (const auto& [name, shape] : shapes) {
      std::smatch lm;
      if (std::regex_search(name, lm, layer_re)) layers = std::max<int64_t>(layers, std::stoll(lm.str(1)) + 1);
    }
    if (family == Family::Unknown) return;
    const nlohmann::json unet_params = m.config().raw.at("model").at("params").at("unet_config").at("params");
    for (const auto& n : stable_diffusion_weight_names(unet_params, layers, family == Family::SD2)) {
      const std::string dotted = n.diffusers.substr(0, n.diffusers.size() - 7);  // without ".weight"
      const bool unet = starts_with(dotted, "unet.");
      std::string kohya = unet ? "lora_unet_" + dotted.substr(5) : "lora_te_" + dotted.substr(13);
      for (size_t i = 0; i < kohya.size(); ++i)
        if (kohya[i] == '.') kohya[i] = '_';
      const Target t{n.compvis, n.fused_part, unet};
      by_module[dotted] = t;
      by_module[kohya] = t;
    }
  }

  std::vector<int64_t> target_shape(const Target& t) const {
    auto shape = shapes.at(t.compvis);
    if (t.part >= 0) shape[0] /= 3;
    return shape;
  }

  std::vector<Delta> read(const std::string& path) const {
    if (family == Family::Unknown)
      throw RequestError("LoRA needs a Stable Diffusion 1.x/2.x model (this one is " +
                         model.config().cond_stage_target + ")", ErrorCode::WrongModelForTask);
    const StateDict sd = load_checkpoint(path);
    const Family declared = declared_family(sd);
    if (declared != Family::Unknown && declared != family)
      throw LoadError(path + ": this LoRA was made for " + family_name(declared) + "; the model is " + family_name(family));
    std::map<std::string, Module> modules;
    for (const auto& key : sd.keys()) {
      std::string module, role;
      if (!split_key(key, &module, &role)) {
        std::string kind;
        if (key.find("hada_") != std::string::npos) kind = " (LoHa)";
        else if (key.find("lokr_") != std::string::npos) kind = " (LoKr)";
        else if (key.find("lora_mid") != std::string::npos) kind = " (LoCon with CP decomposition)";
        else if (key.find("dora_scale") != std::string::npos) kind = " (DoRA)";
        throw LoadError(path + ": key '" + key + "' is not a LoRA weight this program reads" + kind);
      }
      if (!by_module.count(module))
        throw LoadError(path + ": key '" + key + "' names no weight of this " + family_name(family) + " model");
      Module& mod = modules[module];
      (role == "down" ? mod.down : role == "up" ? mod.up : mod.alpha) = key;
    }
    if (modules.empty()) throw LoadError(path + ": no LoRA weights in the file");
    std::vector<Delta> out;
    for (const auto& [name, mod] : modules) {
      const std::string& any = mod.down.empty() ? (mod.up.empty() ? mod.alpha : mod.up) : mod.down;
      if (mod.down.empty() || mod.up.empty())
        throw LoadError(path + ": key '" + any + "' has no " + (mod.down.empty() ? "down (A)" : "up (B)") + " partner");
      const at::Tensor down = sd.get(mod.down), up = sd.get(mod.up);
      if (down.dim() < 2 || up.dim() < 2 || up.size(1) != down.size(0) || (up.dim() == 4 && up.numel() != up.size(0) * up.size(1)))
        throw LoadError(path + ": key '" + mod.up + "' " + c10::str(up.sizes()) + " does not fit '" + mod.down + "' " +
                        c10::str(down.sizes()));
      const int64_t rank = down.size(0);
      double scale = 1.0;
      if (!mod.alpha.empty()) {
        const at::Tensor a = sd.get(mod.alpha);
        if (a.numel() != 1) throw LoadError(path + ": key '" + mod.alpha + "' is not a single number");
        scale = a.item<double>() / static_cast<double>(rank);
      }
      at::Tensor delta = torch::mm(up.flatten(1), down.flatten(1));  // [out, in * kh * kw]
      const Target& t = by_module.at(name);
      const auto want = target_shape(t);
      int64_t numel = 1;
      for (int64_t d : want) numel *= d;
      if (delta.numel() != numel || delta.size(0) != want[0]) {
        std::string hint;
        if (ends_with(name, "attn2.to_k") || ends_with(name, "attn2_to_k")) {
          const int64_t width = down.size(1);
          if (width == 768 && family != Family::SD1) hint = " (a Stable Diffusion 1.x LoRA: text width 768)";
          if (width == 1024 && family != Family::SD2) hint = " (a Stable Diffusion 2.x LoRA: text width 1024)";
        }
        throw LoadError(path + ": key '" + mod.down + "' gives a " + c10::str(delta.sizes()) + " delta; the model's '" +
                        t.compvis + "' is " + c10::str(at::IntArrayRef(want)) + hint);
      }
      out.push_back({t.compvis, t.part, t.unet, (delta * scale).reshape(want).contiguous()});
    }
    return out;
  }
};

LoraMerger::LoraMerger(LatentDiffusion& model) : impl_(std::make_unique<Impl>(model)) {}
LoraMerger::~LoraMerger() = default;

void LoraMerger::set(const std::vector<LoraRef>& loras) {
  if (loras == applied_) return;
  torch::NoGradGuard no_grad;
  // Everything is read and checked before a weight changes.
  std::map<std::string, at::Tensor> sums;  // parameter -> float32 sum of its deltas
  for (const LoraRef& l : loras) {
    for (Delta& d : impl_->read(l.path)) {
      const std::vector<int64_t>& shape = impl_->shapes.at(d.param);
      at::Tensor& sum = sums[d.param];
      if (!sum.defined()) sum = torch::zeros(shape, torch::kFloat);
      at::Tensor slot = d.part >= 0 ? sum.narrow(0, d.part * (shape[0] / 3), shape[0] / 3) : sum;
      slot.add_(d.value, d.unet ? l.unet_strength : l.strength);
    }
  }
  // The model keeps the weights as loaded and applies the sums again to a part it loads again.
  impl_->model.set_weight_deltas(std::move(sums));
  applied_ = loras;
}

}  // namespace ldm
