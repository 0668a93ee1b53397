#pragma once
// ldm.modules.encoders.modules.FrozenOpenCLIPEmbedder (Stable Diffusion 2.x): the open_clip text
// tower (open_clip CLIP minus .visual) under cond_stage_model.model.*, run through
// encode_with_transformer: token + positional embedding, resblocks with a causal mask (all of them
// for layer "last", all but the last for "penultimate"), then ln_final. ResidualAttentionBlock is
// mirrored by OpenClipResidualBlock below.
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/normalization.h>

#include <memory>
#include <vector>

#include "core/models/text_encoder.h"
#include "core/nn/layers.h"

namespace ldm {

struct OpenClipTextConfig {
  int64_t vocab_size = 49408;
  int64_t width = 1024;
  int64_t layers = 24;
  int64_t heads = 16;
  int64_t mlp_width = 4096;  // mlp_ratio * width
  int64_t context_length = 77;
  int64_t embed_dim = 1024;  // text_projection columns (unused by the embedder, but in the file)
  double layer_norm_eps = 1e-5;
  // Resblocks left out at the end: 0 for layer "last", 1 for "penultimate" (every SD 2.x config).
  int64_t skip_last_layers = 1;

  static OpenClipTextConfig vit_h14();   // SD 2.x
  static OpenClipTextConfig vit_bigg14();  // open_clip ViT-bigG-14 text tower
  // cond_stage_config: {target: ...FrozenOpenCLIPEmbedder, params: {arch, version, layer, max_length}}.
  // text_encoder: optional architecture description (the fixtures' root `text_encoder` key: width,
  // layers, heads, mlp_ratio, context_length, embed_dim, vocab_size, layer_norm_eps), required when
  // `arch` names no known model.
  static OpenClipTextConfig from_compvis(const nlohmann::json& cond_stage_config,
                                         const nlohmann::json& text_encoder = nullptr);
  // From tensor shapes under cond_stage_model. (never reads data); layer "penultimate" as SD 2.x.
  // Heads: text_encoder.heads when given, else width / 64 (ViT-H/14: 16).
  static OpenClipTextConfig from_state_dict(const StateDict& cond_stage_weights,
                                            const nlohmann::json& text_encoder = nullptr);
  void apply(const nlohmann::json& text_encoder);
  void validate() const;
};

// open_clip.transformer.ResidualAttentionBlock: ln_1, attn (nn.MultiheadAttention with the fused
// in_proj = [q; k; v]), ln_2, mlp (c_fc, GELU, c_proj).
class OpenClipResidualBlock : public torch::nn::Module {
 public:
  explicit OpenClipResidualBlock(const OpenClipTextConfig& config);
  at::Tensor forward(const at::Tensor& x, const at::Tensor& mask);

 private:
  int64_t heads_;
  torch::nn::LayerNorm ln_1_{nullptr}, ln_2_{nullptr};
  at::Tensor in_proj_weight_, in_proj_bias_;  // [3C, C], [3C]
  Linear out_proj_{nullptr}, c_fc_{nullptr}, c_proj_{nullptr};
};

class FrozenOpenClipEmbedder : public ConditionEncoder {
 public:
  explicit FrozenOpenClipEmbedder(const OpenClipTextConfig& config);
  at::Tensor encode(const at::Tensor& tokens) override { return encode_skipping(tokens, 0); }
  at::Tensor encode_skipping(const at::Tensor& tokens, int64_t layers) override;
  at::Tensor token_embeddings(const at::Tensor& tokens) override;
  at::Tensor encode_embeddings(const at::Tensor& embeddings, int64_t layers) override;
  int64_t context_dim() const override { return config_.width; }
  int64_t max_length() const override { return config_.context_length; }
  // logit_scale is stored as [] or [1] depending on the writer: the module takes the file's shape.
  void load(const StateDict& cond_stage_weights) override;
  const OpenClipTextConfig& config() const { return config_; }

 private:
  OpenClipTextConfig config_;
  torch::nn::Embedding token_embedding_{nullptr};
  at::Tensor positional_embedding_;  // [context_length, C]
  std::vector<std::shared_ptr<OpenClipResidualBlock>> resblocks_;
  torch::nn::LayerNorm ln_final_{nullptr};
  at::Tensor text_projection_, logit_scale_;  // unused by the embedder
};

}  // namespace ldm
