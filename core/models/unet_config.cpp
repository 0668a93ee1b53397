#include "core/models/unet_config.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "core/error.h"
#include "core/io/state_dict.h"
#include "core/text/strings.h"

namespace ldm {

namespace {

using Shape = std::vector<int64_t>;
using Kind = UNetLayerPlan::Kind;

std::string shape_str(const Shape& s) { return c10::str(c10::IntArrayRef(s)); }

// ---------------------------------------------------------------------------------------------
// CompVis config.yaml

int64_t json_int(const nlohmann::json& v, const std::string& key) {
  if (v.is_number_integer()) return v.get<int64_t>();
  // Range first: casting 1e300 or nan to int64 is undefined (tests/fuzz/fuzz_config_yaml found it).
  if (v.is_number_float() && std::abs(v.get<double>()) < 9.0e18 &&
      v.get<double>() == static_cast<double>(static_cast<int64_t>(v.get<double>()))) {
    return static_cast<int64_t>(v.get<double>());
  }
  throw LoadError("unet_config: '" + key + "' must be an integer, got " + v.dump());
}

bool json_bool(const nlohmann::json& v, const std::string& key) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>() != 0;
  throw LoadError("unet_config: '" + key + "' must be true or false, got " + v.dump());
}

std::vector<int64_t> json_int_list(const nlohmann::json& v, const std::string& key) {
  std::vector<int64_t> out;
  if (!v.is_array()) throw LoadError("unet_config: '" + key + "' must be a list of integers, got " + v.dump());
  for (const auto& e : v) out.push_back(json_int(e, key));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Shapes -> config

// Keys of one block grouped by layer index: "input_blocks.3.1.proj_in.weight" -> blocks[3][1].
struct BlockKeys {
  std::map<int64_t, std::map<int64_t, std::vector<std::string>>> blocks;  // block -> layer -> full keys
  int64_t count() const { return blocks.empty() ? 0 : blocks.rbegin()->first + 1; }
};

bool parse_index(const std::string& s, size_t& pos, int64_t& out) {
  size_t end = pos;
  while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) ++end;
  if (end == pos || end >= s.size() || s[end] != '.') return false;
  out = std::stoll(s.substr(pos, end - pos));
  pos = end + 1;
  return true;
}

class ShapeReader {
 public:
  explicit ShapeReader(const StateDict& w) : w_(w) {}

  bool has(const std::string& key) const { return w_.contains(key); }

  const Shape& shape(const std::string& key) const {
    if (!w_.contains(key)) throw LoadError("UNet checkpoint: missing tensor '" + key + "'");
    return w_.info(key).shape;
  }
  // Shape with a required rank.
  const Shape& shape(const std::string& key, size_t rank) const {
    const Shape& s = shape(key);
    if (s.size() != rank) {
      throw LoadError("UNet checkpoint: tensor '" + key + "' has shape " + shape_str(s) + ", expected " +
                      std::to_string(rank) + " dimensions");
    }
    return s;
  }
  [[noreturn]] void fail(const std::string& key, const std::string& why) const {
    const std::string shown = w_.contains(key) ? " (shape " + shape_str(w_.info(key).shape) + ")" : "";
    throw LoadError("UNet checkpoint: tensor '" + key + "'" + shown + " " + why);
  }

 private:
  const StateDict& w_;
};

Kind classify(const ShapeReader& r, const std::string& p, const std::vector<std::string>& keys) {
  if (r.has(p + "in_layers.2.weight")) return Kind::ResBlock;
  if (r.has(p + "proj_in.weight")) return Kind::SpatialTransformer;
  if (r.has(p + "qkv.weight")) return Kind::AttentionBlock;
  if (r.has(p + "op.weight")) return Kind::Downsample;
  if (r.has(p + "conv.weight")) return Kind::Upsample;
  r.fail(keys.front(), "belongs to no layer type of UNetModel (layer " + p.substr(0, p.size() - 1) + ")");
}

}  // namespace

bool UNetConfig::has_attention_at(int64_t ds) const {
  return std::find(attention_resolutions.begin(), attention_resolutions.end(), ds) != attention_resolutions.end();
}

void UNetConfig::validate() const {
  auto bad = [](const std::string& what) { throw LoadError("UNet config: " + what); };
  if (in_channels <= 0 || out_channels <= 0 || model_channels <= 0) bad("in/out/model channels must be positive");
  if (channel_mult.empty()) bad("channel_mult is empty");
  if (num_res_blocks.size() != channel_mult.size()) {
    bad("num_res_blocks must be one number or one per level of channel_mult");
  }
  for (auto m : channel_mult) {
    if (m <= 0) bad("channel_mult entries must be positive");
  }
  // The reference's output layer normalises the last block's channels (model_channels x
  // channel_mult[0]) and then convolves model_channels of them: only a first entry of 1 builds.
  if (channel_mult[0] != 1) bad("channel_mult must start with 1 (the output layer takes model_channels channels)");
  for (auto n : num_res_blocks) {
    if (n < 1) bad("num_res_blocks entries must be at least 1");
  }
  if (use_spatial_transformer && context_dim <= 0) bad("use_spatial_transformer needs context_dim");
  if (context_dim > 0 && !use_spatial_transformer) bad("context_dim is set but use_spatial_transformer is false");
  if (num_heads == -1 && num_head_channels == -1) bad("set num_heads or num_head_channels");
  if (!disable_self_attentions.empty() && disable_self_attentions.size() != channel_mult.size()) {
    bad("disable_self_attentions needs one entry per level");
  }
  if (!num_attention_blocks.empty() && num_attention_blocks.size() != channel_mult.size()) {
    bad("num_attention_blocks needs one entry per level");
  }
  if (class_embedding == UNetClassEmbedding::Classes && num_classes <= 0) bad("num_classes must be positive");
  if (class_embedding == UNetClassEmbedding::Sequential && adm_in_channels <= 0) {
    bad("num_classes 'sequential' needs adm_in_channels");
  }
  if (transformer_depth < 1) bad("transformer_depth must be at least 1");
  if (coord_channels != 0 && coord_channels != 2) bad("coord_channels must be 0 or 2");
  // Group normalisation (32 groups) of every block input/output.
  for (auto m : channel_mult) {
    if ((m * model_channels) % 32 != 0) bad("channels must be multiples of 32 (GroupNorm with 32 groups)");
  }
}

