// ldm FrozenOpenCLIPEmbedder (open_clip text tower, SD 2.x); see open_clip_text.h.
#include "core/models/open_clip_text.h"

#include <torch/torch.h>

#include <cmath>

#include "core/error.h"
#include "core/nn/load_weights.h"
#include "core/nn/layers.h"

namespace ldm {

namespace {

const char* kPrefix = "model.";

}  // namespace

OpenClipTextConfig OpenClipTextConfig::vit_h14() { return OpenClipTextConfig{}; }

OpenClipTextConfig OpenClipTextConfig::vit_bigg14() {
  OpenClipTextConfig c;
  c.width = 1280;
  c.layers = 32;
  c.heads = 20;
  c.mlp_width = 5120;
  c.embed_dim = 1280;
  return c;
}

void OpenClipTextConfig::apply(const nlohmann::json& te) {
  if (te.is_null()) return;
  if (!te.is_object()) throw LoadError("text_encoder must be a mapping; fix the config");
  const std::string where = "text_encoder";
  vocab_size = detail::json_int(te, "vocab_size", vocab_size, where);
  const int64_t ratio = mlp_width / width;
  width = detail::json_int(te, "width", width, where);
  mlp_width = detail::json_int(te, "mlp_ratio", ratio, where) * width;
  layers = detail::json_int(te, "layers", layers, where);
  heads = detail::json_int(te, "heads", heads, where);
  context_length = detail::json_int(te, "context_length", context_length, where);
  embed_dim = detail::json_int(te, "embed_dim", embed_dim, where);
  layer_norm_eps = detail::json_double(te, "layer_norm_eps", layer_norm_eps, where);
  const std::string act = detail::json_string(te, "act", "gelu", where);
  if (act != "gelu") throw LoadError("text_encoder.act '" + act + "' is not supported (gelu)");
}

void OpenClipTextConfig::validate() const {
  if (width <= 0 || layers <= 0 || heads <= 0 || vocab_size <= 0 || context_length <= 0 || mlp_width <= 0 ||
      embed_dim <= 0) {
    throw LoadError("OpenCLIP text encoder config has a non-positive size; fix the config");
  }
  if (width % heads != 0) {
    throw LoadError("OpenCLIP text encoder width " + std::to_string(width) + " is not divisible by heads " +
                    std::to_string(heads) + "; set text_encoder.heads");
  }
  if (skip_last_layers < 0 || skip_last_layers >= layers) {
    throw LoadError("OpenCLIP text encoder cannot skip " + std::to_string(skip_last_layers) + " of " +
                    std::to_string(layers) + " layers");
  }
}

OpenClipTextConfig OpenClipTextConfig::from_compvis(const nlohmann::json& cond_stage_config,
                                                    const nlohmann::json& te) {
  const nlohmann::json& params = detail::compvis_params(cond_stage_config, "FrozenOpenCLIPEmbedder");
  const std::string where = "cond_stage_config.params";
  const std::string arch = detail::json_string(params, "arch", "ViT-H-14", where);
  const std::string layer = detail::json_string(params, "layer", "last", where);
  OpenClipTextConfig c;
  if (arch == "ViT-bigG-14") {
    c = vit_bigg14();
  } else if (arch != "ViT-H-14" && te.is_null()) {
    throw LoadError(where + ".arch '" + arch + "' is not a known OpenCLIP model; describe it with a root text_encoder key");
  }
  if (layer == "last") {
    c.skip_last_layers = 0;
  } else if (layer == "penultimate") {
    c.skip_last_layers = 1;
  } else {
    throw LoadError(where + ".layer '" + layer + "' is not supported (last or penultimate)");
  }
  c.context_length = detail::json_int(params, "max_length", c.context_length, where);
  c.apply(te);
  c.validate();
  return c;
}

OpenClipTextConfig OpenClipTextConfig::from_state_dict(const StateDict& w, const nlohmann::json& te) {
  const std::string p = kPrefix;
  OpenClipTextConfig c;
  const auto sizes = detail::embedding_table_sizes(w, p + "token_embedding.weight", p + "positional_embedding");
  c.vocab_size = sizes.vocab_size;
  c.width = sizes.width;
  c.context_length = sizes.positions;
  c.layers = detail::count_indexed(w, p + "transformer.resblocks.", ".attn.in_proj_weight");
  if (c.layers < 2) {
    throw LoadError("cond_stage_model." + p + "transformer.resblocks.N.attn.in_proj_weight: found " +
                    std::to_string(c.layers) + " blocks, an OpenCLIP text encoder needs at least 2");
  }
  c.mlp_width = detail::shape_of(w, p + "transformer.resblocks.0.mlp.c_fc.weight", 2)[0];
  c.embed_dim = detail::shape_of(w, p + "text_projection", 2)[1];
  c.heads = c.width % 64 == 0 ? c.width / 64 : 0;  // ViT-H/14: 1024 / 64 = 16
  const int64_t mlp = c.mlp_width;
  c.apply(te);
  c.mlp_width = mlp;  // the shapes are authoritative
  if (c.heads == 0) {
    throw LoadError("cannot infer the head count of an OpenCLIP text encoder of width " + std::to_string(c.width) +
                    " (cond_stage_model." + p + "token_embedding.weight); set text_encoder.heads");
  }
  c.validate();
  return c;
}

OpenClipResidualBlock::OpenClipResidualBlock(const OpenClipTextConfig& config) : heads_(config.heads) {
  const int64_t c = config.width;
  auto ln = [&] { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({c}).eps(config.layer_norm_eps)); };
  ln_1_ = register_module("ln_1", ln());
  auto attn = register_module("attn", std::make_shared<torch::nn::Module>());
  in_proj_weight_ = attn->register_parameter("in_proj_weight", torch::zeros({3 * c, c}));
  in_proj_bias_ = attn->register_parameter("in_proj_bias", torch::zeros({3 * c}));
  out_proj_ = attn->register_module("out_proj", Linear(c, c));
  ln_2_ = register_module("ln_2", ln());
  auto mlp = register_module("mlp", std::make_shared<torch::nn::Module>());
  c_fc_ = mlp->register_module("c_fc", Linear(c, config.mlp_width));
  // mlp.gelu (parameter-free) sits between c_fc and c_proj.
  c_proj_ = mlp->register_module("c_proj", Linear(config.mlp_width, c));
}

