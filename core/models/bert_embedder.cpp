// ldm.modules.encoders.modules.BERTEmbedder (x-transformers encoder); see bert_embedder.h.
#include "core/models/bert_embedder.h"

#include <torch/torch.h>

#include <cmath>

#include "core/error.h"
#include "core/nn/load_weights.h"
#include "core/nn/layers.h"

namespace ldm {

namespace {

const std::string kLayers = "transformer.attn_layers.layers.";

torch::nn::LayerNorm layer_norm(int64_t dim) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-5));
}

}  // namespace

void BertEmbedderConfig::validate() const {
  if (n_embed <= 0 || n_layer <= 0 || vocab_size <= 0 || max_seq_len <= 0 || heads <= 0 || dim_head <= 0 ||
      ff_mult <= 0) {
    throw LoadError("BERTEmbedder config has a non-positive size; fix the config");
  }
}

BertEmbedderConfig BertEmbedderConfig::from_compvis(const nlohmann::json& cond_stage_config,
                                                    const nlohmann::json& te) {
  const nlohmann::json& params = detail::compvis_params(cond_stage_config, "BERTEmbedder");
  const std::string where = "cond_stage_config.params";
  BertEmbedderConfig c;
  auto required = [&](const char* key) {
    const int64_t v = detail::json_int(params, key, -1, where);
    if (v < 0) throw LoadError(where + "." + key + " is missing; fix the config");
    return v;
  };
  c.n_embed = required("n_embed");
  c.n_layer = required("n_layer");
  c.vocab_size = detail::json_int(params, "vocab_size", 30522, where);
  c.max_seq_len = detail::json_int(params, "max_seq_len", 77, where);
  if (params.contains("use_tokenizer") && !params["use_tokenizer"].is_null()) {
    if (!params["use_tokenizer"].is_boolean()) throw LoadError(where + ".use_tokenizer must be true or false");
    c.use_tokenizer = params["use_tokenizer"].get<bool>();
  }
  c.heads = detail::json_int(te, "heads", c.heads, "text_encoder");
  c.dim_head = detail::json_int(te, "dim_head", c.dim_head, "text_encoder");
  c.validate();
  return c;
}

BertEmbedderConfig BertEmbedderConfig::from_state_dict(const StateDict& w, const nlohmann::json& te) {
  BertEmbedderConfig c;
  auto tok = detail::shape_of(w, "transformer.token_emb.weight", 2);
  auto pos = detail::shape_of(w, "transformer.pos_emb.emb.weight", 2);
  c.vocab_size = tok[0];
  c.n_embed = tok[1];
  c.max_seq_len = pos[0];
  if (pos[1] != c.n_embed) {
    throw LoadError("cond_stage_model.transformer.pos_emb.emb.weight width " + std::to_string(pos[1]) +
                    " differs from the token embedding width " + std::to_string(c.n_embed));
  }
  const int64_t n = detail::count_indexed(w, kLayers, ".0.weight");
  if (n == 0 || n % 2 != 0) {
    throw LoadError("cond_stage_model." + kLayers + "N.0.weight: found " + std::to_string(n) +
                    " layers, a BERTEmbedder has an even number (attention, feed-forward) of them");
  }
  for (int64_t i = 0; i < n; ++i) {
    const std::string key = kLayers + std::to_string(i) + (i % 2 == 0 ? ".1.to_q.weight" : ".1.net.0.0.weight");
    if (!w.contains(key)) {
      throw LoadError("cond_stage_model." + key + " is missing: not the attention/feed-forward layout of a BERTEmbedder");
    }
  }
  c.n_layer = n / 2;
  c.use_tokenizer = c.vocab_size == 30522;  // bert-base-uncased WordPiece; layout tokens otherwise
  const int64_t inner = detail::shape_of(w, kLayers + "0.1.to_q.weight", 2)[0];
  c.heads = detail::json_int(te, "heads", c.heads, "text_encoder");
  if (inner % c.heads != 0) {
    throw LoadError("cond_stage_model." + kLayers + "0.1.to_q.weight has " + std::to_string(inner) +
                    " rows, not a multiple of " + std::to_string(c.heads) + " heads; set text_encoder.heads");
  }
  c.dim_head = inner / c.heads;
  const int64_t hidden = detail::shape_of(w, kLayers + "1.1.net.0.0.weight", 2)[0];
  if (hidden % c.n_embed != 0) {
    throw LoadError("cond_stage_model." + kLayers + "1.1.net.0.0.weight has " + std::to_string(hidden) +
                    " rows, not a multiple of the width " + std::to_string(c.n_embed));
  }
  c.ff_mult = hidden / c.n_embed;
  c.validate();
  return c;
}

