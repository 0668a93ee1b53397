// diffusers folder -> CompVis names and config; see diffusers.h.
#include "core/io/diffusers.h"

#include <algorithm>

#include <torch/torch.h>

#include <cmath>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/file_kind.h"

namespace ldm {

namespace {

using json = nlohmann::json;

json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw LoadError(path + ": cannot be read; the diffusers folder is incomplete");
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw LoadError(path + ": not a JSON object; the file is damaged");
  return j;
}

// A config.json field of the expected kind, or a LoadError naming it.
int64_t get_int(const json& c, const char* key, const std::string& file, int64_t fallback = -1) {
  if (!c.contains(key) || c[key].is_null()) {
    if (fallback >= 0) return fallback;
    throw LoadError(file + ": '" + key + "' is missing");
  }
  if (!c[key].is_number_integer()) throw LoadError(file + ": '" + key + "' must be an integer");
  return c[key].get<int64_t>();
}
std::string get_string(const json& c, const char* key, const std::string& file, const std::string& fallback) {
  if (!c.contains(key) || c[key].is_null()) return fallback;
  if (!c[key].is_string()) throw LoadError(file + ": '" + key + "' must be a string");
  return c[key].get<std::string>();
}
bool get_bool(const json& c, const char* key, const std::string& file, bool fallback) {
  if (!c.contains(key) || c[key].is_null()) return fallback;
  if (!c[key].is_boolean()) throw LoadError(file + ": '" + key + "' must be true or false");
  return c[key].get<bool>();
}
std::vector<int64_t> get_ints(const json& c, const char* key, const std::string& file) {
  if (!c.contains(key) || !c[key].is_array() || c[key].empty()) throw LoadError(file + ": '" + key + "' must be a list of integers");
  std::vector<int64_t> v;
  for (const auto& e : c[key]) {
    if (!e.is_number_integer() || e.get<int64_t>() <= 0) throw LoadError(file + ": '" + key + "' must be a list of positive integers");
    v.push_back(e.get<int64_t>());
  }
  return v;
}
std::vector<std::string> get_strings(const json& c, const char* key, const std::string& file, size_t n) {
  if (!c.contains(key) || !c[key].is_array() || c[key].size() != n) {
    throw LoadError(file + ": '" + key + "' must list " + std::to_string(n) + " block types");
  }
  std::vector<std::string> v;
  for (const auto& e : c[key]) v.push_back(e.is_string() ? e.get<std::string>() : "");
  return v;
}

// The weights file of a component: plain safetensors first, then the fp16 variant, then .bin.
std::string weights_file(const std::string& dir, const std::string& base) {
  for (const char* ext : {".safetensors", ".fp16.safetensors", ".bin", ".fp16.bin"}) {
    if (is_regular_file(dir + "/" + base + ext)) return dir + "/" + base + ext;
  }
  // Older transformers saved text encoders as pytorch_model.bin.
  for (const char* name : {"/pytorch_model.bin", "/pytorch_model.fp16.bin"}) {
    if (base == "model" && is_regular_file(dir + name)) return dir + name;
  }
  if (is_regular_file(dir + "/" + base + ".safetensors.index.json")) {
    throw LoadError(dir + ": sharded weights (" + base + ".safetensors.index.json) are not supported; merge the shards");
  }
  throw LoadError(dir + " has no " + base + ".safetensors (nor .fp16.safetensors): the diffusers folder is incomplete");
}

c10::ScalarType scalar_type(DType t) {
  switch (t) {
    case DType::F64: return c10::ScalarType::Double;
    case DType::F16: return c10::ScalarType::Half;
    case DType::BF16: return c10::ScalarType::BFloat16;
    default: return c10::ScalarType::Float;
  }
}

// One line of the key table: diffusers name(s) -> CompVis name.
enum class Op { Copy, ToConv1x1, FuseQkv, Transpose, Drop };
struct Rule {
  std::vector<std::string> src;
  std::string dst;
  Op op = Op::Copy;
  bool optional = false;
};

class Table {
 public:
  void add(const std::string& src, const std::string& dst, Op op = Op::Copy, bool optional = false) {
    rules_.push_back({{src}, dst, op, optional});
  }
  void wb(const std::string& src, const std::string& dst, Op op = Op::Copy, bool optional = false) {
    add(src + ".weight", dst + ".weight", op, optional);
    add(src + ".bias", dst + ".bias", op == Op::ToConv1x1 ? Op::Copy : op, optional);
  }
  void fuse(const std::vector<std::string>& src, const std::string& dst) { rules_.push_back({src, dst, Op::FuseQkv, false}); }

