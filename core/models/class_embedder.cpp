// ldm.modules.encoders.modules.ClassEmbedder; see class_embedder.h.
#include "core/models/class_embedder.h"

#include <torch/torch.h>

#include "core/error.h"
#include "core/nn/load_weights.h"

namespace ldm {

void ClassEmbedderConfig::validate() const {
  if (embed_dim <= 0 || n_classes <= 0) throw LoadError("ClassEmbedder config has a non-positive size; fix the config");
}

ClassEmbedderConfig ClassEmbedderConfig::from_compvis(const nlohmann::json& cond_stage_config) {
  const nlohmann::json& params = detail::compvis_params(cond_stage_config, "ClassEmbedder");
  const std::string where = "cond_stage_config.params";
  ClassEmbedderConfig c;
  c.embed_dim = detail::json_int(params, "embed_dim", -1, where);
  if (c.embed_dim < 0) throw LoadError(where + ".embed_dim is missing; fix the config");
  c.n_classes = detail::json_int(params, "n_classes", c.n_classes, where);
  c.validate();
  return c;
}

ClassEmbedderConfig ClassEmbedderConfig::from_state_dict(const StateDict& w) {
  auto shape = detail::shape_of(w, "embedding.weight", 2);
  ClassEmbedderConfig c;
  c.n_classes = shape[0];
  c.embed_dim = shape[1];
  c.validate();
  return c;
}

ClassEmbedder::ClassEmbedder(const ClassEmbedderConfig& config) : config_(config) {
  config_.validate();
  embedding_ = register_module("embedding", torch::nn::Embedding(config_.n_classes, config_.embed_dim));
}

at::Tensor ClassEmbedder::encode(const at::Tensor& tokens) {
  TORCH_CHECK(tokens.dim() == 1 || (tokens.dim() == 2 && tokens.size(1) == 1), "class ids must be [B] or [B, 1]");
  const at::Tensor ids = tokens.reshape({-1, 1}).to(embedding_->weight.device(), torch::kLong);  // [B, 1]
  if (ids.numel() > 0) {
    const int64_t lo = ids.min().item<int64_t>(), hi = ids.max().item<int64_t>();
    if (lo < 0 || hi >= config_.n_classes) {
      throw RequestError("class id " + std::to_string(lo < 0 ? lo : hi) + " is out of range: the model has " +
                         std::to_string(config_.n_classes) + " classes (0.." + std::to_string(config_.n_classes - 1) + ")");
    }
  }
  return embedding_(ids);  // [B, 1, D]
}

void ClassEmbedder::load(const StateDict& cond_stage_weights) {
  LoadOptions options;
  options.what = "class embedder";
  load_weights(*this, cond_stage_weights, options);
}

}  // namespace ldm