UNetConfig UNetConfig::from_compvis(const nlohmann::json& node) {
  const nlohmann::json& params = (node.is_object() && node.contains("params") && node.contains("target"))
                                     ? node.at("params")
                                     : node;
  if (node.is_object() && node.contains("target")) {
    const std::string target = node.at("target").is_string() ? node.at("target").get<std::string>() : "";
    if (!text::ends_with(target, "UNetModel")) {
      throw LoadError("unet_config: target '" + target + "' is not a UNetModel");
    }
  }
  if (!params.is_object()) throw LoadError("unet_config: params must be a mapping");
  UNetConfig c;
  c.channel_mult = {1, 2, 4, 8};  // reference defaults
  c.num_heads = -1;
  c.num_res_blocks.clear();
  c.attention_resolutions.clear();
  bool have_required[4] = {false, false, false, false};
  nlohmann::json num_res_blocks_value, context_dim_value;
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string& k = it.key();
    const nlohmann::json& v = it.value();
    if (k == "image_size") c.image_size = v.is_null() ? 0 : json_int(v, k);
    else if (k == "in_channels") { c.in_channels = json_int(v, k); have_required[0] = true; }
    else if (k == "out_channels") { c.out_channels = json_int(v, k); have_required[1] = true; }
    else if (k == "model_channels") { c.model_channels = json_int(v, k); have_required[2] = true; }
    else if (k == "num_res_blocks") { num_res_blocks_value = v; have_required[3] = true; }
    else if (k == "attention_resolutions") c.attention_resolutions = json_int_list(v, k);
    else if (k == "dropout") c.dropout = v.get<double>();
    else if (k == "channel_mult") c.channel_mult = json_int_list(v, k);
    else if (k == "conv_resample") c.conv_resample = json_bool(v, k);
    else if (k == "dims") {
      if (json_int(v, k) != 2) throw LoadError("unet_config: only dims 2 is supported, got " + v.dump());
    } else if (k == "num_classes") {
      if (v.is_null()) {
        c.class_embedding = UNetClassEmbedding::None;
      } else if (v.is_string() && v.get<std::string>() == "continuous") {
        c.class_embedding = UNetClassEmbedding::Continuous;
      } else if (v.is_string() && v.get<std::string>() == "sequential") {
        c.class_embedding = UNetClassEmbedding::Sequential;
      } else {
        c.class_embedding = UNetClassEmbedding::Classes;
        c.num_classes = json_int(v, k);
      }
    } else if (k == "adm_in_channels") c.adm_in_channels = v.is_null() ? 0 : json_int(v, k);
    else if (k == "use_checkpoint" || k == "use_fp16" || k == "use_bf16") continue;  // training / dtype only
    else if (k == "num_heads") c.num_heads = json_int(v, k);
    else if (k == "num_head_channels") c.num_head_channels = json_int(v, k);
    else if (k == "num_heads_upsample") c.num_heads_upsample = json_int(v, k);
    else if (k == "use_scale_shift_norm") c.use_scale_shift_norm = json_bool(v, k);
    else if (k == "resblock_updown") c.resblock_updown = json_bool(v, k);
    else if (k == "use_new_attention_order") c.use_new_attention_order = json_bool(v, k);
    else if (k == "use_spatial_transformer") c.use_spatial_transformer = json_bool(v, k);
    else if (k == "transformer_depth") c.transformer_depth = json_int(v, k);
    else if (k == "context_dim") context_dim_value = v;
    else if (k == "n_embed") c.n_embed = v.is_null() ? -1 : json_int(v, k);
    else if (k == "legacy") c.legacy = json_bool(v, k);
    else if (k == "disable_self_attentions") {
      c.disable_self_attentions.clear();
      if (!v.is_null()) {
        if (!v.is_array()) throw LoadError("unet_config: 'disable_self_attentions' must be a list");
        for (const auto& e : v) c.disable_self_attentions.push_back(json_bool(e, k));
      }
    } else if (k == "num_attention_blocks") {
      c.num_attention_blocks = v.is_null() ? std::vector<int64_t>{} : json_int_list(v, k);
    } else if (k == "disable_middle_self_attn") c.disable_middle_self_attn = json_bool(v, k);
    else if (k == "use_linear_in_transformer") c.use_linear_in_transformer = json_bool(v, k);
    else if (k == "coord_channels") c.coord_channels = json_int(v, k);
    else throw LoadError("unet_config: unknown option '" + k + "' (not a UNetModel parameter)");
  }
  static const char* required[4] = {"in_channels", "out_channels", "model_channels", "num_res_blocks"};
  for (int i = 0; i < 4; ++i) {
    if (!have_required[i]) throw LoadError(std::string("unet_config: '") + required[i] + "' is missing");
  }
  if (num_res_blocks_value.is_array()) {
    c.num_res_blocks = json_int_list(num_res_blocks_value, "num_res_blocks");
  } else {
    c.num_res_blocks.assign(c.channel_mult.size(), json_int(num_res_blocks_value, "num_res_blocks"));
  }
  if (!context_dim_value.is_null()) {
    if (context_dim_value.is_array()) {
      // A per-depth list (Stability-AI) is accepted when all entries agree.
      auto dims = json_int_list(context_dim_value, "context_dim");
      if (dims.empty() || std::any_of(dims.begin(), dims.end(), [&](int64_t d) { return d != dims[0]; })) {
        throw LoadError("unet_config: context_dim lists with differing entries are not supported");
      }
      c.context_dim = dims[0];
    } else {
      c.context_dim = json_int(context_dim_value, "context_dim");
    }
  }
  c.validate();
  return c;
}