  // Applies the table to the tensors of `file`; the result carries the CompVis names under `prefix`.
  // Every non-optional source must exist and every source key must be claimed by a rule.
  StateDict apply(StateDict src, const std::string& file, const std::string& prefix) const {
    const std::string tmp = "\x01";  // converted entries live under this prefix until the end
    std::set<std::string> claimed;
    for (const Rule& r : rules_) {
      bool present = true;
      for (const auto& k : r.src) present = present && src.contains(k);
      if (!present) {
        if (r.optional) continue;
        for (const auto& k : r.src) {
          if (!src.contains(k)) {
            throw LoadError(file + ": missing key '" + k + "' (expected from config.json); the diffusers folder is "
                                   "incomplete or not a Stable Diffusion 1.x/2.x pipeline");
          }
        }
      }
      for (const auto& k : r.src) claimed.insert(k);
      const std::string& k0 = r.src[0];
      const std::string out = tmp + r.dst;
      auto get = [&](const std::string& k) { return src.get(k, scalar_type(src.info(k).dtype)); };
      switch (r.op) {
        case Op::Drop:
          break;
        case Op::Copy:
          src.alias(k0, out);
          break;
        case Op::ToConv1x1: {
          const auto& s = src.info(k0).shape;
          if (s.size() == 4) {
            src.alias(k0, out);
          } else if (s.size() == 2) {
            src.set(out, get(k0).reshape({s[0], s[1], 1, 1}));  // Linear [C, C] -> 1x1 conv [C, C, 1, 1]
          } else {
            throw LoadError(file + ": key '" + k0 + "' has an unexpected shape");
          }
          break;
        }
        case Op::FuseQkv:
          src.set(out, torch::cat({get(r.src[0]), get(r.src[1]), get(r.src[2])}, 0));  // [3C, C] or [3C]
          break;
        case Op::Transpose:
          if (src.info(k0).shape.size() != 2) throw LoadError(file + ": key '" + k0 + "' has an unexpected shape");
          src.set(out, get(k0).t().contiguous());  // [proj, C] -> [C, proj]
          break;
      }
    }
    for (const auto& k : src.keys()) {
      if (k.compare(0, tmp.size(), tmp) == 0 || claimed.count(k)) continue;
      throw LoadError(file + ": unexpected key '" + k + "' (not part of the Stable Diffusion layout its config.json "
                             "describes)");
    }
    StateDict result;
    result.merge(src.select(tmp), prefix);
    return result;
  }

 const std::vector<Rule>& rules() const { return rules_; }