at::Tensor OpenClipResidualBlock::forward(const at::Tensor& x, const at::Tensor& mask) {
  const int64_t b = x.size(0), n = x.size(1), c = x.size(2), d = c / heads_;
  const at::Tensor qkv = at::linear(ln_1_(x), in_proj_weight_, in_proj_bias_);  // [B, L, 3C]
  auto head = [&](int64_t i) {
    return qkv.narrow(2, i * c, c).view({b, n, heads_, d}).transpose(1, 2);  // [B, heads, L, d]
  };
  at::Tensor a = detail::attention(head(0), head(1), head(2), 1.0 / std::sqrt(static_cast<double>(d)), mask);
  a = a.transpose(1, 2).reshape({b, n, c});  // [B, L, C]
  at::Tensor h = x + out_proj_(a);
  return h + c_proj_(torch::gelu(c_fc_(ln_2_(h))));
}

FrozenOpenClipEmbedder::FrozenOpenClipEmbedder(const OpenClipTextConfig& config) : config_(config) {
  config_.validate();
  const int64_t c = config_.width;
  auto model = register_module("model", std::make_shared<torch::nn::Module>());
  token_embedding_ = model->register_module("token_embedding", torch::nn::Embedding(config_.vocab_size, c));
  positional_embedding_ = model->register_parameter("positional_embedding", torch::zeros({config_.context_length, c}));
  auto transformer = model->register_module("transformer", std::make_shared<torch::nn::Module>());
  torch::nn::ModuleList list;
  for (int64_t i = 0; i < config_.layers; ++i) {
    resblocks_.push_back(std::make_shared<OpenClipResidualBlock>(config_));
    list->push_back(resblocks_.back());
  }
  transformer->register_module("resblocks", list);
  ln_final_ = model->register_module(
      "ln_final", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c}).eps(config_.layer_norm_eps)));
  text_projection_ = model->register_parameter("text_projection", torch::zeros({c, config_.embed_dim}));
  logit_scale_ = model->register_parameter("logit_scale", torch::zeros({}));
}

at::Tensor FrozenOpenClipEmbedder::encode_skipping(const at::Tensor& tokens, int64_t layers) {
  return encode_embeddings(token_embeddings(tokens), layers);
}

at::Tensor FrozenOpenClipEmbedder::token_embeddings(const at::Tensor& tokens) {
  TORCH_CHECK(tokens.dim() == 2, "OpenCLIP tokens must be [B, L]");
  const int64_t n = tokens.size(1);
  if (n > config_.context_length) {
    throw RequestError("an OpenCLIP token sequence has " + std::to_string(n) + " ids, the model takes at most " +
                       std::to_string(config_.context_length));
  }
  return token_embedding_(tokens.to(positional_embedding_.device(), torch::kLong));  // [B, L, C]
}

at::Tensor FrozenOpenClipEmbedder::encode_embeddings(const at::Tensor& embeddings, int64_t layers) {
  TORCH_CHECK(embeddings.dim() == 3 && embeddings.size(2) == config_.width &&
                  embeddings.size(1) <= config_.context_length,
              "OpenCLIP token embeddings must be [B, L <= context_length, width]");
  const int64_t n = embeddings.size(1);
  at::Tensor x = embeddings + positional_embedding_.narrow(0, 0, n);  // [B, L, C]
  const at::Tensor mask = detail::causal_mask(n, x.options());
  const int64_t run = config_.layers - config_.skip_last_layers - layers;
  if (layers < 0 || run < 1)
    throw RequestError("clip skip " + std::to_string(layers + 1) + " is out of range: use 1.." +
                       std::to_string(config_.layers - config_.skip_last_layers));
  for (int64_t i = 0; i < run; ++i) x = resblocks_[i]->forward(x, mask);
  return ln_final_(x);
}

void FrozenOpenClipEmbedder::load(const StateDict& cond_stage_weights) {
  const std::string scale = std::string(kPrefix) + "logit_scale";
  if (cond_stage_weights.contains(scale)) {
    const TensorInfo& info = cond_stage_weights.info(scale);
    if (info.numel() == 1) {
      torch::NoGradGuard no_grad;
      logit_scale_.set_data(torch::zeros(info.shape, logit_scale_.options()));
    }
  }
  LoadOptions options;
  options.what = "OpenCLIP text encoder";
  options.ignore_unexpected = {std::string(kPrefix) + "attn_mask"};  // a buffer in some open_clip versions
  load_weights(*this, cond_stage_weights, options);
}

}  // namespace ldm
