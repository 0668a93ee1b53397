#pragma once
// ldm.modules.diffusionmodules.model.Encoder (first stage): conv_in, down[i].{block, attn, downsample},
// mid.{block_1, attn_1, block_2}, norm_out, conv_out (2*z_channels outputs when double_z).
#include <torch/nn/module.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <vector>

#include "core/models/autoencoder_config.h"
#include "core/models/vae_attn_block.h"
#include "core/models/vae_resnet_block.h"
#include "core/models/vae_sampling.h"
#include "core/nn/layers.h"

namespace ldm {

class VaeEncoderImpl : public torch::nn::Module {
 public:
  explicit VaeEncoderImpl(const AutoencoderConfig& config);
  at::Tensor forward(const at::Tensor& x);

 private:
  Conv2d conv_in_{nullptr}, conv_out_{nullptr};
  std::vector<std::vector<VaeResnetBlock>> blocks_;  // down.<level>.block.<i>
  std::vector<std::vector<VaeAttnBlock>> attns_;     // down.<level>.attn.<i> (empty when no attention)
  std::vector<VaeDownsample> downsamples_;           // down.<level>.downsample (all but the last level)
  VaeResnetBlock mid_block_1_{nullptr}, mid_block_2_{nullptr};
  VaeAttnBlock mid_attn_1_{nullptr};
  torch::nn::GroupNorm norm_out_{nullptr};
};
TORCH_MODULE(VaeEncoder);

}  // namespace ldm