 private:
  std::vector<Rule> rules_;
};

std::string idx(const std::string& a, int64_t i) { return a + "." + std::to_string(i); }

// ---- UNet2DConditionModel -> openaimodel.UNetModel ----

void unet_resnet(Table& t, const std::string& s, const std::string& d) {
  t.wb(s + ".norm1", d + ".in_layers.0");
  t.wb(s + ".conv1", d + ".in_layers.2");
  t.wb(s + ".time_emb_proj", d + ".emb_layers.1");
  t.wb(s + ".norm2", d + ".out_layers.0");
  t.wb(s + ".conv2", d + ".out_layers.3");
  t.wb(s + ".conv_shortcut", d + ".skip_connection", Op::Copy, true);  // only where channels change
}

// Transformer2DModel and SpatialTransformer share their inner names.
void unet_transformer(Table& t, const std::string& s, const std::string& d, int64_t depth) {
  for (const char* n : {"norm", "proj_in", "proj_out"}) t.wb(s + "." + n, d + "." + n);
  for (int64_t k = 0; k < depth; ++k) {
    const std::string b = idx(".transformer_blocks", k);
    for (const char* n : {".norm1", ".norm2", ".norm3", ".ff.net.0.proj", ".ff.net.2", ".attn1.to_out.0", ".attn2.to_out.0"}) {
      t.wb(s + b + n, d + b + n);
    }
    for (const char* a : {".attn1", ".attn2"}) {
      for (const char* n : {".to_q", ".to_k", ".to_v"}) t.add(s + b + a + n + ".weight", d + b + a + n + ".weight");
    }
  }
}

struct UnetParts {
  Table table;
  json params;
  int64_t in_channels = 0;
  int64_t sample_size = 0;
};

UnetParts unet_parts(const json& c, const std::string& file) {
  UnetParts u;
  for (const char* k : {"class_embed_type", "addition_embed_type", "encoder_hid_dim"}) {
    if (c.contains(k) && !c[k].is_null()) throw LoadError(file + ": '" + k + "' is set; only Stable Diffusion 1.x/2.x UNets are supported");
  }
  const std::vector<int64_t> boc = get_ints(c, "block_out_channels", file);
  const int64_t n = static_cast<int64_t>(boc.size());
  const int64_t L = get_int(c, "layers_per_block", file, 2);
  const auto down = get_strings(c, "down_block_types", file, boc.size());
  const auto up = get_strings(c, "up_block_types", file, boc.size());
  const std::string mid = get_string(c, "mid_block_type", file, "UNetMidBlock2DCrossAttn");
  if (mid != "UNetMidBlock2DCrossAttn") throw LoadError(file + ": mid_block_type '" + mid + "' is not supported");
  std::vector<bool> attn(n);
  for (int64_t i = 0; i < n; ++i) {
    const bool d_attn = down[i] == "CrossAttnDownBlock2D";
    const bool u_attn = up[n - 1 - i] == "CrossAttnUpBlock2D";
    if ((!d_attn && down[i] != "DownBlock2D") || (!u_attn && up[n - 1 - i] != "UpBlock2D")) {
      throw LoadError(file + ": block type '" + (d_attn || down[i] == "DownBlock2D" ? up[n - 1 - i] : down[i]) +
                      "' is not supported (Stable Diffusion uses CrossAttn/Down/UpBlock2D)");
    }
    if (d_attn != u_attn) throw LoadError(file + ": down and up block types disagree on attention at level " + std::to_string(i));
    attn[i] = d_attn;
  }
  int64_t depth = 1;
  if (c.contains("transformer_layers_per_block") && !c["transformer_layers_per_block"].is_null()) {
    const json& tl = c["transformer_layers_per_block"];
    if (tl.is_number_integer()) {
      depth = tl.get<int64_t>();
    } else {
      const auto v = get_ints(c, "transformer_layers_per_block", file);
      for (int64_t x : v) {
        if (x != v[0]) throw LoadError(file + ": per-level transformer_layers_per_block is not supported");
      }
      depth = v[0];
    }
  }
  // The key table has levels x layers x depth entries: bound them before building it (a crafted config
  // asking for 10^8 transformer layers would take minutes and gigabytes). SD 1.x/2.x: 4 x 2 x 1.
  auto check_range = [&](const char* key, int64_t v, int64_t hi) {
    if (v < 1 || v > hi)
      throw LoadError(file + ": '" + key + "' is " + std::to_string(v) + "; a Stable Diffusion UNet has 1.." + std::to_string(hi));
  };
  check_range("block_out_channels (levels)", n, 16);
  check_range("layers_per_block", L, 32);
  check_range("transformer_layers_per_block", depth, 64);
  if (!c.contains("cross_attention_dim") || !c["cross_attention_dim"].is_number_integer()) {
    throw LoadError(file + ": 'cross_attention_dim' must be one integer");
  }
  // diffusers' attention_head_dim of SD 1.x/2.x configs is, despite its name, the head count
  // (num_attention_heads in newer configs): one number (SD 1.x: num_heads) or one per level
  // (SD 2.x: [5, 10, 20, 20] = channels / 64, i.e. num_head_channels 64).
  const char* heads_key = c.contains("num_attention_heads") && !c["num_attention_heads"].is_null() ? "num_attention_heads"
                                                                                                   : "attention_head_dim";
  json heads_node = c.value(heads_key, json(8));
  json p;
  if (heads_node.is_number_integer()) {
    p["num_heads"] = heads_node;
  } else {
    const auto h = get_ints(c, heads_key, file);
    if (h.size() != boc.size()) throw LoadError(file + ": '" + heads_key + "' must have one entry per block");
    bool same_heads = true, same_width = true;
    int64_t width = -1;
    for (int64_t i = 0; i < n; ++i) {
      if (!attn[i]) continue;
      if (h[i] != h[0]) same_heads = false;
      if (boc[i] % h[i] != 0) same_width = false;
      const int64_t w = boc[i] / h[i];
      if (width >= 0 && w != width) same_width = false;
      width = w;
    }
    if (same_heads) {
      p["num_heads"] = h[0];
    } else if (same_width && width > 0) {
      p["num_head_channels"] = width;
    } else {
      throw LoadError(file + ": per-level '" + heads_key + "' that is neither one head count nor one head width is not supported");
    }
  }
  u.in_channels = get_int(c, "in_channels", file, 4);
  u.sample_size = get_int(c, "sample_size", file, 64);
  std::vector<int64_t> mult, attn_ds;
  for (int64_t i = 0; i < n; ++i) {
    if (boc[i] % boc[0] != 0) throw LoadError(file + ": block_out_channels must be multiples of the first entry");
    mult.push_back(boc[i] / boc[0]);
    if (attn[i]) attn_ds.push_back(int64_t(1) << i);
  }
  p["image_size"] = 32;  // unused by UNetModel; the latent size is params.image_size
  p["in_channels"] = u.in_channels;
  p["out_channels"] = get_int(c, "out_channels", file, 4);
  p["model_channels"] = boc[0];
  p["attention_resolutions"] = attn_ds;
  p["num_res_blocks"] = L;
  p["channel_mult"] = mult;
  p["use_spatial_transformer"] = true;
  p["transformer_depth"] = depth;
  p["context_dim"] = c["cross_attention_dim"];
  p["use_checkpoint"] = false;
  p["legacy"] = false;
  p["use_linear_in_transformer"] = get_bool(c, "use_linear_projection", file, false);
  u.params = p;

  Table& t = u.table;
  t.wb("conv_in", "input_blocks.0.0");
  t.wb("time_embedding.linear_1", "time_embed.0");
  t.wb("time_embedding.linear_2", "time_embed.2");
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < L; ++j) {
      const std::string d = idx("input_blocks", 1 + i * (L + 1) + j);
      unet_resnet(t, idx(idx("down_blocks", i) + ".resnets", j), d + ".0");
      if (attn[i]) unet_transformer(t, idx(idx("down_blocks", i) + ".attentions", j), d + ".1", depth);
    }
    if (i + 1 < n) t.wb(idx("down_blocks", i) + ".downsamplers.0.conv", idx("input_blocks", 1 + i * (L + 1) + L) + ".0.op");
  }
  unet_resnet(t, "mid_block.resnets.0", "middle_block.0");
  unet_transformer(t, "mid_block.attentions.0", "middle_block.1", depth);
  unet_resnet(t, "mid_block.resnets.1", "middle_block.2");
  for (int64_t i = 0; i < n; ++i) {
    const bool a = attn[n - 1 - i];
    for (int64_t j = 0; j <= L; ++j) {
      const std::string d = idx("output_blocks", i * (L + 1) + j);
      unet_resnet(t, idx(idx("up_blocks", i) + ".resnets", j), d + ".0");
      if (a) unet_transformer(t, idx(idx("up_blocks", i) + ".attentions", j), d + ".1", depth);
    }
    // The upsampler follows the last ResBlock (and its transformer, if any) of the level.
    if (i + 1 < n) t.wb(idx("up_blocks", i) + ".upsamplers.0.conv", idx("output_blocks", i * (L + 1) + L) + (a ? ".2" : ".1") + ".conv");
  }
  t.wb("conv_norm_out", "out.0");
  t.wb("conv_out", "out.2");
  return u;
}

