#pragma once
// ldm.modules.encoders.modules.AbstractEncoder: the common face of the conditioning encoders
// (cond_stage_model) that turn token ids into the cross-attention context of the UNet.
// Tokenization lives in core/text/; these modules take the ids.
#include <torch/nn/module.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/io/state_dict.h"

namespace ldm {

// Vectors that take the place of token embeddings (textual inversion): in row `row` of the batch,
// positions offset .. offset + n - 1 get `vectors` [n, C] instead of their ids' token embeddings, before
// the position embeddings are added.
struct TokenEmbeddingFix {
  int64_t row = 0;
  int64_t offset = 0;
  at::Tensor vectors;
};

class ConditionEncoder : public torch::nn::Module {
 public:
  // tokens: int64 [B, L] (L <= max_length()); returns [B, L, context_dim()] in the module's dtype,
  // on the module's device (tokens may live anywhere).
  virtual at::Tensor encode(const at::Tensor& tokens) = 0;
  // encode() with the last `layers` transformer layers left out as well (A1111's "Clip skip" n leaves
  // out n - 1): CLIP and OpenCLIP encoders; RequestError for other encoders or too many layers.
  virtual at::Tensor encode_skipping(const at::Tensor& tokens, int64_t layers);
  // The token embeddings of `tokens` [B, L] -> [B, L, C], and the rest of the encoder from them (position
  // embeddings added, `layers` as in encode_skipping): encode_skipping(t, n) is
  // encode_embeddings(token_embeddings(t), n). CLIP and OpenCLIP; RequestError for other encoders.
  virtual at::Tensor token_embeddings(const at::Tensor& tokens);
  virtual at::Tensor encode_embeddings(const at::Tensor& embeddings, int64_t layers);
  // encode_skipping with some token embeddings replaced (TokenEmbeddingFix).
  at::Tensor encode_with_fixes(const at::Tensor& tokens, int64_t layers, const std::vector<TokenEmbeddingFix>& fixes);
  virtual int64_t context_dim() const = 0;
  // Sequence length the model was trained with (77 for the CLIP/BERT text encoders).
  virtual int64_t max_length() const = 0;
  // Loads the weights found under "cond_stage_model." (prefix already removed), with the
  // encoder's own rules for keys that are known to be unused at inference.
  virtual void load(const StateDict& cond_stage_weights) = 0;
};

// The encoder that cond_stage_config.target names (FrozenCLIPEmbedder, FrozenOpenCLIPEmbedder,
// BERTEmbedder, ClassEmbedder, SpatialRescaler), configured from its params and the optional root `text_encoder`
// key. LoadError for other targets.
std::shared_ptr<ConditionEncoder> make_condition_encoder(const nlohmann::json& cond_stage_config,
                                                         const nlohmann::json& text_encoder = nullptr);
// The same, recognised from tensor shapes alone (the weights under "cond_stage_model.").
std::shared_ptr<ConditionEncoder> make_condition_encoder(const StateDict& cond_stage_weights,
                                                         const nlohmann::json& text_encoder = nullptr);

namespace detail {

// Config reading helpers shared by the encoder config structs. `where` names the config node in
// error messages (e.g. "cond_stage_config.params").
int64_t json_int(const nlohmann::json& node, const char* key, int64_t fallback, const std::string& where);
double json_double(const nlohmann::json& node, const char* key, double fallback, const std::string& where);
std::string json_string(const nlohmann::json& node, const char* key, const std::string& fallback,
                        const std::string& where);
// `params` of a CompVis target node after checking that `target` ends with `class_name`.
const nlohmann::json& compvis_params(const nlohmann::json& cond_stage_config, const std::string& class_name);

// Shape of a checkpoint tensor with the expected rank, or a LoadError naming the key.
std::vector<int64_t> shape_of(const StateDict& weights, const std::string& key, size_t rank);
// Sizes of a text encoder's token and position embedding tables, whose widths must agree (a LoadError
// naming the position key when they do not).
struct EmbeddingTableSizes {
  int64_t vocab_size, width, positions;
};
EmbeddingTableSizes embedding_table_sizes(const StateDict& weights, const std::string& token_key,
                                          const std::string& position_key);
// Number of consecutive indices N for which prefix + N + suffix is a key.
int64_t count_indexed(const StateDict& weights, const std::string& prefix, const std::string& suffix);

// softmax(q k^T * scale + mask) v on [B, heads, L, d] tensors; mask is additive [L, L] or undefined.
at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, double scale,
                     const at::Tensor& mask);
// Additive causal mask [L, L]: 0 on and below the diagonal, -inf above.
at::Tensor causal_mask(int64_t length, const at::TensorOptions& options);

}  // namespace detail

}  // namespace ldm
