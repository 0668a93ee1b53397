// transformers.CLIPTextModel (FrozenCLIPEmbedder, SD 1.x); see clip_text_model.h.
#include "core/models/clip_text_model.h"

#include <torch/torch.h>

#include <cmath>

#include "core/error.h"
#include "core/nn/load_weights.h"
#include "core/nn/layers.h"

namespace ldm {

namespace {

const char* kPrefix = "transformer.text_model.";

}  // namespace

ClipTextConfig ClipTextConfig::vit_l14() { return ClipTextConfig{}; }

void ClipTextConfig::apply(const nlohmann::json& te) {
  if (te.is_null()) return;
  if (!te.is_object()) throw LoadError("text_encoder must be a mapping; fix the config");
  const std::string where = "text_encoder";
  vocab_size = detail::json_int(te, "vocab_size", vocab_size, where);
  width = detail::json_int(te, "width", width, where);
  layers = detail::json_int(te, "layers", layers, where);
  heads = detail::json_int(te, "heads", heads, where);
  intermediate_size = detail::json_int(te, "intermediate_size", intermediate_size, where);
  max_positions = detail::json_int(te, "max_position_embeddings", max_positions, where);
  layer_norm_eps = detail::json_double(te, "layer_norm_eps", layer_norm_eps, where);
  const std::string act = detail::json_string(te, "hidden_act", quick_gelu ? "quick_gelu" : "gelu", where);
  if (act != "quick_gelu" && act != "gelu") {
    throw LoadError("text_encoder.hidden_act '" + act + "' is not supported (quick_gelu or gelu)");
  }
  quick_gelu = act == "quick_gelu";
  clip_skip = detail::json_int(te, "clip_skip", clip_skip, where);
}

void ClipTextConfig::validate() const {
  if (width <= 0 || layers <= 0 || heads <= 0 || vocab_size <= 0 || max_positions <= 0 || intermediate_size <= 0) {
    throw LoadError("CLIP text encoder config has a non-positive size; fix the config");
  }
  if (width % heads != 0) {
    throw LoadError("CLIP text encoder width " + std::to_string(width) + " is not divisible by heads " +
                    std::to_string(heads) + "; set text_encoder.heads");
  }
  if (clip_skip < 1 || clip_skip > layers) {
    throw RequestError("clip skip " + std::to_string(clip_skip) + " is out of range: use 1.." +
                       std::to_string(layers));
  }
}

ClipTextConfig ClipTextConfig::from_compvis(const nlohmann::json& cond_stage_config, const nlohmann::json& te) {
  const nlohmann::json& params = detail::compvis_params(cond_stage_config, "FrozenCLIPEmbedder");
  const std::string where = "cond_stage_config.params";
  const std::string version = detail::json_string(params, "version", "openai/clip-vit-large-patch14", where);
  const std::string layer = detail::json_string(params, "layer", "last", where);
  if (layer != "last") {
    throw LoadError(where + ".layer '" + layer + "' is not supported (only 'last'; use clip skip instead)");
  }
  ClipTextConfig c;
  if (version != "openai/clip-vit-large-patch14" && te.is_null()) {
    throw LoadError(where + ".version '" + version +
                    "' is not a known CLIP text model; describe it with a root text_encoder key");
  }
  c.max_positions = detail::json_int(params, "max_length", c.max_positions, where);
  c.apply(te);
  c.validate();
  return c;
}

ClipTextConfig ClipTextConfig::from_state_dict(const StateDict& w, const nlohmann::json& te) {
  const std::string p = kPrefix;
  ClipTextConfig c;
  const auto sizes = detail::embedding_table_sizes(w, p + "embeddings.token_embedding.weight",
                                                   p + "embeddings.position_embedding.weight");
  c.vocab_size = sizes.vocab_size;
  c.width = sizes.width;
  c.max_positions = sizes.positions;
  c.layers = detail::count_indexed(w, p + "encoder.layers.", ".self_attn.q_proj.weight");
  if (c.layers == 0) {
    throw LoadError("cond_stage_model." + p + "encoder.layers.0.self_attn.q_proj.weight is missing");
  }
  c.intermediate_size = detail::shape_of(w, p + "encoder.layers.0.mlp.fc1.weight", 2)[0];
  c.heads = c.width % 64 == 0 ? c.width / 64 : 0;  // ViT-L/14: 768 / 64 = 12
  c.apply(te);
  if (c.heads == 0) {
    throw LoadError("cannot infer the head count of a CLIP text encoder of width " + std::to_string(c.width) +
                    " (cond_stage_model." + p + "embeddings.token_embedding.weight); set text_encoder.heads");
  }
  c.validate();
  return c;
}

ClipAttention::ClipAttention(int64_t width, int64_t heads) : heads_(heads) {
  q_proj_ = register_module("q_proj", Linear(width, width));
  k_proj_ = register_module("k_proj", Linear(width, width));
  v_proj_ = register_module("v_proj", Linear(width, width));
  out_proj_ = register_module("out_proj", Linear(width, width));
}

at::Tensor ClipAttention::forward(const at::Tensor& x, const at::Tensor& mask) {
  const int64_t b = x.size(0), n = x.size(1), c = x.size(2), d = c / heads_;
  auto split = [&](const at::Tensor& t) { return t.view({b, n, heads_, d}).transpose(1, 2); };  // [B, heads, L, d]
  at::Tensor out = detail::attention(split(q_proj_(x)), split(k_proj_(x)), split(v_proj_(x)),
                                     1.0 / std::sqrt(static_cast<double>(d)), mask);
  out = out.transpose(1, 2).reshape({b, n, c});  // [B, L, C]
  return out_proj_(out);
}

ClipMlp::ClipMlp(int64_t width, int64_t intermediate, bool quick_gelu) : quick_gelu_(quick_gelu) {
  fc1_ = register_module("fc1", Linear(width, intermediate));
  fc2_ = register_module("fc2", Linear(intermediate, width));
}

at::Tensor ClipMlp::forward(const at::Tensor& x) {
  at::Tensor h = fc1_(x);
  h = quick_gelu_ ? h * torch::sigmoid(1.702 * h) : torch::gelu(h);
  return fc2_(h);
}

ClipEncoderLayer::ClipEncoderLayer(const ClipTextConfig& config) {
  auto ln = [&] {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width}).eps(config.layer_norm_eps));
  };
  self_attn_ = register_module("self_attn", std::make_shared<ClipAttention>(config.width, config.heads));
  layer_norm1_ = register_module("layer_norm1", ln());
  mlp_ = register_module("mlp", std::make_shared<ClipMlp>(config.width, config.intermediate_size, config.quick_gelu));
  layer_norm2_ = register_module("layer_norm2", ln());
}