// ---- AutoencoderKL (diffusers) -> ldm AutoencoderKL ----

void vae_resnet(Table& t, const std::string& s, const std::string& d) {
  for (const char* n : {".norm1", ".conv1", ".norm2", ".conv2"}) t.wb(s + n, d + n);
  t.wb(s + ".conv_shortcut", d + ".nin_shortcut", Op::Copy, true);
}

void vae_mid(Table& t, const std::string& s, const std::string& d, bool legacy_attn) {
  vae_resnet(t, s + ".resnets.0", d + ".block_1");
  vae_resnet(t, s + ".resnets.1", d + ".block_2");
  const std::string a = s + ".attentions.0", b = d + ".attn_1";
  t.wb(a + ".group_norm", b + ".norm");
  // Older folders name the projections query/key/value/proj_attn; both are Linear layers where
  // the CompVis AttnBlock has 1x1 convolutions.
  t.wb(a + (legacy_attn ? ".query" : ".to_q"), b + ".q", Op::ToConv1x1);
  t.wb(a + (legacy_attn ? ".key" : ".to_k"), b + ".k", Op::ToConv1x1);
  t.wb(a + (legacy_attn ? ".value" : ".to_v"), b + ".v", Op::ToConv1x1);
  t.wb(a + (legacy_attn ? ".proj_attn" : ".to_out.0"), b + ".proj_out", Op::ToConv1x1);
}