UNetPlan UNetConfig::plan() const {
  validate();
  UNetPlan p;
  const int64_t mc = model_channels;
  int64_t heads_var = num_heads;  // mutated like the reference's local num_heads
  const int64_t heads_upsample = num_heads_upsample == -1 ? num_heads : num_heads_upsample;
  auto res = [&](int64_t cin, int64_t cout, bool up = false, bool down = false) {
    UNetLayerPlan l;
    l.kind = Kind::ResBlock;
    l.in_channels = cin;
    l.out_channels = cout;
    l.up = up;
    l.down = down;
    return l;
  };
  auto attn = [&](int64_t ch, bool output_side, bool disabled_sa) {
    int64_t dim_head;
    if (num_head_channels == -1) {
      dim_head = ch / heads_var;
    } else {
      heads_var = ch / num_head_channels;
      dim_head = num_head_channels;
    }
    if (legacy) dim_head = use_spatial_transformer ? ch / heads_var : num_head_channels;
    UNetLayerPlan l;
    l.in_channels = l.out_channels = ch;
    if (use_spatial_transformer) {
      l.kind = Kind::SpatialTransformer;
      l.heads = heads_var;
      l.dim_head = dim_head;
      l.disable_self_attn = disabled_sa;
    } else {
      // AttentionBlock(num_heads=..., num_head_channels=dim_head)
      l.kind = Kind::AttentionBlock;
      const int64_t nh = output_side ? heads_upsample : heads_var;
      if (dim_head == -1) {
        l.heads = nh;
      } else {
        if (ch % dim_head != 0) throw LoadError("UNet config: " + std::to_string(ch) + " channels not divisible by head width " + std::to_string(dim_head));
        l.heads = ch / dim_head;
      }
      if (l.heads <= 0 || ch % l.heads != 0) {
        throw LoadError("UNet config: " + std::to_string(ch) + " channels cannot be split into " +
                        std::to_string(l.heads) + " heads");
      }
      l.dim_head = ch / l.heads;
    }
    if (l.heads <= 0 || l.dim_head <= 0) throw LoadError("UNet config: invalid head layout at " + std::to_string(ch) + " channels");
    return l;
  };

  UNetLayerPlan conv_in;
  conv_in.kind = Kind::Conv;
  conv_in.in_channels = in_channels + coord_channels;
  conv_in.out_channels = mc;
  p.input_blocks.push_back({conv_in});
  std::vector<int64_t> chans = {mc};
  int64_t ch = mc, ds = 1;
  const int64_t L = levels();
  for (int64_t level = 0; level < L; ++level) {
    const bool disabled_sa = !disable_self_attentions.empty() && disable_self_attentions[level];
    for (int64_t nr = 0; nr < num_res_blocks[level]; ++nr) {
      UNetBlockPlan b = {res(ch, channel_mult[level] * mc)};
      ch = channel_mult[level] * mc;
      if (has_attention_at(ds)) {
        UNetLayerPlan a = attn(ch, false, disabled_sa);
        if (num_attention_blocks.empty() || nr < num_attention_blocks[level]) b.push_back(a);
      }
      p.input_blocks.push_back(b);
      chans.push_back(ch);
    }
    if (level != L - 1) {
      if (resblock_updown) {
        p.input_blocks.push_back({res(ch, ch, false, true)});
      } else {
        UNetLayerPlan d;
        d.kind = Kind::Downsample;
        d.in_channels = d.out_channels = ch;
        d.use_conv = conv_resample;
        p.input_blocks.push_back({d});
      }
      chans.push_back(ch);
      ds *= 2;
    }
  }
  // The middle block always has its attention layer (it recomputes the head layout first).
  p.middle_block = {res(ch, ch), attn(ch, false, disable_middle_self_attn), res(ch, ch)};
  for (int64_t level = L - 1; level >= 0; --level) {
    const bool disabled_sa = !disable_self_attentions.empty() && disable_self_attentions[level];
    for (int64_t i = 0; i <= num_res_blocks[level]; ++i) {
      const int64_t ich = chans.back();
      chans.pop_back();
      UNetBlockPlan b = {res(ch + ich, mc * channel_mult[level])};
      ch = mc * channel_mult[level];
      if (has_attention_at(ds)) {
        UNetLayerPlan a = attn(ch, true, disabled_sa);
        if (num_attention_blocks.empty() || i < num_attention_blocks[level]) b.push_back(a);
      }
      if (level && i == num_res_blocks[level]) {
        if (resblock_updown) {
          b.push_back(res(ch, ch, true, false));
        } else {
          UNetLayerPlan u;
          u.kind = Kind::Upsample;
          u.in_channels = u.out_channels = ch;
          u.use_conv = conv_resample;
          b.push_back(u);
        }
        ds /= 2;
      }
      p.output_blocks.push_back(b);
    }
  }
  return p;
}

