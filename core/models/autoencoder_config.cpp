// Config of ldm.models.autoencoder.AutoencoderKL / VQModel(Interface) (+ Encoder/Decoder ddconfig).
#include "core/models/autoencoder_config.h"

#include <torch/torch.h>

#include <algorithm>
#include <string>

#include "core/error.h"
#include "core/io/state_dict.h"
#include "core/text/strings.h"

namespace ldm {

namespace {

using text::ends_with;

int64_t get_int(const nlohmann::json& node, const char* key, int64_t fallback, const std::string& where) {
  if (!node.contains(key) || node.at(key).is_null()) return fallback;
  const auto& v = node.at(key);
  if (!v.is_number_integer()) throw LoadError(where + "." + key + " must be an integer in the autoencoder config");
  return v.get<int64_t>();
}

bool get_bool(const nlohmann::json& node, const char* key, bool fallback, const std::string& where) {
  if (!node.contains(key) || node.at(key).is_null()) return fallback;
  const auto& v = node.at(key);
  if (!v.is_boolean()) throw LoadError(where + "." + key + " must be true or false in the autoencoder config");
  return v.get<bool>();
}

std::vector<int64_t> get_int_list(const nlohmann::json& node, const char* key, std::vector<int64_t> fallback,
                                  const std::string& where) {
  if (!node.contains(key) || node.at(key).is_null()) return fallback;
  const auto& v = node.at(key);
  if (!v.is_array()) throw LoadError(where + "." + key + " must be a list of integers in the autoencoder config");
  std::vector<int64_t> out;
  for (const auto& e : v) {
    if (!e.is_number_integer()) throw LoadError(where + "." + key + " must be a list of integers in the autoencoder config");
    out.push_back(e.get<int64_t>());
  }
  return out;
}

// Shape of `key`, which must have `rank` dimensions (LoadError naming the key otherwise; a missing
// key is reported by StateDict::info).
const std::vector<int64_t>& shape_of(const StateDict& w, const std::string& key, size_t rank) {
  const auto& s = w.info(key).shape;
  if (s.size() != rank) {
    throw LoadError("autoencoder tensor " + key + " has shape " + c10::str(c10::IntArrayRef(s)) + ", expected " +
                    std::to_string(rank) + " dimensions: this is not a CompVis first-stage autoencoder");
  }
  return s;
}

[[noreturn]] void bad_shape(const StateDict& w, const std::string& key, const std::string& why) {
  throw LoadError("autoencoder tensor " + key + " has an unexpected shape " +
                  c10::str(c10::IntArrayRef(w.info(key).shape)) + " (" + why + ")");
}

}  // namespace

int64_t AutoencoderConfig::downsampling_factor() const {
  return int64_t{1} << (ch_mult.empty() ? 0 : ch_mult.size() - 1);
}

bool AutoencoderConfig::level_has_attention(size_t level) const {
  const int64_t res = level_resolution(level);
  for (auto r : attn_resolutions)
    if (r == res) return true;
  return false;
}

int64_t AutoencoderConfig::decode_peak_bytes(int64_t batch, int64_t h, int64_t w, int64_t element_bytes) const {
  // In channel-pixels of one sample at the current resolution (`area` pixels), as the decoder goes.
  // A convolution (oneDNN on the CPU) holds beyond its input a reordered copy of it and its output
  // twice (blocked, then plain): `ci + 2 co` (measured on SD's decoder: 8 copies of a 128-channel
  // full-resolution tensor at its peak, the first ResNet block of the last level).
  int64_t area = h * w, peak = 0;
  auto note = [&](int64_t channel_pixels, int64_t extra_bytes) {
    peak = std::max(peak, channel_pixels * batch * element_bytes + extra_bytes);
  };
  // norm, q, k, v stay until the block returns; scores [B, HW, HW] scaled, then softmax (two at a time);
  // then the product with v and the 1x1 output projection beside the scores.
  auto attention = [&](int64_t c) {
    if (attn_type == "none") return;
    const int64_t scores = batch * area * area * element_bytes;
    note(6 * c * area, 2 * scores);
    note(9 * c * area, scores);
  };
  // The input stays (for the shortcut) through conv1 on SiLU(norm1), conv2 on SiLU(norm2) beside
  // conv1's output, and the shortcut's convolution where the channels change.
  auto resnet = [&](int64_t ci, int64_t co) {
    const int64_t shortcut = ci != co ? ci + 3 * co : 2 * co;
    note(ci * area + std::max({2 * ci + 2 * co, 5 * co, shortcut}) * area, 0);
  };
  if (is_vq()) note(0, 2 * batch * area * n_embed * element_bytes);  // codebook distances and their argmin
  int64_t c = ch * (ch_mult.empty() ? 1 : ch_mult.back());
  note((2 * z_channels + 2 * c) * area, 0);  // conv_in
  resnet(c, c);
  attention(c);
  resnet(c, c);
  for (size_t li = ch_mult.size(); li-- > 0;) {
    const int64_t out = ch * ch_mult[li];
    for (int64_t b = 0; b < num_res_blocks + 1; ++b) {
      resnet(c, out);
      c = out;
      if (level_has_attention(li)) attention(c);
    }
    if (li != 0) {
      note(c * area + 4 * c * 4 * area, 0);  // the input; its nearest copy and the convolution
      area *= 4;
    }
  }
  note((3 * c + 2 * out_ch) * area, 0);  // the input, norm_out with SiLU, conv_out
  return peak;
}

void AutoencoderConfig::validate() const {
  auto fail = [](const std::string& m) { throw LoadError("invalid autoencoder config: " + m); };
  if (ch <= 0 || ch % 32 != 0) fail("ch must be a positive multiple of 32 (GroupNorm uses 32 groups), got " + std::to_string(ch));
  if (ch_mult.empty()) fail("ch_mult is empty");
  for (auto m : ch_mult)
    if (m <= 0) fail("ch_mult entries must be positive");
  if (num_res_blocks <= 0) fail("num_res_blocks must be positive");
  if (z_channels <= 0 || embed_dim <= 0 || in_channels <= 0 || out_ch <= 0) fail("channel counts must be positive");
  if (attn_type != "vanilla" && attn_type != "vanilla-xformers" && attn_type != "none")
    fail("attn_type '" + attn_type + "' is not supported (vanilla, none)");
  if (kind == Kind::KL && !double_z) fail("AutoencoderKL needs double_z: true");
  if (kind == Kind::VQ && double_z) fail("VQModel needs double_z: false");
  if (kind == Kind::VQ && n_embed <= 0) fail("VQModel needs n_embed > 0");
}

AutoencoderConfig AutoencoderConfig::from_compvis(const nlohmann::json& fsc, double scale_factor) {
  if (!fsc.is_object() || !fsc.contains("target") || !fsc.at("target").is_string())
    throw LoadError("first_stage_config has no target: expected ldm.models.autoencoder.AutoencoderKL or VQModelInterface");
  const std::string target = fsc.at("target").get<std::string>();
  AutoencoderConfig c;
  if (ends_with(target, ".AutoencoderKL")) {
    c.kind = Kind::KL;
  } else if (ends_with(target, ".VQModelInterface") || ends_with(target, ".VQModel")) {
    c.kind = Kind::VQ;
  } else {
    throw LoadError("unsupported first stage model '" + target +
                    "': expected ldm.models.autoencoder.AutoencoderKL, VQModel or VQModelInterface");
  }
  const nlohmann::json empty = nlohmann::json::object();
  const auto& params = fsc.contains("params") ? fsc.at("params") : empty;
  if (!params.contains("ddconfig")) throw LoadError("first_stage_config.params has no ddconfig");
  const auto& dd = params.at("ddconfig");
  const std::string p = "first_stage_config.params", d = p + ".ddconfig";
  c.embed_dim = get_int(params, "embed_dim", -1, p);
  if (c.embed_dim <= 0) throw LoadError("first_stage_config.params.embed_dim is missing");
  if (c.kind == Kind::VQ) {
    c.n_embed = get_int(params, "n_embed", -1, p);
    if (c.n_embed <= 0) throw LoadError("first_stage_config.params.n_embed is missing (VQModel codebook size)");
    if (params.contains("remap") && params.at("remap").is_string()) c.remap = params.at("remap").get<std::string>();
  }
  c.ch = get_int(dd, "ch", c.ch, d);
  c.ch_mult = get_int_list(dd, "ch_mult", {1, 2, 4, 8}, d);
  c.num_res_blocks = get_int(dd, "num_res_blocks", -1, d);
  if (c.num_res_blocks <= 0) throw LoadError(d + ".num_res_blocks is missing");
  c.attn_resolutions = get_int_list(dd, "attn_resolutions", {}, d);
  c.z_channels = get_int(dd, "z_channels", -1, d);
  if (c.z_channels <= 0) throw LoadError(d + ".z_channels is missing");
  c.double_z = get_bool(dd, "double_z", true, d);
  c.in_channels = get_int(dd, "in_channels", 3, d);
  c.out_ch = get_int(dd, "out_ch", 3, d);
  c.resolution = get_int(dd, "resolution", 256, d);
  c.resamp_with_conv = get_bool(dd, "resamp_with_conv", true, d);
  c.give_pre_end = get_bool(dd, "give_pre_end", false, d);
  c.tanh_out = get_bool(dd, "tanh_out", false, d);
  if (dd.contains("attn_type") && dd.at("attn_type").is_string()) c.attn_type = dd.at("attn_type").get<std::string>();
  if (get_bool(dd, "use_linear_attn", false, d))
    throw LoadError("autoencoders with use_linear_attn are not supported (attn_type vanilla or none)");
  c.scale_factor = scale_factor;
  c.validate();
  return c;
}

AutoencoderConfig AutoencoderConfig::from_compvis_model(const nlohmann::json& config) {
  const nlohmann::json& model = config.contains("model") ? config.at("model") : config;
  if (!model.contains("params") || !model.at("params").contains("first_stage_config"))
    throw LoadError("config has no model.params.first_stage_config: not a CompVis LatentDiffusion config");
  const auto& params = model.at("params");
  double scale = 1.0;
  if (params.contains("scale_factor") && params.at("scale_factor").is_number())
    scale = params.at("scale_factor").get<double>();
  return from_compvis(params.at("first_stage_config"), scale);
}

AutoencoderConfig AutoencoderConfig::from_state_dict(const StateDict& w) {
  AutoencoderConfig c;
  c.kind = w.contains("quantize.embedding.weight") ? Kind::VQ : Kind::KL;
  c.resolution = 256;

  const auto& conv_in = shape_of(w, "encoder.conv_in.weight", 4);
  c.ch = conv_in[0];
  c.in_channels = conv_in[1];
  if (c.ch % 32 != 0) bad_shape(w, "encoder.conv_in.weight", "channel count must be a multiple of 32");

  // Levels: encoder.down.<i>.block.0 for i = 0, 1, ...
  size_t levels = 0;
  while (w.contains("encoder.down." + std::to_string(levels) + ".block.0.conv1.weight")) ++levels;
  if (levels == 0) w.info("encoder.down.0.block.0.conv1.weight");  // throws naming the key
  int64_t blocks = 0;
  while (w.contains("encoder.down.0.block." + std::to_string(blocks) + ".conv1.weight")) ++blocks;
  c.num_res_blocks = blocks;
  c.ch_mult.clear();
  c.attn_resolutions.clear();
  for (size_t i = 0; i < levels; ++i) {
    const std::string pre = "encoder.down." + std::to_string(i);
    const std::string key = pre + ".block.0.conv2.weight";
    const int64_t out = shape_of(w, key, 4)[0];
    if (out % c.ch != 0) bad_shape(w, key, "not a multiple of ch = " + std::to_string(c.ch));
    c.ch_mult.push_back(out / c.ch);
    if (!w.contains(pre + ".block." + std::to_string(blocks - 1) + ".conv1.weight") ||
        w.contains(pre + ".block." + std::to_string(blocks) + ".conv1.weight"))
      throw LoadError("autoencoder level " + pre + " does not have num_res_blocks = " + std::to_string(blocks) +
                      " blocks like encoder.down.0");
    if (w.contains(pre + ".attn.0.q.weight")) c.attn_resolutions.push_back(c.resolution >> i);
  }
  if (levels > 1 && !w.contains("encoder.down.0.downsample.conv.weight")) c.resamp_with_conv = false;
  // The decoder must mirror the encoder's attention levels.
  for (size_t i = 0; i < levels; ++i) {
    const bool dec_attn = w.contains("decoder.up." + std::to_string(i) + ".attn.0.q.weight");
    if (dec_attn != c.level_has_attention(i))
      throw LoadError("autoencoder attention layout differs between encoder.down." + std::to_string(i) +
                      " and decoder.up." + std::to_string(i) + ": unsupported checkpoint");
  }
  c.attn_type = w.contains("encoder.mid.attn_1.q.weight") ? "vanilla" : "none";

  const auto& enc_out = shape_of(w, "encoder.conv_out.weight", 4);
  const auto& dec_in = shape_of(w, "decoder.conv_in.weight", 4);
  c.z_channels = dec_in[1];
  if (enc_out[0] == 2 * c.z_channels) {
    c.double_z = true;
  } else if (enc_out[0] == c.z_channels) {
    c.double_z = false;
  } else {
    bad_shape(w, "encoder.conv_out.weight", "expected z_channels or 2*z_channels outputs, z_channels = " +
                                                std::to_string(c.z_channels) + " from decoder.conv_in.weight");
  }
  c.out_ch = shape_of(w, "decoder.conv_out.weight", 4)[0];

  const auto& pq = shape_of(w, "post_quant_conv.weight", 4);
  if (pq[0] != c.z_channels) bad_shape(w, "post_quant_conv.weight", "outputs must equal z_channels");
  c.embed_dim = pq[1];
  const auto& qc = shape_of(w, "quant_conv.weight", 4);
  if (c.kind == Kind::KL) {
    if (!c.double_z) bad_shape(w, "encoder.conv_out.weight", "a KL autoencoder needs double_z (2*z_channels outputs)");
    if (qc[0] != 2 * c.embed_dim || qc[1] != 2 * c.z_channels)
      bad_shape(w, "quant_conv.weight", "expected [2*embed_dim, 2*z_channels, 1, 1]");
  } else {
    if (c.double_z) bad_shape(w, "encoder.conv_out.weight", "a VQ autoencoder has z_channels outputs");
    if (qc[0] != c.embed_dim || qc[1] != c.z_channels)
      bad_shape(w, "quant_conv.weight", "expected [embed_dim, z_channels, 1, 1]");
    const auto& emb = shape_of(w, "quantize.embedding.weight", 2);
    if (emb[1] != c.embed_dim) bad_shape(w, "quantize.embedding.weight", "expected [n_embed, embed_dim]");
    c.n_embed = emb[0];
  }
  c.validate();
  return c;
}

}  // namespace ldm