struct VaeParts {
  Table table;
  json params;
  int64_t latent_channels = 0;
  double scale_factor = 0.18215;
};

VaeParts vae_parts(const json& c, const std::string& file, bool legacy_attn) {
  VaeParts v;
  const std::vector<int64_t> boc = get_ints(c, "block_out_channels", file);
  const int64_t n = static_cast<int64_t>(boc.size());
  const int64_t L = get_int(c, "layers_per_block", file, 1);
  for (const auto& type : get_strings(c, "down_block_types", file, boc.size())) {
    if (type != "DownEncoderBlock2D") throw LoadError(file + ": block type '" + type + "' is not supported (DownEncoderBlock2D)");
  }
  for (const auto& type : get_strings(c, "up_block_types", file, boc.size())) {
    if (type != "UpDecoderBlock2D") throw LoadError(file + ": block type '" + type + "' is not supported (UpDecoderBlock2D)");
  }
  v.latent_channels = get_int(c, "latent_channels", file, 4);
  if (c.contains("scaling_factor") && c["scaling_factor"].is_number()) v.scale_factor = c["scaling_factor"].get<double>();
  std::vector<int64_t> mult;
  for (int64_t x : boc) {
    if (x % boc[0] != 0) throw LoadError(file + ": block_out_channels must be multiples of the first entry");
    mult.push_back(x / boc[0]);
  }
  json dd = {{"double_z", true},
             {"z_channels", v.latent_channels},
             {"resolution", 256},
             {"in_channels", get_int(c, "in_channels", file, 3)},
             {"out_ch", get_int(c, "out_channels", file, 3)},
             {"ch", boc[0]},
             {"ch_mult", mult},
             {"num_res_blocks", L},
             {"attn_resolutions", json::array()},
             {"dropout", 0.0}};
  v.params = {{"embed_dim", v.latent_channels}, {"ddconfig", dd}, {"lossconfig", {{"target", "torch.nn.Identity"}}}};

  Table& t = v.table;
  t.wb("encoder.conv_in", "encoder.conv_in");
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < L; ++j) vae_resnet(t, idx(idx("encoder.down_blocks", i) + ".resnets", j), idx(idx("encoder.down", i) + ".block", j));
    if (i + 1 < n) t.wb(idx("encoder.down_blocks", i) + ".downsamplers.0.conv", idx("encoder.down", i) + ".downsample.conv");
  }
  vae_mid(t, "encoder.mid_block", "encoder.mid", legacy_attn);
  t.wb("encoder.conv_norm_out", "encoder.norm_out");
  t.wb("encoder.conv_out", "encoder.conv_out");
  t.wb("decoder.conv_in", "decoder.conv_in");
  vae_mid(t, "decoder.mid_block", "decoder.mid", legacy_attn);
  // diffusers orders the decoder from the deepest level; CompVis indexes up.* by resolution level.
  for (int64_t i = 0; i < n; ++i) {
    const std::string d = idx("decoder.up", n - 1 - i);
    for (int64_t j = 0; j <= L; ++j) vae_resnet(t, idx(idx("decoder.up_blocks", i) + ".resnets", j), idx(d + ".block", j));
    if (i + 1 < n) t.wb(idx("decoder.up_blocks", i) + ".upsamplers.0.conv", d + ".upsample.conv");
  }
  t.wb("decoder.conv_norm_out", "decoder.norm_out");
  t.wb("decoder.conv_out", "decoder.conv_out");
  t.wb("quant_conv", "quant_conv");
  t.wb("post_quant_conv", "post_quant_conv");
  return v;
}

// ---- transformers CLIPTextModel -> FrozenCLIPEmbedder (SD 1.x) or FrozenOpenCLIPEmbedder (SD 2.x) ----