int64_t UNetConfig::forward_peak_bytes(int64_t batch, int64_t h, int64_t w, int64_t element_bytes) const {
  using Kind = UNetLayerPlan::Kind;
  const UNetPlan p = plan();
  // Sizes in channel-pixels of one sample (x batch x element_bytes for bytes); `ds` divides both sides.
  auto area = [&](int64_t ds) { return ((h + ds - 1) / ds) * ((w + ds - 1) / ds); };
  constexpr int64_t kScoreBlock = int64_t(1) << 23;  // core/nn/attention.h attention_chunked
  // Attention scores and their softmax: blocks of at most kScoreBlock elements, for the whole batch.
  auto scores = [&](const UNetLayerPlan& l, int64_t r) {
    return 2 * std::min(kScoreBlock, batch * l.heads * r * r) * element_bytes;
  };
  // What a layer holds while it runs beyond its input, at downsampling `ds` (its input's), in bytes.
  auto working = [&](const UNetLayerPlan& l, int64_t ds) -> int64_t {
    const int64_t ci = l.in_channels, co = l.out_channels, r = area(ds), per = batch * element_bytes;
    switch (l.kind) {
      case Kind::Conv: return co * r * per;
      case Kind::ResBlock: return std::max(ci + co, 2 * co) * r * per;  // SiLU(norm(input)) and its conv; later two of co
      case Kind::AttentionBlock: return 6 * ci * r * per + scores(l, r);  // norm, qkv, attention, projection
      case Kind::SpatialTransformer:  // norm, proj_in; the residual, its norm, GEGLU's 8x, GELU x value 4x
        return (2 * ci + 14 * l.heads * l.dim_head) * r * per + scores(l, r);
      case Kind::Downsample: return co * area(ds * 2) * per;
      case Kind::Upsample: return 2 * co * area(std::max<int64_t>(1, ds / 2)) * per;  // nearest copy and its conv
    }
    return 0;
  };
  int64_t skips = 0, peak = 0, ds = 1;
  // `input_held`: the block's input is counted in `held` already (the last skip tensor).
  auto run_block = [&](const UNetBlockPlan& block, int64_t held, bool input_held) {
    for (const UNetLayerPlan& l : block) {
      const int64_t input = (&l == &block.front() && input_held) ? 0 : l.in_channels * area(ds);
      peak = std::max(peak, (held + input) * batch * element_bytes + working(l, ds));
      if (l.kind == Kind::Downsample || (l.kind == Kind::ResBlock && l.down)) ds *= 2;
      if (l.kind == Kind::Upsample || (l.kind == Kind::ResBlock && l.up)) ds /= 2;
    }
  };
  std::vector<int64_t> kept;  // the skip tensors, in channel-pixels
  for (const UNetBlockPlan& b : p.input_blocks) {
    run_block(b, skips, true);
    kept.push_back(b.back().out_channels * area(ds));
    skips += kept.back();
  }
  run_block(p.middle_block, skips, true);
  for (const UNetBlockPlan& b : p.output_blocks) {
    run_block(b, skips, false);  // the popped skip lives until the block's input is concatenated
    skips -= kept.back();
    kept.pop_back();
  }
  return peak;
}

std::vector<std::pair<std::string, std::vector<int64_t>>> UNetConfig::parameter_shapes() const {
  const UNetPlan p = plan();
  const int64_t mc = model_channels, ted = time_embed_dim();
  std::vector<std::pair<std::string, Shape>> out;
  auto add = [&](const std::string& k, Shape s) { out.emplace_back(k, std::move(s)); };
  auto conv = [&](const std::string& k, int64_t o, int64_t i, int64_t ks) {
    add(k + ".weight", {o, i, ks, ks});
    add(k + ".bias", {o});
  };
  auto linear = [&](const std::string& k, int64_t o, int64_t i, bool bias = true) {
    add(k + ".weight", {o, i});
    if (bias) add(k + ".bias", {o});
  };
  auto norm = [&](const std::string& k, int64_t c) {
    add(k + ".weight", {c});
    add(k + ".bias", {c});
  };
  auto layer = [&](const std::string& k, const UNetLayerPlan& l) {
    const int64_t ci = l.in_channels, co = l.out_channels;
    switch (l.kind) {
      case Kind::Conv: conv(k, co, ci, 3); break;
      case Kind::ResBlock:
        norm(k + ".in_layers.0", ci);
        conv(k + ".in_layers.2", co, ci, 3);
        linear(k + ".emb_layers.1", use_scale_shift_norm ? 2 * co : co, ted);
        norm(k + ".out_layers.0", co);
        conv(k + ".out_layers.3", co, co, 3);
        if (ci != co) conv(k + ".skip_connection", co, ci, 1);
        break;
      case Kind::AttentionBlock:
        norm(k + ".norm", ci);
        add(k + ".qkv.weight", {3 * ci, ci, 1});
        add(k + ".qkv.bias", {3 * ci});
        add(k + ".proj_out.weight", {ci, ci, 1});
        add(k + ".proj_out.bias", {ci});
        break;
      case Kind::SpatialTransformer: {
        const int64_t inner = l.heads * l.dim_head;
        norm(k + ".norm", ci);
        if (use_linear_in_transformer) linear(k + ".proj_in", inner, ci);
        else conv(k + ".proj_in", inner, ci, 1);
        for (int64_t d = 0; d < transformer_depth; ++d) {
          const std::string b = k + ".transformer_blocks." + std::to_string(d);
          const int64_t kv1 = l.disable_self_attn ? context_dim : inner;
          linear(b + ".attn1.to_q", inner, inner, false);
          linear(b + ".attn1.to_k", inner, kv1, false);
          linear(b + ".attn1.to_v", inner, kv1, false);
          linear(b + ".attn1.to_out.0", inner, inner);
          linear(b + ".ff.net.0.proj", 8 * inner, inner);
          linear(b + ".ff.net.2", inner, 4 * inner);
          linear(b + ".attn2.to_q", inner, inner, false);
          linear(b + ".attn2.to_k", inner, context_dim, false);
          linear(b + ".attn2.to_v", inner, context_dim, false);
          linear(b + ".attn2.to_out.0", inner, inner);
          norm(b + ".norm1", inner);
          norm(b + ".norm2", inner);
          norm(b + ".norm3", inner);
        }
        // Linear(in_channels, inner_dim) in the reference, see SpatialTransformer.
        if (use_linear_in_transformer) linear(k + ".proj_out", inner, ci);
        else conv(k + ".proj_out", ci, inner, 1);
        break;
      }
      case Kind::Downsample:
        if (l.use_conv) conv(k + ".op", co, ci, 3);
        break;
      case Kind::Upsample:
        if (l.use_conv) conv(k + ".conv", co, ci, 3);
        break;
    }
  };
  linear("time_embed.0", ted, mc);
  linear("time_embed.2", ted, ted);
  switch (class_embedding) {
    case UNetClassEmbedding::None: break;
    case UNetClassEmbedding::Classes: add("label_emb.weight", {num_classes, ted}); break;
    case UNetClassEmbedding::Continuous: linear("label_emb", ted, 1); break;
    case UNetClassEmbedding::Sequential:
      linear("label_emb.0.0", ted, adm_in_channels);
      linear("label_emb.0.2", ted, ted);
      break;
  }
  for (size_t i = 0; i < p.input_blocks.size(); ++i) {
    for (size_t j = 0; j < p.input_blocks[i].size(); ++j) {
      layer("input_blocks." + std::to_string(i) + "." + std::to_string(j), p.input_blocks[i][j]);
    }
  }
  for (size_t j = 0; j < p.middle_block.size(); ++j) layer("middle_block." + std::to_string(j), p.middle_block[j]);
  for (size_t i = 0; i < p.output_blocks.size(); ++i) {
    for (size_t j = 0; j < p.output_blocks[i].size(); ++j) {
      layer("output_blocks." + std::to_string(i) + "." + std::to_string(j), p.output_blocks[i][j]);
    }
  }
  norm("out.0", mc);
  conv("out.2", out_channels, mc, 3);
  if (n_embed > 0) {
    norm("id_predictor.0", mc);
    conv("id_predictor.1", n_embed, mc, 1);
  }
  return out;
}

