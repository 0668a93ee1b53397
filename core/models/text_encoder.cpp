// Helpers shared by the conditioning encoders (see text_encoder.h).
#include "core/models/text_encoder.h"

#include <torch/torch.h>

#include <limits>

#include "core/error.h"
#include "core/models/bert_embedder.h"
#include "core/models/class_embedder.h"
#include "core/models/clip_text_model.h"
#include "core/models/open_clip_text.h"
#include "core/models/spatial_rescaler.h"
#include "core/text/strings.h"

namespace ldm {

at::Tensor ConditionEncoder::encode_skipping(const at::Tensor& tokens, int64_t layers) {
  if (layers != 0) throw RequestError("clip skip applies to CLIP text encoders (Stable Diffusion); this model's has no layers to skip");
  return encode(tokens);
}

at::Tensor ConditionEncoder::token_embeddings(const at::Tensor&) {
  throw RequestError("textual-inversion embeddings need a CLIP text encoder (Stable Diffusion); this model's has none");
}

at::Tensor ConditionEncoder::encode_embeddings(const at::Tensor&, int64_t) {
  throw RequestError("textual-inversion embeddings need a CLIP text encoder (Stable Diffusion); this model's has none");
}

at::Tensor ConditionEncoder::encode_with_fixes(const at::Tensor& tokens, int64_t layers,
                                               const std::vector<TokenEmbeddingFix>& fixes) {
  if (fixes.empty()) return layers == 0 ? encode(tokens) : encode_skipping(tokens, layers);
  at::Tensor x = token_embeddings(tokens);  // [B, L, C]
  for (const auto& f : fixes) {
    TORCH_CHECK(f.vectors.dim() == 2 && f.vectors.size(1) == x.size(2) && f.row < x.size(0) &&
                    f.offset + f.vectors.size(0) <= x.size(1),
                "encode_with_fixes: a fix does not fit the token embeddings");
    x[f.row].narrow(0, f.offset, f.vectors.size(0)).copy_(f.vectors);  // [n, C]
  }
  return encode_embeddings(x, layers);
}

std::shared_ptr<ConditionEncoder> make_condition_encoder(const nlohmann::json& cond_stage_config,
                                                         const nlohmann::json& text_encoder) {
  const std::string target = detail::json_string(cond_stage_config, "target", "", "cond_stage_config");
  auto is = [&](const std::string& name) { return text::ends_with(target, "." + name); };
  if (is("FrozenCLIPEmbedder")) {
    return std::make_shared<FrozenClipEmbedder>(ClipTextConfig::from_compvis(cond_stage_config, text_encoder));
  }
  if (is("FrozenOpenCLIPEmbedder")) {
    return std::make_shared<FrozenOpenClipEmbedder>(OpenClipTextConfig::from_compvis(cond_stage_config, text_encoder));
  }
  if (is("BERTEmbedder")) {
    return std::make_shared<BertEmbedder>(BertEmbedderConfig::from_compvis(cond_stage_config, text_encoder));
  }
  if (is("ClassEmbedder")) {
    return std::make_shared<ClassEmbedder>(ClassEmbedderConfig::from_compvis(cond_stage_config));
  }
  if (is("SpatialRescaler")) {
    return std::make_shared<SpatialRescaler>(SpatialRescalerConfig::from_compvis(cond_stage_config));
  }
  throw LoadError("cond_stage_config.target '" + target +
                  "' is not a supported conditioning encoder (FrozenCLIPEmbedder, FrozenOpenCLIPEmbedder, "
                  "BERTEmbedder, ClassEmbedder, SpatialRescaler)");
}

std::shared_ptr<ConditionEncoder> make_condition_encoder(const StateDict& w, const nlohmann::json& text_encoder) {
  if (w.contains("transformer.text_model.embeddings.token_embedding.weight")) {
    return std::make_shared<FrozenClipEmbedder>(ClipTextConfig::from_state_dict(w, text_encoder));
  }
  if (w.contains("model.token_embedding.weight")) {
    return std::make_shared<FrozenOpenClipEmbedder>(OpenClipTextConfig::from_state_dict(w, text_encoder));
  }
  if (w.contains("transformer.token_emb.weight")) {
    return std::make_shared<BertEmbedder>(BertEmbedderConfig::from_state_dict(w, text_encoder));
  }
  if (w.contains("embedding.weight")) {
    return std::make_shared<ClassEmbedder>(ClassEmbedderConfig::from_state_dict(w));
  }
  if (w.contains("channel_mapper.weight")) {
    return std::make_shared<SpatialRescaler>(SpatialRescalerConfig::from_state_dict(w));
  }
  throw LoadError(
      "no known conditioning encoder under cond_stage_model. (looked for "
      "transformer.text_model.embeddings.token_embedding.weight, model.token_embedding.weight, "
      "transformer.token_emb.weight, embedding.weight); the checkpoint needs a config.yaml");
}

namespace detail {

namespace {

const nlohmann::json* find_key(const nlohmann::json& node, const char* key) {
  if (!node.is_object()) return nullptr;
  auto it = node.find(key);
  if (it == node.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

int64_t json_int(const nlohmann::json& node, const char* key, int64_t fallback, const std::string& where) {
  const nlohmann::json* v = find_key(node, key);
  if (!v) return fallback;
  if (!v->is_number_integer()) {
    throw LoadError(where + "." + key + " must be an integer (found " + v->dump() + "); fix the config");
  }
  return v->get<int64_t>();
}

double json_double(const nlohmann::json& node, const char* key, double fallback, const std::string& where) {
  const nlohmann::json* v = find_key(node, key);
  if (!v) return fallback;
  if (!v->is_number()) {
    throw LoadError(where + "." + key + " must be a number (found " + v->dump() + "); fix the config");
  }
  return v->get<double>();
}

std::string json_string(const nlohmann::json& node, const char* key, const std::string& fallback,
                        const std::string& where) {
  const nlohmann::json* v = find_key(node, key);
  if (!v) return fallback;
  if (!v->is_string()) {
    throw LoadError(where + "." + key + " must be a string (found " + v->dump() + "); fix the config");
  }
  return v->get<std::string>();
}

const nlohmann::json& compvis_params(const nlohmann::json& cond_stage_config, const std::string& class_name) {
  static const nlohmann::json empty = nlohmann::json::object();
  const std::string target = json_string(cond_stage_config, "target", "", "cond_stage_config");
  if (!text::ends_with(target, "." + class_name)) {
    throw LoadError("cond_stage_config.target is '" + target + "', expected a " + class_name +
                    "; use the config that belongs to this checkpoint");
  }
  auto it = cond_stage_config.find("params");
  if (it == cond_stage_config.end() || it->is_null()) return empty;
  if (!it->is_object()) throw LoadError("cond_stage_config.params must be a mapping; fix the config");
  return *it;
}

std::vector<int64_t> shape_of(const StateDict& weights, const std::string& key, size_t rank) {
  const TensorInfo& info = weights.info(key);  // throws LoadError naming the key
  if (info.shape.size() != rank) {
    throw LoadError("checkpoint tensor cond_stage_model." + key + " has shape " +
                    c10::str(c10::IntArrayRef(info.shape)) + ", expected " + std::to_string(rank) +
                    " dimensions; the text encoder weights are not of a supported kind");
  }
  return info.shape;
}

EmbeddingTableSizes embedding_table_sizes(const StateDict& weights, const std::string& token_key,
                                          const std::string& position_key) {
  const auto tok = shape_of(weights, token_key, 2);     // [vocab, width]
  const auto pos = shape_of(weights, position_key, 2);  // [positions, width]
  if (pos[1] != tok[1]) {
    throw LoadError("cond_stage_model." + position_key + " width " + std::to_string(pos[1]) +
                    " differs from the token embedding width " + std::to_string(tok[1]));
  }
  return {tok[0], tok[1], pos[0]};
}

int64_t count_indexed(const StateDict& weights, const std::string& prefix, const std::string& suffix) {
  int64_t n = 0;
  while (weights.contains(prefix + std::to_string(n) + suffix)) ++n;
  return n;
}

at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, double scale,
                     const at::Tensor& mask) {
  at::Tensor scores = at::matmul(q * scale, k.transpose(-2, -1));  // [B, heads, L, L]
  if (mask.defined()) scores = scores + mask;
  return at::matmul(at::softmax(scores, -1), v);  // [B, heads, L, d]
}

at::Tensor causal_mask(int64_t length, const at::TensorOptions& options) {
  return at::full({length, length}, -std::numeric_limits<float>::infinity(), options).triu(1);  // [L, L]
}

}  // namespace detail

}  // namespace ldm