Table clip_table(int64_t layers) {
  Table t;
  const std::string m = "text_model.";
  t.add(m + "embeddings.token_embedding.weight", m + "embeddings.token_embedding.weight");
  t.add(m + "embeddings.position_embedding.weight", m + "embeddings.position_embedding.weight");
  t.add(m + "embeddings.position_ids", m + "embeddings.position_ids", Op::Copy, true);  // older transformers saved it
  for (int64_t l = 0; l < layers; ++l) {
    const std::string b = idx(m + "encoder.layers", l);
    for (const char* n : {".self_attn.q_proj", ".self_attn.k_proj", ".self_attn.v_proj", ".self_attn.out_proj", ".layer_norm1",
                          ".layer_norm2", ".mlp.fc1", ".mlp.fc2"}) {
      t.wb(b + n, b + n);
    }
  }
  t.wb(m + "final_layer_norm", m + "final_layer_norm");
  return t;
}

Table open_clip_table(int64_t layers) {
  Table t;
  const std::string m = "text_model.";
  t.add(m + "embeddings.token_embedding.weight", "token_embedding.weight");
  t.add(m + "embeddings.position_embedding.weight", "positional_embedding");
  t.add(m + "embeddings.position_ids", "", Op::Drop, true);
  for (int64_t l = 0; l < layers; ++l) {
    const std::string s = idx(m + "encoder.layers", l), d = idx("transformer.resblocks", l);
    for (const char* wb : {".weight", ".bias"}) {
      t.fuse({s + ".self_attn.q_proj" + wb, s + ".self_attn.k_proj" + wb, s + ".self_attn.v_proj" + wb},
             d + ".attn.in_proj" + (std::string(wb) == ".weight" ? "_weight" : "_bias"));
    }
    t.wb(s + ".self_attn.out_proj", d + ".attn.out_proj");
    t.wb(s + ".layer_norm1", d + ".ln_1");
    t.wb(s + ".layer_norm2", d + ".ln_2");
    t.wb(s + ".mlp.fc1", d + ".mlp.c_fc");
    t.wb(s + ".mlp.fc2", d + ".mlp.c_proj");
  }
  t.wb(m + "final_layer_norm", "ln_final");
  t.add("text_projection.weight", "text_projection", Op::Transpose, true);  // CLIPTextModelWithProjection only
  return t;
}

}  // namespace

bool is_diffusers_folder(const std::string& path) { return is_directory(path) && is_regular_file(path + "/model_index.json"); }