int64_t UNetConfig::parameter_count() const {
  int64_t n = 0;
  for (const auto& [name, shape] : parameter_shapes()) {
    int64_t e = 1;
    for (auto d : shape) e *= d;
    n += e;
  }
  return n;
}

nlohmann::json UNetConfig::to_json() const {
  nlohmann::json j;
  j["image_size"] = image_size;
  j["in_channels"] = in_channels;
  j["out_channels"] = out_channels;
  j["model_channels"] = model_channels;
  j["num_res_blocks"] = num_res_blocks;
  std::vector<int64_t> rates = attention_resolutions;  // a set in the reference: order is meaningless
  std::sort(rates.begin(), rates.end());
  j["attention_resolutions"] = rates;
  j["channel_mult"] = channel_mult;
  j["conv_resample"] = conv_resample;
  switch (class_embedding) {
    case UNetClassEmbedding::None: break;
    case UNetClassEmbedding::Classes: j["num_classes"] = num_classes; break;
    case UNetClassEmbedding::Continuous: j["num_classes"] = "continuous"; break;
    case UNetClassEmbedding::Sequential:
      j["num_classes"] = "sequential";
      j["adm_in_channels"] = adm_in_channels;
      break;
  }
  j["num_heads"] = num_heads;
  j["num_head_channels"] = num_head_channels;
  if (num_heads_upsample != -1) j["num_heads_upsample"] = num_heads_upsample;
  j["use_scale_shift_norm"] = use_scale_shift_norm;
  j["resblock_updown"] = resblock_updown;
  j["use_new_attention_order"] = use_new_attention_order;
  j["use_spatial_transformer"] = use_spatial_transformer;
  if (use_spatial_transformer) {
    j["transformer_depth"] = transformer_depth;
    j["context_dim"] = context_dim;
    j["use_linear_in_transformer"] = use_linear_in_transformer;
  }
  if (n_embed > 0) j["n_embed"] = n_embed;
  if (coord_channels > 0) j["coord_channels"] = coord_channels;
  j["legacy"] = legacy;
  if (!disable_self_attentions.empty()) j["disable_self_attentions"] = disable_self_attentions;
  if (!num_attention_blocks.empty()) j["num_attention_blocks"] = num_attention_blocks;
  if (disable_middle_self_attn) j["disable_middle_self_attn"] = true;
  return j;
}

// ---------------------------------------------------------------------------------------------

