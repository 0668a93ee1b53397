#pragma once
// ldm.modules.encoders.modules.ClassEmbedder: nn.Embedding(n_classes, embed_dim) under
// cond_stage_model.embedding, for class-conditional models (cross-attention context [B, 1, D]).
#include <torch/nn/modules/embedding.h>

#include "core/models/text_encoder.h"

namespace ldm {

struct ClassEmbedderConfig {
  int64_t embed_dim = 512;
  int64_t n_classes = 1000;

  // cond_stage_config: {target: ...ClassEmbedder, params: {embed_dim, n_classes, key}}.
  static ClassEmbedderConfig from_compvis(const nlohmann::json& cond_stage_config);
  static ClassEmbedderConfig from_state_dict(const StateDict& cond_stage_weights);
  void validate() const;
};

class ClassEmbedder : public ConditionEncoder {
 public:
  explicit ClassEmbedder(const ClassEmbedderConfig& config);
  // tokens: class indices, int64 [B] or [B, 1]; returns [B, 1, embed_dim].
  at::Tensor encode(const at::Tensor& tokens) override;
  int64_t context_dim() const override { return config_.embed_dim; }
  int64_t max_length() const override { return 1; }
  void load(const StateDict& cond_stage_weights) override;
  const ClassEmbedderConfig& config() const { return config_; }

 private:
  ClassEmbedderConfig config_;
  torch::nn::Embedding embedding_{nullptr};
};

}  // namespace ldm