DiffusersModel load_diffusers_folder(const std::string& path) {
  if (!is_diffusers_folder(path)) throw LoadError(path + " is not a diffusers folder (no model_index.json)");
  const json index = read_json(path + "/model_index.json");
  const std::string cls = get_string(index, "_class_name", path + "/model_index.json", "?");
  if (index.contains("text_encoder_2") || index.contains("prior") || !index.contains("unet") || !index.contains("vae") ||
      !index.contains("text_encoder")) {
    throw LoadError(path + ": " + cls + " is not supported; only Stable Diffusion 1.x/2.x pipelines (unet, vae, text_encoder) load");
  }
  DiffusersModel out;

  const std::string unet_cfg_file = path + "/unet/config.json";
  UnetParts unet = unet_parts(read_json(unet_cfg_file), unet_cfg_file);
  const std::string unet_file = weights_file(path + "/unet", "diffusion_pytorch_model");
  out.weights.merge(unet.table.apply(load_checkpoint(unet_file), unet_file, "model.diffusion_model."));

  const std::string vae_cfg_file = path + "/vae/config.json";
  const json vae_cfg = read_json(vae_cfg_file);
  const std::string vae_file = weights_file(path + "/vae", "diffusion_pytorch_model");
  StateDict vae_w = load_checkpoint(vae_file);
  VaeParts vae = vae_parts(vae_cfg, vae_cfg_file, vae_w.contains("encoder.mid_block.attentions.0.query.weight"));
  out.weights.merge(vae.table.apply(std::move(vae_w), vae_file, "first_stage_model."));

  const std::string te_cfg_file = path + "/text_encoder/config.json";
  const json te = read_json(te_cfg_file);
  const int64_t width = get_int(te, "hidden_size", te_cfg_file);
  const int64_t layers = get_int(te, "num_hidden_layers", te_cfg_file);
  const int64_t heads = get_int(te, "num_attention_heads", te_cfg_file);
  const int64_t inter = get_int(te, "intermediate_size", te_cfg_file);
  const int64_t positions = get_int(te, "max_position_embeddings", te_cfg_file, 77);
  const int64_t vocab = get_int(te, "vocab_size", te_cfg_file, 49408);
  const double eps = te.contains("layer_norm_eps") && te["layer_norm_eps"].is_number() ? te["layer_norm_eps"].get<double>() : 1e-5;
  const std::string act = get_string(te, "hidden_act", te_cfg_file, "quick_gelu");
  const std::string te_file = weights_file(path + "/text_encoder", "model");
  json cond, te_desc;
  // SD 1.x ships OpenAI CLIP (quick_gelu); SD 2.x ships OpenCLIP ViT-H converted to the
  // CLIPTextModel layout (gelu), with the last block dropped: its last_hidden_state is the
  // penultimate open_clip layer + ln_final, i.e. layer "last" over the blocks that are present.
  if (act == "quick_gelu") {
    out.weights.merge(clip_table(layers).apply(load_checkpoint(te_file), te_file, "cond_stage_model.transformer."));
    cond = {{"target", "ldm.modules.encoders.modules.FrozenCLIPEmbedder"}, {"params", {{"version", "diffusers text_encoder"}}}};
    te_desc = {{"kind", "hf_clip_text_model"}, {"output", "last_hidden_state"}, {"vocab_size", vocab}, {"width", width},
               {"layers", layers}, {"heads", heads}, {"intermediate_size", inter}, {"max_position_embeddings", positions},
               {"hidden_act", act}, {"layer_norm_eps", eps}};
  } else if (act == "gelu") {
    if (inter % width != 0) throw LoadError(te_cfg_file + ": intermediate_size must be a multiple of hidden_size for OpenCLIP");
    StateDict w = open_clip_table(layers).apply(load_checkpoint(te_file), te_file, "cond_stage_model.model.");
    int64_t embed_dim = width;
    if (w.contains("cond_stage_model.model.text_projection")) {
      embed_dim = w.info("cond_stage_model.model.text_projection").shape[1];
    } else {
      // Unused for the conditioning (FrozenOpenCLIPEmbedder stops at ln_final) but part of the module.
      w.set("cond_stage_model.model.text_projection", torch::eye(width));
      out.notes.push_back("text_projection is not in the diffusers text encoder (unused for conditioning): identity put in its place");
    }
    w.set("cond_stage_model.model.logit_scale", torch::full({}, std::log(1 / 0.07)));
    out.weights.merge(w);
    cond = {{"target", "ldm.modules.encoders.modules.FrozenOpenCLIPEmbedder"},
            {"params", {{"arch", "diffusers text_encoder"}, {"version", nullptr}, {"freeze", true}, {"layer", "last"}}}};
    te_desc = {{"kind", "open_clip_text"}, {"output", "last (the diffusers text encoder ends at the penultimate layer)"},
               {"vocab_size", vocab}, {"width", width}, {"layers", layers}, {"heads", heads}, {"mlp_ratio", inter / width},
               {"act", "gelu"}, {"layer_norm_eps", eps}, {"context_length", positions}, {"embed_dim", embed_dim}};
    out.notes.push_back("SD 2.x text encoder: the diffusers folder holds the blocks up to the penultimate one; used with layer 'last'");
  } else {
    throw LoadError(te_cfg_file + ": hidden_act '" + act + "' is not a Stable Diffusion text encoder (quick_gelu or gelu)");
  }

  json params;
  const std::string sched_file = path + "/scheduler/scheduler_config.json";
  json sched = json::object();
  if (is_regular_file(sched_file)) {
    sched = read_json(sched_file);
  } else {
    out.notes.push_back("no scheduler/scheduler_config.json: the Stable Diffusion schedule (scaled linear 0.00085..0.012, eps) is assumed");
  }
  auto num = [&](const char* key, double fallback) {
    return sched.contains(key) && sched[key].is_number() ? sched[key].get<double>() : fallback;
  };
  params["linear_start"] = num("beta_start", 0.00085);
  params["linear_end"] = num("beta_end", 0.012);
  const int64_t timesteps = get_int(sched, "num_train_timesteps", sched_file, 1000);
  if (timesteps < 1 || timesteps > 100000) throw LoadError(sched_file + ": 'num_train_timesteps' must be between 1 and 100000");
  params["timesteps"] = timesteps;
  // diffusers "scaled_linear" is CompVis "linear" (linspace of square roots, squared); diffusers
  // "linear" is CompVis "sqrt_linear".
  const std::string schedule = get_string(sched, "beta_schedule", sched_file, "scaled_linear");
  if (schedule == "linear") {
    params["beta_schedule"] = "sqrt_linear";
  } else if (schedule != "scaled_linear") {
    throw LoadError(sched_file + ": beta_schedule '" + schedule + "' is not supported (scaled_linear or linear)");
  }
  const std::string prediction = get_string(sched, "prediction_type", sched_file, "epsilon");
  if (prediction == "epsilon") {
    params["parameterization"] = "eps";
  } else if (prediction == "v_prediction") {
    params["parameterization"] = "v";
  } else if (prediction == "sample") {
    params["parameterization"] = "x0";
  } else {
    throw LoadError(sched_file + ": prediction_type '" + prediction + "' is not supported");
  }
  params["first_stage_key"] = "jpg";
  params["cond_stage_key"] = "txt";
  params["image_size"] = unet.sample_size;
  params["channels"] = vae.latent_channels;
  params["cond_stage_trainable"] = false;
  params["conditioning_key"] = unet.in_channels == vae.latent_channels ? "crossattn" : "hybrid";
  params["scale_factor"] = vae.scale_factor;
  params["use_ema"] = false;
  params["unet_config"] = {{"target", "ldm.modules.diffusionmodules.openaimodel.UNetModel"}, {"params", unet.params}};
  params["first_stage_config"] = {{"target", "ldm.models.autoencoder.AutoencoderKL"}, {"params", vae.params}};
  params["cond_stage_config"] = cond;
  out.config = {{"model", {{"target", "ldm.models.diffusion.ddpm.LatentDiffusion"}, {"params", params}}}, {"text_encoder", te_desc}};
  return out;
}

}  // namespace ldm