XAttention::XAttention(int64_t dim, int64_t heads, int64_t dim_head) : heads_(heads), dim_head_(dim_head) {
  const int64_t inner = heads * dim_head;
  to_q_ = register_module("to_q", Linear(LinearOptions(dim, inner).bias(false)));
  to_k_ = register_module("to_k", Linear(LinearOptions(dim, inner).bias(false)));
  to_v_ = register_module("to_v", Linear(LinearOptions(dim, inner).bias(false)));
  to_out_ = register_module("to_out", Linear(inner, dim));
}

at::Tensor XAttention::forward(const at::Tensor& x) {
  const int64_t b = x.size(0), n = x.size(1);
  auto split = [&](const at::Tensor& t) { return t.view({b, n, heads_, dim_head_}).transpose(1, 2); };  // [B, h, L, d]
  at::Tensor out = detail::attention(split(to_q_(x)), split(to_k_(x)), split(to_v_(x)),
                                     1.0 / std::sqrt(static_cast<double>(dim_head_)), at::Tensor());
  out = out.transpose(1, 2).reshape({b, n, heads_ * dim_head_});  // [B, L, h*d]
  return to_out_(out);
}

XFeedForward::XFeedForward(int64_t dim, int64_t mult) {
  auto net = register_module("net", std::make_shared<torch::nn::Module>());
  auto project_in = net->register_module("0", std::make_shared<torch::nn::Module>());
  project_in_ = project_in->register_module("0", Linear(dim, dim * mult));
  // net.0.1 is the GELU, net.1 the Dropout: parameter-free slots.
  project_out_ = net->register_module("2", Linear(dim * mult, dim));
}

at::Tensor XFeedForward::forward(const at::Tensor& x) { return project_out_(torch::gelu(project_in_(x))); }

BertEmbedder::BertEmbedder(const BertEmbedderConfig& config) : config_(config) {
  config_.validate();
  const int64_t dim = config_.n_embed;
  auto transformer = register_module("transformer", std::make_shared<torch::nn::Module>());
  token_emb_ = transformer->register_module("token_emb", torch::nn::Embedding(config_.vocab_size, dim));
  auto pos_emb = transformer->register_module("pos_emb", std::make_shared<torch::nn::Module>());
  pos_emb_ = pos_emb->register_module("emb", torch::nn::Embedding(config_.max_seq_len, dim));
  auto attn_layers = transformer->register_module("attn_layers", std::make_shared<torch::nn::Module>());
  torch::nn::ModuleList list;
  for (int64_t i = 0; i < 2 * config_.n_layer; ++i) {
    Layer layer;
    torch::nn::ModuleList slots;  // [norm, block, residual (parameter-free, not registered)]
    layer.norm = layer_norm(dim);
    slots->push_back(layer.norm);
    if (i % 2 == 0) {
      layer.attn = std::make_shared<XAttention>(dim, config_.heads, config_.dim_head);
      slots->push_back(layer.attn);
    } else {
      layer.ff = std::make_shared<XFeedForward>(dim, config_.ff_mult);
      slots->push_back(layer.ff);
    }
    list->push_back(slots);
    layers_.push_back(layer);
  }
  attn_layers->register_module("layers", list);
  norm_ = transformer->register_module("norm", layer_norm(dim));
}

at::Tensor BertEmbedder::encode(const at::Tensor& tokens) {
  TORCH_CHECK(tokens.dim() == 2, "BERTEmbedder tokens must be [B, L]");
  const int64_t n = tokens.size(1);
  if (n > config_.max_seq_len) {
    throw RequestError("a token sequence has " + std::to_string(n) + " ids, the BERTEmbedder takes at most " +
                       std::to_string(config_.max_seq_len));
  }
  const at::Tensor ids = tokens.to(token_emb_->weight.device(), torch::kLong);
  at::Tensor x = token_emb_(ids) + pos_emb_(torch::arange(n, ids.options())).unsqueeze(0);  // [B, L, C]
  for (Layer& layer : layers_) {
    const at::Tensor h = layer.norm(x);
    x = x + (layer.attn ? layer.attn->forward(h) : layer.ff->forward(h));
  }
  return norm_(x);
}

void BertEmbedder::load(const StateDict& cond_stage_weights) {
  LoadOptions options;
  options.what = "BERTEmbedder";
  options.ignore_unexpected = {"transformer.to_logits."};
  load_weights(*this, cond_stage_weights, options);
}

}  // namespace ldm
