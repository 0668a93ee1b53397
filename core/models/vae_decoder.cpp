// ldm.modules.diffusionmodules.model.Decoder
#include "core/models/vae_decoder.h"

#include <torch/torch.h>

#include "core/runtime/cancel.h"
#include "core/nn/layers.h"

namespace ldm {

VaeDecoderImpl::VaeDecoderImpl(const AutoencoderConfig& c) : give_pre_end_(c.give_pre_end), tanh_out_(c.tanh_out) {
  const size_t levels = c.ch_mult.size();
  int64_t block_in = c.ch * c.ch_mult.back();
  conv_in_ = register_module("conv_in", Conv2d(Conv2dOptions(c.z_channels, block_in, 3).padding(1)));

  auto mid = std::make_shared<torch::nn::Module>();
  mid_block_1_ = mid->register_module("block_1", VaeResnetBlock(block_in, block_in));
  mid_attn_1_ = mid->register_module("attn_1", VaeAttnBlock(block_in, c.attn_type));
  mid_block_2_ = mid->register_module("block_2", VaeResnetBlock(block_in, block_in));
  register_module("mid", mid);

  // Built from the lowest resolution up (channel counts chain that way), registered as up.0..up.n-1.
  blocks_.resize(levels);
  attns_.resize(levels);
  upsamples_.resize(levels, VaeUpsample(nullptr));
  std::vector<std::shared_ptr<torch::nn::Module>> level_modules(levels);
  for (size_t li = levels; li-- > 0;) {
    const int64_t block_out = c.ch * c.ch_mult[li];
    torch::nn::ModuleList block, attn;
    for (int64_t b = 0; b < c.num_res_blocks + 1; ++b) {
      blocks_[li].push_back(VaeResnetBlock(block_in, block_out));
      block->push_back(blocks_[li].back());
      block_in = block_out;
      if (c.level_has_attention(li)) {
        attns_[li].push_back(VaeAttnBlock(block_in, c.attn_type));
        attn->push_back(attns_[li].back());
      }
    }
    auto level = std::make_shared<torch::nn::Module>();
    level->register_module("block", block);
    level->register_module("attn", attn);
    if (li != 0) {
      upsamples_[li] = VaeUpsample(block_in, c.resamp_with_conv);
      level->register_module("upsample", upsamples_[li]);
    }
    level_modules[li] = level;
  }
  torch::nn::ModuleList up;
  for (auto& m : level_modules) up->push_back(m);
  register_module("up", up);

  norm_out_ = register_module("norm_out", make_vae_norm(block_in));
  conv_out_ = register_module("conv_out", Conv2d(Conv2dOptions(block_in, c.out_ch, 3).padding(1)));
}

at::Tensor VaeDecoderImpl::forward(const at::Tensor& z) {
  auto h = conv_in_(z);
  h = mid_block_2_(mid_attn_1_(mid_block_1_(h)));
  for (size_t li = blocks_.size(); li-- > 0;) {
    for (size_t b = 0; b < blocks_[li].size(); ++b) {
      throw_if_cancelled();  // a 512x512 decode takes tens of seconds on a CPU
      h = blocks_[li][b](h);
      if (!attns_[li].empty()) h = attns_[li][b](h);
    }
    if (li != 0) h = upsamples_[li](h);
  }
  if (give_pre_end_) return h;
  h = conv_out_(vae_group_norm(norm_out_, h, /*swish=*/true));
  return tanh_out_ ? at::tanh(h) : h;
}

}  // namespace ldm