UNetConfig UNetConfig::from_state_dict(const StateDict& w, const std::optional<UNetHeads>& heads) {
  ShapeReader r(w);
  UNetConfig c;
  c.num_res_blocks.clear();
  c.attention_resolutions.clear();
  c.channel_mult.clear();

  // Group keys by block and layer; anything outside the UNet's top-level names is unknown.
  BlockKeys in_keys, out_keys;
  std::map<int64_t, std::vector<std::string>> mid_keys;
  for (const auto& key : w.keys()) {
    auto starts = [&](const char* p) { return key.rfind(p, 0) == 0; };
    size_t pos;
    int64_t bi, li;
    if (starts("input_blocks.") || starts("output_blocks.")) {
      BlockKeys& bk = starts("input_blocks.") ? in_keys : out_keys;
      pos = key.find('.') + 1;
      if (!parse_index(key, pos, bi) || !parse_index(key, pos, li)) r.fail(key, "is not a UNetModel tensor name");
      bk.blocks[bi][li].push_back(key);
    } else if (starts("middle_block.")) {
      pos = std::string("middle_block.").size();
      if (!parse_index(key, pos, li)) r.fail(key, "is not a UNetModel tensor name");
      mid_keys[li].push_back(key);
    } else if (!(starts("time_embed.") || starts("label_emb.") || starts("out.") || starts("id_predictor."))) {
      r.fail(key, "is not a UNetModel tensor (expected the keys under model.diffusion_model.)");
    }
  }

  // Stem: time embedding and the first convolution.
  const Shape& te0 = r.shape("time_embed.0.weight", 2);
  c.model_channels = te0[1];
  const int64_t mc = c.model_channels, ted = te0[0];
  if (ted != 4 * mc) r.fail("time_embed.0.weight", "is not [4*model_channels, model_channels]");
  const Shape& conv_in = r.shape("input_blocks.0.0.weight");
  if (conv_in.size() != 4) r.fail("input_blocks.0.0.weight", "is not a 2-D convolution (only 2-D UNets are supported)");
  if (conv_in[0] != mc || conv_in[2] != 3 || conv_in[3] != 3) {
    r.fail("input_blocks.0.0.weight", "does not match model_channels " + std::to_string(mc) + " from time_embed.0.weight");
  }
  c.in_channels = conv_in[1];

  const int64_t n_in = in_keys.count(), n_out = out_keys.count();
  if (n_out != n_in) {
    r.fail(out_keys.blocks.empty() ? "output_blocks" : out_keys.blocks.rbegin()->second.begin()->second.front(),
           "ends at output block " + std::to_string(n_out - 1) + " but input blocks end at " + std::to_string(n_in - 1) +
               " (a UNet has as many of each)");
  }
  auto layer_kind = [&](const std::string& prefix, const std::map<int64_t, std::vector<std::string>>& layers,
                        int64_t li) { return classify(r, prefix + std::to_string(li) + ".", layers.at(li)); };

  // Level structure. Up-sampling layers (a conv, or a second ResBlock with resblock_updown) end
  // each level on the output side; without them (conv_resample false), the parameter-free
  // downsamplers leave gaps in the input block numbering.
  std::vector<int64_t> out_group_sizes;  // from the deepest level up
  {
    int64_t cur = 0;
    for (int64_t j = 0; j < n_out; ++j) {
      ++cur;
      auto it = out_keys.blocks.find(j);
      if (it == out_keys.blocks.end()) r.fail("output_blocks." + std::to_string(j), "is missing");
      int64_t resblocks = 0;
      bool ends = false;
      for (const auto& [li, keys] : it->second) {
        Kind k = layer_kind("output_blocks." + std::to_string(j) + ".", it->second, li);
        if (k == Kind::ResBlock && ++resblocks == 2) {
          ends = true;
          c.resblock_updown = true;
        }
        if (k == Kind::Upsample) ends = true;
        if (k == Kind::Downsample) r.fail(keys.front(), "is a downsampler inside an output block");
      }
      if (ends) {
        out_group_sizes.push_back(cur);
        cur = 0;
      }
    }
    out_group_sizes.push_back(cur);
  }
  if (out_group_sizes.size() > 1) {
    for (auto it = out_group_sizes.rbegin(); it != out_group_sizes.rend(); ++it) {
      if (*it < 2) r.fail("output_blocks.0", "level structure is inconsistent (a level without res blocks)");
      c.num_res_blocks.push_back(*it - 1);
    }
  } else {
    // No up-sampling parameters: count levels from the input side (gaps = parameter-free Downsample).
    int64_t cur = 0;
    for (int64_t i = 1; i < n_in; ++i) {
      if (!in_keys.blocks.count(i)) {
        c.conv_resample = false;
        c.num_res_blocks.push_back(cur);
        cur = 0;
      } else {
        ++cur;
      }
    }
    c.num_res_blocks.push_back(cur);
    for (auto n : c.num_res_blocks) {
      if (n < 1) r.fail("input_blocks.1", "level structure is inconsistent (a level without res blocks)");
    }
  }
  const int64_t L = static_cast<int64_t>(c.num_res_blocks.size());
  {
    int64_t expected = 1;
    for (auto n : c.num_res_blocks) expected += n + 1;
    expected -= 1;
    if (expected != n_in) {
      r.fail("input_blocks." + std::to_string(n_in - 1) + "." + "0",
             "input blocks (" + std::to_string(n_in) + ") do not match the levels found on the output side");
    }
  }

  // Per-layer readers with checks against the running channel count.
  bool sss_known = false;
  auto check_res = [&](const std::string& p, int64_t cin, int64_t cout_expected) -> int64_t {
    const Shape& in_norm = r.shape(p + "in_layers.0.weight", 1);
    if (in_norm[0] != cin) r.fail(p + "in_layers.0.weight", "expects " + std::to_string(cin) + " input channels");
    const Shape& conv = r.shape(p + "in_layers.2.weight", 4);
    if (conv[1] != cin) r.fail(p + "in_layers.2.weight", "expects " + std::to_string(cin) + " input channels");
    const int64_t cout = conv[0];
    if (cout_expected > 0 && cout != cout_expected) {
      r.fail(p + "in_layers.2.weight", "expects " + std::to_string(cout_expected) + " output channels");
    }
    const Shape& emb = r.shape(p + "emb_layers.1.weight", 2);
    if (emb[1] != ted) r.fail(p + "emb_layers.1.weight", "does not take the " + std::to_string(ted) + "-wide time embedding");
    bool sss;
    if (emb[0] == cout) sss = false;
    else if (emb[0] == 2 * cout) sss = true;
    else r.fail(p + "emb_layers.1.weight", "is neither [C, emb] nor [2C, emb] for C = " + std::to_string(cout));
    if (!sss_known) {
      c.use_scale_shift_norm = sss;
      sss_known = true;
    } else if (sss != c.use_scale_shift_norm) {
      r.fail(p + "emb_layers.1.weight", "disagrees with the other ResBlocks about use_scale_shift_norm");
    }
    if ((cin != cout) != r.has(p + "skip_connection.weight")) {
      r.fail(p + (cin != cout ? "in_layers.2.weight" : "skip_connection.weight"),
             "skip connection does not match the channel change " + std::to_string(cin) + " -> " + std::to_string(cout));
    }
    return cout;
  };
  struct AttnInfo {
    bool present = false;
    bool transformer = false;
    bool linear = false;
    int64_t depth = 0, context_dim = -1;
    bool disable_self_attn = false;
    std::string key;  // its attn2.to_k.weight, for messages
  };
  auto read_attn = [&](const std::string& p, Kind kind, int64_t ch) {
    AttnInfo a;
    a.present = true;
    if (kind == Kind::AttentionBlock) {
      const Shape& qkv = r.shape(p + "qkv.weight", 3);
      if (qkv[0] != 3 * ch || qkv[1] != ch) r.fail(p + "qkv.weight", "is not [3C, C, 1] for C = " + std::to_string(ch));
      return a;
    }
    if (kind != Kind::SpatialTransformer) r.fail(p + "in_layers.2.weight", "is not an attention layer");
    a.transformer = true;
    const Shape& pin = r.shape(p + "proj_in.weight");
    if (pin.size() == 2) a.linear = true;
    else if (pin.size() != 4) r.fail(p + "proj_in.weight", "is neither a Linear nor a 1x1 conv");
    if (pin[1] != ch || pin[0] != ch) {
      r.fail(p + "proj_in.weight", "does not map " + std::to_string(ch) + " channels to heads*d_head = " + std::to_string(ch));
    }
    while (r.has(p + "transformer_blocks." + std::to_string(a.depth) + ".attn2.to_k.weight")) ++a.depth;
    if (a.depth == 0) r.fail(p + "proj_in.weight", "belongs to a SpatialTransformer without transformer_blocks");
    const std::string b0 = p + "transformer_blocks.0.";
    a.key = b0 + "attn2.to_k.weight";
    a.context_dim = r.shape(a.key, 2)[1];
    const int64_t kv1 = r.shape(b0 + "attn1.to_k.weight", 2)[1];
    if (kv1 != ch) {
      if (kv1 != a.context_dim) r.fail(b0 + "attn1.to_k.weight", "takes neither the features nor the context");
      a.disable_self_attn = true;
    }
    return a;
  };
  std::vector<AttnInfo> transformer_layers;
  std::map<int64_t, std::vector<bool>> attention_by_ds;  // ds -> presence per res block (input and output)
  auto note_attention = [&](int64_t ds, const AttnInfo& a, const std::string& key) {
    attention_by_ds[ds].push_back(a.present);
    if (!a.present) return;
    if (!transformer_layers.empty() || a.transformer) {
      if (!a.transformer) r.fail(key, "is an AttentionBlock in a UNet with SpatialTransformers");
      transformer_layers.push_back(a);
    }
  };
  auto attn_in = [&](const std::string& block, const std::map<int64_t, std::vector<std::string>>& layers, int64_t ch,
                     size_t extra_allowed) {
    AttnInfo a;
    if (layers.count(1)) {
      Kind k = layer_kind(block, layers, 1);
      if (k == Kind::AttentionBlock || k == Kind::SpatialTransformer) a = read_attn(block + "1.", k, ch);
    }
    const size_t expected_layers = 1 + (a.present ? 1 : 0) + extra_allowed;
    if (layers.size() > expected_layers || layers.rbegin()->first >= static_cast<int64_t>(expected_layers)) {
      r.fail(layers.rbegin()->second.front(), "is an unexpected layer in " + block.substr(0, block.size() - 1));
    }
    return a;
  };

  // Input side.
  std::vector<int64_t> chans = {mc};
  int64_t ch = mc, ds = 1, idx = 1;
  for (int64_t level = 0; level < L; ++level) {
    int64_t level_out = -1;
    for (int64_t nr = 0; nr < c.num_res_blocks[level]; ++nr, ++idx) {
      const std::string block = "input_blocks." + std::to_string(idx) + ".";
      auto it = in_keys.blocks.find(idx);
      if (it == in_keys.blocks.end() || !it->second.count(0) ||
          layer_kind(block, it->second, 0) != Kind::ResBlock) {
        r.fail(block + "0.in_layers.2.weight", "should be the ResBlock of level " + std::to_string(level));
      }
      const int64_t cout = check_res(block + "0.", ch, level_out);
      if (cout % mc != 0) r.fail(block + "0.in_layers.2.weight", "has " + std::to_string(cout) + " channels, not a multiple of model_channels " + std::to_string(mc));
      level_out = cout;
      ch = cout;
      AttnInfo a = attn_in(block, it->second, ch, 0);
      note_attention(ds, a, block + "1.");
      chans.push_back(ch);
    }
    c.channel_mult.push_back(ch / mc);
    if (level != L - 1) {
      const std::string block = "input_blocks." + std::to_string(idx) + ".";
      auto it = in_keys.blocks.find(idx);
      if (it == in_keys.blocks.end()) {
        if (c.resblock_updown || !c.conv_resample) {
          if (c.resblock_updown) r.fail(block + "0.in_layers.2.weight", "is missing (downsampling ResBlock)");
        } else {
          r.fail(block + "0.op.weight", "is missing (downsampling conv)");
        }
      } else {
        if (it->second.size() != 1) r.fail(it->second.rbegin()->second.front(), "is an unexpected layer in a downsampling block");
        Kind k = layer_kind(block, it->second, 0);
        if (c.resblock_updown) {
          if (k != Kind::ResBlock) r.fail(it->second.begin()->second.front(), "should be a downsampling ResBlock");
          check_res(block + "0.", ch, ch);
        } else {
          if (k != Kind::Downsample) r.fail(it->second.begin()->second.front(), "should be a Downsample conv");
          const Shape& op = r.shape(block + "0.op.weight", 4);
          if (op[0] != ch || op[1] != ch) r.fail(block + "0.op.weight", "is not a " + std::to_string(ch) + "-channel conv");
        }
      }
      chans.push_back(ch);
      ++idx;
      ds *= 2;
    }
  }

  // Middle block: ResBlock, attention, ResBlock.
  for (int64_t li : {0, 2}) {
    const std::string p = "middle_block." + std::to_string(li) + ".";
    if (!mid_keys.count(li)) r.fail(p + "in_layers.2.weight", "is missing");
    check_res(p, ch, ch);
  }
  if (!mid_keys.count(1)) r.fail("middle_block.1", "is missing (the middle attention layer)");
  AttnInfo mid_attn;
  {
    Kind k = classify(r, "middle_block.1.", mid_keys.at(1));
    mid_attn = read_attn("middle_block.1.", k, ch);
    if (!transformer_layers.empty() && !mid_attn.transformer) r.fail("middle_block.1.qkv.weight", "is an AttentionBlock in a UNet with SpatialTransformers");
    if (mid_attn.transformer) transformer_layers.push_back(mid_attn);
  }
  if (mid_keys.size() != 3 || mid_keys.rbegin()->first != 2) r.fail(mid_keys.rbegin()->second.front(), "is an unexpected layer in middle_block");

  // Output side.
  idx = 0;
  for (int64_t level = L - 1; level >= 0; --level) {
    for (int64_t i = 0; i <= c.num_res_blocks[level]; ++i, ++idx) {
      const std::string block = "output_blocks." + std::to_string(idx) + ".";
      const auto& layers = out_keys.blocks.at(idx);
      const int64_t ich = chans.back();
      chans.pop_back();
      if (!layers.count(0) || layer_kind(block, layers, 0) != Kind::ResBlock) {
        r.fail(block + "0.in_layers.2.weight", "should be a ResBlock");
      }
      ch = check_res(block + "0.", ch + ich, mc * c.channel_mult[level]);
      const bool has_up = level && i == c.num_res_blocks[level];
      AttnInfo a = attn_in(block, layers, ch, has_up && (c.resblock_updown || c.conv_resample) ? 1 : 0);
      note_attention(ds, a, block + "1.");
      if (has_up) {
        const int64_t li = a.present ? 2 : 1;
        const std::string p = block + std::to_string(li) + ".";
        if (c.resblock_updown) {
          if (!layers.count(li)) r.fail(p + "in_layers.2.weight", "is missing (upsampling ResBlock)");
          check_res(p, ch, ch);
        } else if (c.conv_resample) {
          const Shape& conv = r.shape(p + "conv.weight", 4);
          if (conv[0] != ch || conv[1] != ch) r.fail(p + "conv.weight", "is not a " + std::to_string(ch) + "-channel conv");
        }
        ds /= 2;
      }
    }
  }

  // Output head.
  const Shape& out_norm = r.shape("out.0.weight", 1);
  if (out_norm[0] != mc) r.fail("out.0.weight", "does not have model_channels " + std::to_string(mc) + " entries");
  const Shape& conv_out = r.shape("out.2.weight", 4);
  if (conv_out[1] != mc) r.fail("out.2.weight", "does not take model_channels " + std::to_string(mc) + " inputs");
  c.out_channels = conv_out[0];
  if (r.has("id_predictor.1.weight")) c.n_embed = r.shape("id_predictor.1.weight", 4)[0];

  // Class conditioning.
  if (r.has("label_emb.0.0.weight")) {
    c.class_embedding = UNetClassEmbedding::Sequential;
    c.adm_in_channels = r.shape("label_emb.0.0.weight", 2)[1];
  } else if (r.has("label_emb.bias")) {
    c.class_embedding = UNetClassEmbedding::Continuous;
  } else if (r.has("label_emb.weight")) {
    const Shape& e = r.shape("label_emb.weight", 2);
    if (e[1] != ted) r.fail("label_emb.weight", "is not [num_classes, " + std::to_string(ted) + "]");
    c.class_embedding = UNetClassEmbedding::Classes;
    c.num_classes = e[0];
  }

  // Attention placement: every res block at a rate either has it or not.
  for (const auto& [rate, present] : attention_by_ds) {
    const bool any = std::find(present.begin(), present.end(), true) != present.end();
    const bool all = std::find(present.begin(), present.end(), false) == present.end();
    if (any && !all) {
      throw LoadError("UNet checkpoint: attention layers at downsampling rate " + std::to_string(rate) +
                      " are present in some res blocks only (num_attention_blocks is not detected from shapes)");
    }
    if (any) c.attention_resolutions.push_back(rate);
  }
  c.use_spatial_transformer = mid_attn.transformer;
  if (c.use_spatial_transformer) {
    // The majority decides; the first layer that disagrees with it is named.
    std::map<std::tuple<bool, int64_t, int64_t>, int> votes;
    for (const auto& t : transformer_layers) ++votes[{t.linear, t.depth, t.context_dim}];
    auto best = std::max_element(votes.begin(), votes.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; })->first;
    for (const auto& t : transformer_layers) {
      if (std::make_tuple(t.linear, t.depth, t.context_dim) != best) {
        r.fail(t.key, "disagrees with the other SpatialTransformers in projection type, depth or context width");
      }
    }
    c.use_linear_in_transformer = std::get<0>(best);
    c.transformer_depth = std::get<1>(best);
    c.context_dim = std::get<2>(best);
    c.disable_middle_self_attn = mid_attn.disable_self_attn;
    // disable_self_attentions per level (x4 upscaler): derived from the input side's layers.
    std::vector<bool> per_level;
    bool any_disabled = false;
    size_t t = 0;
    int64_t rate = 1;
    for (int64_t level = 0; level < L; ++level, rate *= 2) {
      bool dis = false;
      if (c.has_attention_at(rate)) {
        dis = transformer_layers[t].disable_self_attn;
        t += c.num_res_blocks[level];
      }
      per_level.push_back(dis);
      any_disabled = any_disabled || dis;
    }
    if (any_disabled) c.disable_self_attentions = per_level;
  }

  // Heads: the one thing shapes cannot tell. Defaults of the released configs, told apart by shape.
  if (c.use_spatial_transformer && c.use_linear_in_transformer) {
    c.num_head_channels = 64;  // SD 2.x: v2-inference*.yaml, v2-inpainting, v2-midas
    c.legacy = false;
  } else if (c.use_spatial_transformer && c.context_dim == 768) {
    c.num_heads = 8;  // SD 1.x: v1-inference.yaml
    c.legacy = false;
  } else if (c.use_spatial_transformer && c.context_dim == 1280) {
    c.num_heads = 8;  // LDM text-to-image: txt2img-1p4B-eval.yaml
    c.legacy = false;
  } else if (c.use_spatial_transformer && c.context_dim == 512 && mc == 192) {
    c.num_heads = 1;  // cin256-v2.yaml
  } else if (c.use_spatial_transformer) {
    c.num_head_channels = 32;  // cin256, layout2img-openimages256
  } else if (c.resblock_updown) {
    c.num_heads = 8;  // lsun_churches256, inpainting_big
  } else {
    c.num_head_channels = 32;  // lsun_beds256, celeba256, ffhq256, bsr_sr, semantic_synthesis
  }
  // A layout narrower than the released ones (fixtures, small models): the released default does not
  // divide its channels, so one head per layer (a config gives the real number).
  try {
    c.validate();
    c.plan();
  } catch (const LoadError&) {
    c.num_heads = 1;
    c.num_head_channels = -1;
  }
  if (heads) {
    if ((heads->num_heads > 0) == (heads->num_head_channels > 0)) {
      throw LoadError("UNet head override: set exactly one of num_heads and num_head_channels");
    }
    c.num_heads = heads->num_heads > 0 ? heads->num_heads : -1;
    c.num_head_channels = heads->num_head_channels > 0 ? heads->num_head_channels : -1;
  }
  c.validate();

  // Final check: the configuration must reproduce every tensor, name and shape.
  std::set<std::string> expected;
  for (const auto& [name, shape] : c.parameter_shapes()) {
    expected.insert(name);
    if (!w.contains(name)) throw LoadError("UNet checkpoint: missing tensor '" + name + "' for the detected layout");
    if (w.info(name).shape != shape) {
      r.fail(name, "does not match the detected layout (expected " + shape_str(shape) + ")");
    }
  }
  for (const auto& key : w.keys()) {
    if (!expected.count(key)) r.fail(key, "is not part of the detected UNet layout");
  }
  return c;
}

}  // namespace ldm
