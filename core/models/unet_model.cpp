#include "core/models/unet_model.h"

#include <torch/torch.h>

#include "core/runtime/cancel.h"

#include "core/nn/timestep_embedding.h"
#include "core/nn/layers.h"

namespace ldm {

namespace {

using Kind = UNetLayerPlan::Kind;

TimestepEmbedSequential build_block(const UNetBlockPlan& plan, const UNetConfig& c) {
  namespace nn = torch::nn;
  TimestepEmbedSequential block;
  for (const auto& l : plan) {
    switch (l.kind) {
      case Kind::Conv:
        block->push_back(Conv2d(Conv2dOptions(l.in_channels, l.out_channels, 3).padding(1)));
        break;
      case Kind::ResBlock: {
        ResBlockOptions o;
        o.channels = l.in_channels;
        o.out_channels = l.out_channels;
        o.emb_channels = c.time_embed_dim();
        o.use_scale_shift_norm = c.use_scale_shift_norm;
        o.up = l.up;
        o.down = l.down;
        o.dropout = c.dropout;
        block->push_back(ResBlock(o));
        break;
      }
      case Kind::AttentionBlock: {
        AttentionBlockOptions o;
        o.channels = l.in_channels;
        o.num_heads = l.heads;
        o.use_new_attention_order = c.use_new_attention_order;
        block->push_back(AttentionBlock(o));
        break;
      }
      case Kind::SpatialTransformer: {
        SpatialTransformerOptions o;
        o.in_channels = l.in_channels;
        o.n_heads = l.heads;
        o.d_head = l.dim_head;
        o.depth = c.transformer_depth;
        o.context_dim = c.context_dim;
        o.disable_self_attn = l.disable_self_attn;
        o.use_linear = c.use_linear_in_transformer;
        o.dropout = c.dropout;
        block->push_back(SpatialTransformer(o));
        break;
      }
      case Kind::Downsample:
        block->push_back(Downsample(l.in_channels, l.use_conv, l.out_channels));
        break;
      case Kind::Upsample:
        block->push_back(Upsample(l.in_channels, l.use_conv, l.out_channels));
        break;
    }
  }
  return block;
}

}  // namespace

UNetModelImpl::UNetModelImpl(const UNetConfig& config) : config_(config) {
  namespace nn = torch::nn;
  const UNetPlan plan = config_.plan();  // validates
  const int64_t mc = config_.model_channels, ted = config_.time_embed_dim();

  // Registration order follows the reference constructor.
  time_embed_ = register_module("time_embed", nn::Sequential(Linear(mc, ted), nn::SiLU(), Linear(ted, ted)));
  switch (config_.class_embedding) {
    case UNetClassEmbedding::None: break;
    case UNetClassEmbedding::Classes:
      label_classes_ = register_module("label_emb", nn::Embedding(config_.num_classes, ted));
      break;
    case UNetClassEmbedding::Continuous:
      label_continuous_ = register_module("label_emb", Linear(1, ted));
      break;
    case UNetClassEmbedding::Sequential:
      // label_emb.0.{0,2}: a Sequential inside a Sequential in the reference. The outer one is a
      // plain module here, because nn::Sequential(nn::Sequential(...)) is the holder's copy
      // constructor, not a nesting (it named the keys label_emb.0.weight).
      label_sequential_ = register_module("label_emb", std::make_shared<torch::nn::Module>())
                              ->register_module("0", nn::Sequential(Linear(config_.adm_in_channels, ted),
                                                                    nn::SiLU(), Linear(ted, ted)));
      break;
  }
  input_blocks_ = register_module("input_blocks", nn::ModuleList());
  for (const auto& b : plan.input_blocks) {
    inputs_.push_back(build_block(b, config_));
    input_blocks_->push_back(inputs_.back().ptr());
  }
  middle_block_ = register_module("middle_block", build_block(plan.middle_block, config_));
  output_blocks_ = register_module("output_blocks", nn::ModuleList());
  for (const auto& b : plan.output_blocks) {
    outputs_.push_back(build_block(b, config_));
    output_blocks_->push_back(outputs_.back().ptr());
  }
  out_ = register_module("out", nn::Sequential(normalization(mc), nn::SiLU(),
                                               Conv2d(Conv2dOptions(mc, config_.out_channels, 3).padding(1))));
  if (config_.n_embed > 0) {
    id_predictor_ = register_module(
        "id_predictor", nn::Sequential(normalization(mc), Conv2d(Conv2dOptions(mc, config_.n_embed, 1))));
  }
}

c10::ScalarType UNetModelImpl::dtype() const {
  return time_embed_->named_parameters().begin()->value().scalar_type();
}

at::Tensor UNetModelImpl::forward(const at::Tensor& x, const at::Tensor& timesteps_in, const at::Tensor& context_in,
                                  const at::Tensor& y) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == config_.in_channels, "UNetModel: x must be [B, ", config_.in_channels,
              ", H, W], got ", x.sizes());
  const bool class_conditional = config_.class_embedding != UNetClassEmbedding::None;
  TORCH_CHECK(y.defined() == class_conditional,
              "UNetModel: class labels y must be given if and only if the model is class-conditional");
  const int64_t batch = x.size(0);
  at::Tensor timesteps = timesteps_in.reshape({-1});
  if (timesteps.numel() == 1 && batch != 1) timesteps = timesteps.expand({batch});
  TORCH_CHECK(timesteps.size(0) == batch, "UNetModel: ", timesteps.size(0), " timesteps for a batch of ", batch);

  const c10::ScalarType dt = dtype();
  at::Tensor emb = time_embed_->forward(timestep_embedding(timesteps.to(x.device()), config_.model_channels).to(dt));
  if (class_conditional) {
    TORCH_CHECK(y.size(0) == batch, "UNetModel: y must have one row per batch element");
    switch (config_.class_embedding) {
      case UNetClassEmbedding::Classes: emb = emb + label_classes_->forward(y.to(at::kLong)); break;
      case UNetClassEmbedding::Continuous: emb = emb + label_continuous_->forward(y.to(dt)); break;
      case UNetClassEmbedding::Sequential: emb = emb + label_sequential_->forward(y.to(dt)); break;
      case UNetClassEmbedding::None: break;
    }
  }
  at::Tensor context = context_in.defined() ? context_in.to(dt) : context_in;

  at::Tensor h = x.to(dt);
  if (config_.coord_channels > 0) {
    // x and y ramps over the input (pixel centres from -1 to 1), the same for every batch element.
    const auto opts = h.options();
    const int64_t H = h.size(2), W = h.size(3);
    const at::Tensor xs = (at::arange(W, opts) + 0.5) * (2.0 / static_cast<double>(W)) - 1.0;
    const at::Tensor ys = (at::arange(H, opts) + 0.5) * (2.0 / static_cast<double>(H)) - 1.0;
    const at::Tensor grid = at::stack({xs.view({1, W}).expand({H, W}), ys.view({H, 1}).expand({H, W})});  // [2, H, W]
    h = at::cat({h, grid.unsqueeze(0).expand({batch, 2, H, W})}, 1);
  }
  std::vector<at::Tensor> hs;
  hs.reserve(inputs_.size());
  for (auto& block : inputs_) {
    throw_if_cancelled();  // one full-size step takes a minute on a CPU: cancel between blocks
    h = block->forward(h, emb, context);
    hs.push_back(h);
  }
  h = middle_block_->forward(h, emb, context);
  for (auto& block : outputs_) {
    h = at::cat({h, hs.back()}, 1);  // [B, C + C_skip, H, W]
    hs.pop_back();
    throw_if_cancelled();
    h = block->forward(h, emb, context);
  }
  at::Tensor out = config_.n_embed > 0 ? id_predictor_->forward(h) : out_->forward(h);
  return out.to(x.scalar_type());
}

}  // namespace ldm