namespace ldm {

std::vector<DiffusersWeightName> stable_diffusion_weight_names(const json& unet_params, int64_t text_layers,
                                                               bool open_clip) {
  // The diffusers config.json that describes the same UNet (the inverse of unet_parts' params).
  const int64_t mc = unet_params.value("model_channels", int64_t{320});
  const auto mult = unet_params.value("channel_mult", std::vector<int64_t>{1, 2, 4, 4});
  const auto attn_res = unet_params.value("attention_resolutions", std::vector<int64_t>{4, 2, 1});
  const json nrb = unet_params.value("num_res_blocks", json(2));
  json c;
  std::vector<int64_t> boc;
  std::vector<std::string> down, up;
  // Bounded as unet_parts bounds a config.json (and so that 1 << i and mc * mult stay defined).
  if (mult.empty() || mult.size() > 16) throw LoadError("unet_config: channel_mult must have 1..16 levels");
  for (size_t i = 0; i < mult.size(); ++i) {
    if (mc < 1 || mc > (1 << 20) || mult[i] < 1 || mult[i] > (1 << 10))
      throw LoadError("unet_config: model_channels or channel_mult out of range");
    boc.push_back(mc * mult[i]);
    const bool attn = std::find(attn_res.begin(), attn_res.end(), int64_t{1} << i) != attn_res.end();
    down.push_back(attn ? "CrossAttnDownBlock2D" : "DownBlock2D");
    up.insert(up.begin(), attn ? "CrossAttnUpBlock2D" : "UpBlock2D");
  }
  c["block_out_channels"] = boc;
  c["layers_per_block"] = nrb.is_array() ? nrb.at(0) : nrb;
  c["down_block_types"] = down;
  c["up_block_types"] = up;
  c["transformer_layers_per_block"] = unet_params.value("transformer_depth", int64_t{1});
  c["cross_attention_dim"] = unet_params.value("context_dim", int64_t{768});
  c["attention_head_dim"] = 8;  // names do not depend on it
  std::vector<DiffusersWeightName> out;
  auto add = [&out](const Table& t, const std::string& from, const std::string& to) {
    for (const Rule& r : t.rules()) {
      if (r.op == Op::Drop) continue;
      for (size_t k = 0; k < r.src.size(); ++k) {
        const std::string& s = r.src[k];
        if (s.size() < 7 || s.compare(s.size() - 7, 7, ".weight") != 0) continue;
        out.push_back({from + s, to + r.dst, r.op == Op::FuseQkv ? static_cast<int>(k) : -1});
      }
    }
  };
  add(unet_parts(c, "UNet").table, "unet.", "model.diffusion_model.");
  if (open_clip) add(open_clip_table(text_layers), "text_encoder.", "cond_stage_model.model.");
  else add(clip_table(text_layers), "text_encoder.", "cond_stage_model.transformer.");
  return out;
}

}  // namespace ldm
