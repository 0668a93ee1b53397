#include "core/nn/spatial_transformer.h"

#include <torch/torch.h>

#include "core/nn/basic_transformer_block.h"
#include "core/nn/layers.h"

namespace ldm {

SpatialTransformerImpl::SpatialTransformerImpl(const SpatialTransformerOptions& options_) : options(options_) {
  reset();
}

void SpatialTransformerImpl::reset() {
  namespace nn = torch::nn;
  const int64_t c = options.in_channels, inner = options.n_heads * options.d_head;
  norm_ = register_module("norm", GroupNorm32(32, c, 1e-6));
  if (options.use_linear) {
    proj_in_linear_ = register_module("proj_in", Linear(c, inner));
  } else {
    proj_in_conv_ = register_module("proj_in", Conv2d(Conv2dOptions(c, inner, 1)));
  }
  transformer_blocks_ = register_module("transformer_blocks", nn::ModuleList());
  for (int64_t d = 0; d < options.depth; ++d) {
    transformer_blocks_->push_back(BasicTransformerBlock(inner, options.n_heads, options.d_head, options.context_dim,
                                                         options.disable_self_attn, options.dropout));
  }
  if (options.use_linear) {
    // The reference declares Linear(in_channels, inner_dim) here (weight [inner, in]); it is only
    // well-formed when in_channels == inner_dim, which every released config satisfies.
    TORCH_CHECK(c == inner, "SpatialTransformer(use_linear): in_channels ", c, " != heads*d_head ", inner);
    proj_out_linear_ = register_module("proj_out", Linear(c, inner));
  } else {
    proj_out_conv_ = register_module("proj_out", Conv2d(Conv2dOptions(inner, c, 1)));
  }
}

at::Tensor SpatialTransformerImpl::forward(const at::Tensor& x_in, const at::Tensor& context) {
  const int64_t b = x_in.size(0), h = x_in.size(2), w = x_in.size(3);
  at::Tensor x = norm_->forward(x_in);
  if (!options.use_linear) x = proj_in_conv_->forward(x);  // [B, inner, H, W]
  const int64_t c = x.size(1);
  x = x.permute({0, 2, 3, 1}).reshape({b, h * w, c});  // [B, HW, C]
  if (options.use_linear) x = proj_in_linear_->forward(x);  // [B, HW, inner]
  for (const auto& block : *transformer_blocks_) {
    x = block->as<BasicTransformerBlockImpl>()->forward(x, context);
  }
  if (options.use_linear) x = proj_out_linear_->forward(x);  // [B, HW, C]
  // [B, C, H, W] in x_in's memory format: with channels_last weights (LatentDiffusion::set_channels_last)
  // the [B, HW, C] rows already are that layout, so nothing is copied.
  x = x.reshape({b, h, w, x.size(2)}).permute({0, 3, 1, 2}).contiguous(x_in.suggest_memory_format());
  if (!options.use_linear) x = proj_out_conv_->forward(x);
  return x + x_in;
}

}  // namespace ldm
