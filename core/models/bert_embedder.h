#pragma once
// ldm.modules.encoders.modules.BERTEmbedder: ldm.modules.x_transformer.TransformerWrapper(num_tokens,
// max_seq_len, attn_layers=Encoder(dim, depth)) under cond_stage_model.transformer.*, returning the
// embeddings (after the final norm; to_logits is in the checkpoint but unused). Defaults of that
// vendored x-transformers that matter: pre-norm LayerNorm, absolute learned positions, 8 heads of
// dim_head 64 without bias on q/k/v, no mask, exact-GELU feed-forward (mult 4), layers ('a', 'f')
// alternating as attn_layers.layers.N = [norm, block, residual]. The LDM text-to-image model feeds it
// WordPiece ids, the layout model integer layout tokens (use_tokenizer False).
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/normalization.h>

#include <memory>
#include <vector>

#include "core/models/text_encoder.h"
#include "core/nn/layers.h"

namespace ldm {

struct BertEmbedderConfig {
  int64_t n_embed = 1280;
  int64_t n_layer = 32;
  int64_t vocab_size = 30522;
  int64_t max_seq_len = 77;
  int64_t heads = 8;      // x-transformers Attention default; BERTEmbedder never changes it
  int64_t dim_head = 64;  // DEFAULT_DIM_HEAD
  int64_t ff_mult = 4;
  bool use_tokenizer = true;

  // cond_stage_config: {target: ...BERTEmbedder, params: {n_embed, n_layer, vocab_size, max_seq_len,
  // use_tokenizer}}; text_encoder (optional): {heads, dim_head}.
  static BertEmbedderConfig from_compvis(const nlohmann::json& cond_stage_config,
                                         const nlohmann::json& text_encoder = nullptr);
  // From tensor shapes under cond_stage_model. (never reads data); heads 8 unless text_encoder.heads,
  // dim_head = to_q rows / heads.
  static BertEmbedderConfig from_state_dict(const StateDict& cond_stage_weights,
                                            const nlohmann::json& text_encoder = nullptr);
  void validate() const;
};

// x_transformer.Attention (self-attention, no mask, to_out with bias).
class XAttention : public torch::nn::Module {
 public:
  XAttention(int64_t dim, int64_t heads, int64_t dim_head);
  at::Tensor forward(const at::Tensor& x);

 private:
  int64_t heads_, dim_head_;
  Linear to_q_{nullptr}, to_k_{nullptr}, to_v_{nullptr}, to_out_{nullptr};
};

// x_transformer.FeedForward: net = [Sequential(Linear, GELU), Dropout, Linear].
class XFeedForward : public torch::nn::Module {
 public:
  XFeedForward(int64_t dim, int64_t mult);
  at::Tensor forward(const at::Tensor& x);

 private:
  Linear project_in_{nullptr}, project_out_{nullptr};
};

class BertEmbedder : public ConditionEncoder {
 public:
  explicit BertEmbedder(const BertEmbedderConfig& config);
  // tokens: WordPiece ids or layout tokens, [B, L] with L <= max_seq_len.
  at::Tensor encode(const at::Tensor& tokens) override;
  int64_t context_dim() const override { return config_.n_embed; }
  int64_t max_length() const override { return config_.max_seq_len; }
  // Ignores transformer.to_logits.* (the language-model head, unused for conditioning).
  void load(const StateDict& cond_stage_weights) override;
  const BertEmbedderConfig& config() const { return config_; }

 private:
  struct Layer {
    torch::nn::LayerNorm norm{nullptr};
    std::shared_ptr<XAttention> attn;      // even layers ('a')
    std::shared_ptr<XFeedForward> ff;      // odd layers ('f')
  };
  BertEmbedderConfig config_;
  torch::nn::Embedding token_emb_{nullptr}, pos_emb_{nullptr};
  std::vector<Layer> layers_;
  torch::nn::LayerNorm norm_{nullptr};
};

}  // namespace ldm