at::Tensor ClipEncoderLayer::forward(const at::Tensor& x, const at::Tensor& mask) {
  at::Tensor h = x + self_attn_->forward(layer_norm1_(x), mask);
  return h + mlp_->forward(layer_norm2_(h));
}

ClipTextEmbeddings::ClipTextEmbeddings(const ClipTextConfig& config) {
  token_embedding_ = register_module("token_embedding", torch::nn::Embedding(config.vocab_size, config.width));
  position_embedding_ =
      register_module("position_embedding", torch::nn::Embedding(config.max_positions, config.width));
  position_ids_ = register_buffer("position_ids", torch::arange(config.max_positions, torch::kLong).unsqueeze(0));
}

at::Tensor ClipTextEmbeddings::forward_embeds(const at::Tensor& token_embeds) {
  const int64_t n = token_embeds.size(1);
  return token_embeds + position_embedding_(position_ids_.narrow(1, 0, n));  // [B, L, C]
}

ClipTextTransformer::ClipTextTransformer(const ClipTextConfig& config) {
  embeddings_ = register_module("embeddings", std::make_shared<ClipTextEmbeddings>(config));
  auto encoder = register_module("encoder", std::make_shared<torch::nn::Module>());
  torch::nn::ModuleList list;
  for (int64_t i = 0; i < config.layers; ++i) {
    layers_.push_back(std::make_shared<ClipEncoderLayer>(config));
    list->push_back(layers_.back());
  }
  encoder->register_module("layers", list);
  final_layer_norm_ = register_module(
      "final_layer_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width}).eps(config.layer_norm_eps)));
}

at::Tensor ClipTextTransformer::forward_embeds(const at::Tensor& token_embeds, int64_t layers_to_run) {
  at::Tensor x = embeddings_->forward_embeds(token_embeds);
  const at::Tensor mask = detail::causal_mask(x.size(1), x.options());
  for (int64_t i = 0; i < layers_to_run; ++i) x = layers_[i]->forward(x, mask);
  return final_layer_norm_(x);
}

FrozenClipEmbedder::FrozenClipEmbedder(const ClipTextConfig& config) : config_(config) {
  config_.validate();
  auto transformer = register_module("transformer", std::make_shared<torch::nn::Module>());
  text_model_ = transformer->register_module("text_model", std::make_shared<ClipTextTransformer>(config_));
}

at::Tensor FrozenClipEmbedder::encode_skipping(const at::Tensor& tokens, int64_t layers) {
  return encode_embeddings(token_embeddings(tokens), layers);
}

at::Tensor FrozenClipEmbedder::token_embeddings(const at::Tensor& tokens) {
  TORCH_CHECK(tokens.dim() == 2, "CLIP tokens must be [B, L]");
  if (tokens.size(1) > config_.max_positions) {
    throw RequestError("a CLIP token sequence has " + std::to_string(tokens.size(1)) + " ids, the model takes at most " +
                       std::to_string(config_.max_positions));
  }
  return text_model_->embeddings().token_embeds(tokens.to(parameters().front().device(), torch::kLong));
}

at::Tensor FrozenClipEmbedder::encode_embeddings(const at::Tensor& embeddings, int64_t layers) {
  TORCH_CHECK(embeddings.dim() == 3 && embeddings.size(2) == config_.width && embeddings.size(1) <= config_.max_positions,
              "CLIP token embeddings must be [B, L <= max_positions, width]");
  const int64_t run = config_.layers - (config_.clip_skip - 1) - layers;
  if (layers < 0 || run < 1)
    throw RequestError("clip skip " + std::to_string(config_.clip_skip + layers) + " is out of range: use 1.." +
                       std::to_string(config_.layers));
  return text_model_->forward_embeds(embeddings, run);
}

void FrozenClipEmbedder::load(const StateDict& cond_stage_weights) {
  StateDict w = cond_stage_weights;
  const std::string ids = std::string(kPrefix) + "embeddings.position_ids";
  if (!w.contains(ids)) {
    w.set(ids, torch::arange(config_.max_positions, torch::kLong).unsqueeze(0));
  } else if (dtype_is_float(w.info(ids).dtype)) {
    // Some converted checkpoints store the ids as (imprecise) floats: round instead of truncating.
    w.set(ids, w.get(ids).round().to(torch::kLong));
  }
  LoadOptions options;
  options.what = "CLIP text encoder";
  load_weights(*this, w, options);
}

}  // namespace ldm
