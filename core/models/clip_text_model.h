#pragma once
// transformers.CLIPTextModel as ldm.modules.encoders.modules.FrozenCLIPEmbedder wraps it (Stable
// Diffusion 1.x): checkpoint keys cond_stage_model.transformer.text_model.*. The building blocks
// below mirror CLIPTextEmbeddings, CLIPAttention, CLIPMLP, CLIPEncoderLayer and CLIPTextTransformer.
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/normalization.h>

#include <memory>
#include <vector>

#include "core/models/text_encoder.h"
#include "core/nn/layers.h"

namespace ldm {

struct ClipTextConfig {
  int64_t vocab_size = 49408;
  int64_t width = 768;
  int64_t layers = 12;
  int64_t heads = 12;
  int64_t intermediate_size = 3072;
  int64_t max_positions = 77;
  double layer_norm_eps = 1e-5;
  bool quick_gelu = true;  // hidden_act: quick_gelu (all CLIP checkpoints) or gelu
  // 1 = last_hidden_state. n > 1: hidden state of layer -n, then final_layer_norm (A1111 "clip skip").
  int64_t clip_skip = 1;

  // openai/clip-vit-large-patch14, the SD 1.x text encoder.
  static ClipTextConfig vit_l14();
  // cond_stage_config: the CompVis node {target: ...FrozenCLIPEmbedder, params: {version, ...}}.
  // text_encoder: optional description of the architecture (the fixtures' root `text_encoder` key:
  // width, layers, heads, intermediate_size, max_position_embeddings, vocab_size, hidden_act,
  // layer_norm_eps), required when `version` names no known model.
  static ClipTextConfig from_compvis(const nlohmann::json& cond_stage_config,
                                     const nlohmann::json& text_encoder = nullptr);
  // From tensor shapes under cond_stage_model. (never reads data). Heads are not in the shapes:
  // text_encoder.heads when given, else width / 64 (ViT-L/14: 12).
  static ClipTextConfig from_state_dict(const StateDict& cond_stage_weights,
                                        const nlohmann::json& text_encoder = nullptr);
  // Overrides fields from a `text_encoder` description (null: no change).
  void apply(const nlohmann::json& text_encoder);
  void validate() const;  // LoadError on inconsistent values
};

// transformers CLIPAttention (q/k/v/out projections with bias).
class ClipAttention : public torch::nn::Module {
 public:
  ClipAttention(int64_t width, int64_t heads);
  at::Tensor forward(const at::Tensor& x, const at::Tensor& mask);

 private:
  int64_t heads_;
  Linear q_proj_{nullptr}, k_proj_{nullptr}, v_proj_{nullptr}, out_proj_{nullptr};
};

// transformers CLIPMLP: fc1 -> activation -> fc2.
class ClipMlp : public torch::nn::Module {
 public:
  ClipMlp(int64_t width, int64_t intermediate, bool quick_gelu);
  at::Tensor forward(const at::Tensor& x);

 private:
  bool quick_gelu_;
  Linear fc1_{nullptr}, fc2_{nullptr};
};

// transformers CLIPEncoderLayer (pre-norm residual block).
class ClipEncoderLayer : public torch::nn::Module {
 public:
  explicit ClipEncoderLayer(const ClipTextConfig& config);
  at::Tensor forward(const at::Tensor& x, const at::Tensor& mask);

 private:
  std::shared_ptr<ClipAttention> self_attn_;
  torch::nn::LayerNorm layer_norm1_{nullptr};
  std::shared_ptr<ClipMlp> mlp_;
  torch::nn::LayerNorm layer_norm2_{nullptr};
};

// transformers CLIPTextEmbeddings: token + absolute position embedding; position_ids is a
// persistent int64 buffer in SD 1.x checkpoints.
class ClipTextEmbeddings : public torch::nn::Module {
 public:
  explicit ClipTextEmbeddings(const ClipTextConfig& config);
  at::Tensor forward(const at::Tensor& tokens) { return forward_embeds(token_embeds(tokens)); }
  at::Tensor token_embeds(const at::Tensor& tokens) { return token_embedding_(tokens); }  // [B, L, C]
  // Token embeddings [B, L, C] + the position embeddings (the web UI's textual inversion replaces
  // token embeddings in between).
  at::Tensor forward_embeds(const at::Tensor& token_embeds);

 private:
  torch::nn::Embedding token_embedding_{nullptr}, position_embedding_{nullptr};
  at::Tensor position_ids_;  // [1, positions]
};

// transformers CLIPTextTransformer (text_model): embeddings, encoder.layers.N, final_layer_norm.
class ClipTextTransformer : public torch::nn::Module {
 public:
  explicit ClipTextTransformer(const ClipTextConfig& config);
  // Runs the first `layers_to_run` encoder layers, then final_layer_norm.
  at::Tensor forward(const at::Tensor& tokens, int64_t layers_to_run) {
    return forward_embeds(embeddings_->token_embeds(tokens), layers_to_run);
  }
  // The same from token embeddings [B, L, C].
  at::Tensor forward_embeds(const at::Tensor& token_embeds, int64_t layers_to_run);
  ClipTextEmbeddings& embeddings() { return *embeddings_; }

 private:
  std::shared_ptr<ClipTextEmbeddings> embeddings_;
  std::vector<std::shared_ptr<ClipEncoderLayer>> layers_;
  torch::nn::LayerNorm final_layer_norm_{nullptr};
};

// ldm FrozenCLIPEmbedder (layer "last") with the CLIPTextModel under "transformer".
class FrozenClipEmbedder : public ConditionEncoder {
 public:
  explicit FrozenClipEmbedder(const ClipTextConfig& config);
  at::Tensor encode(const at::Tensor& tokens) override { return encode_skipping(tokens, 0); }
  at::Tensor encode_skipping(const at::Tensor& tokens, int64_t layers) override;
  at::Tensor token_embeddings(const at::Tensor& tokens) override;
  at::Tensor encode_embeddings(const at::Tensor& embeddings, int64_t layers) override;
  int64_t context_dim() const override { return config_.width; }
  int64_t max_length() const override { return config_.max_positions; }
  // Tolerates checkpoints without position_ids (newer transformers) and float-stored ids.
  void load(const StateDict& cond_stage_weights) override;
  const ClipTextConfig& config() const { return config_; }

 private:
  ClipTextConfig config_;
  std::shared_ptr<ClipTextTransformer> text_model_;
};

}  // namespace ldm
