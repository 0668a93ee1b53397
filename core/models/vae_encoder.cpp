// ldm.modules.diffusionmodules.model.Encoder
#include "core/models/vae_encoder.h"

#include <torch/torch.h>

#include "core/nn/layers.h"

namespace ldm {

VaeEncoderImpl::VaeEncoderImpl(const AutoencoderConfig& c) {
  conv_in_ = register_module("conv_in", Conv2d(Conv2dOptions(c.in_channels, c.ch, 3).padding(1)));
  const size_t levels = c.ch_mult.size();
  torch::nn::ModuleList down;
  int64_t block_in = c.ch;
  for (size_t i = 0; i < levels; ++i) {
    const int64_t block_out = c.ch * c.ch_mult[i];
    torch::nn::ModuleList block, attn;
    blocks_.emplace_back();
    attns_.emplace_back();
    for (int64_t b = 0; b < c.num_res_blocks; ++b) {
      blocks_.back().push_back(VaeResnetBlock(block_in, block_out));
      block->push_back(blocks_.back().back());
      block_in = block_out;
      if (c.level_has_attention(i)) {
        attns_.back().push_back(VaeAttnBlock(block_in, c.attn_type));
        attn->push_back(attns_.back().back());
      }
    }
    auto level = std::make_shared<torch::nn::Module>();
    level->register_module("block", block);
    level->register_module("attn", attn);
    if (i + 1 != levels) {
      downsamples_.push_back(VaeDownsample(block_in, c.resamp_with_conv));
      level->register_module("downsample", downsamples_.back());
    }
    down->push_back(level);
  }
  register_module("down", down);

  auto mid = std::make_shared<torch::nn::Module>();
  mid_block_1_ = mid->register_module("block_1", VaeResnetBlock(block_in, block_in));
  mid_attn_1_ = mid->register_module("attn_1", VaeAttnBlock(block_in, c.attn_type));
  mid_block_2_ = mid->register_module("block_2", VaeResnetBlock(block_in, block_in));
  register_module("mid", mid);

  norm_out_ = register_module("norm_out", make_vae_norm(block_in));
  const int64_t z_out = c.double_z ? 2 * c.z_channels : c.z_channels;
  conv_out_ = register_module("conv_out", Conv2d(Conv2dOptions(block_in, z_out, 3).padding(1)));
}

at::Tensor VaeEncoderImpl::forward(const at::Tensor& x) {
  auto h = conv_in_(x);
  for (size_t i = 0; i < blocks_.size(); ++i) {
    for (size_t b = 0; b < blocks_[i].size(); ++b) {
      h = blocks_[i][b](h);
      if (!attns_[i].empty()) h = attns_[i][b](h);
    }
    if (i < downsamples_.size()) h = downsamples_[i](h);
  }
  h = mid_block_2_(mid_attn_1_(mid_block_1_(h)));
  return conv_out_(vae_group_norm(norm_out_, h, /*swish=*/true));
}

}  // namespace ldm
