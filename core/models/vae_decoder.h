#pragma once
// ldm.modules.diffusionmodules.model.Decoder (first stage): conv_in, mid.{block_1, attn_1, block_2},
// up[i].{block (num_res_blocks+1), attn, upsample} run from the lowest resolution (up[n-1]) to up[0],
// norm_out, conv_out (optionally tanh; give_pre_end returns before norm_out).
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

class VaeDecoderImpl : public torch::nn::Module {
 public:
  explicit VaeDecoderImpl(const AutoencoderConfig& config);
  at::Tensor forward(const at::Tensor& z);

 private:
  bool give_pre_end_ = false, tanh_out_ = false;
  Conv2d conv_in_{nullptr}, conv_out_{nullptr};
  VaeResnetBlock mid_block_1_{nullptr}, mid_block_2_{nullptr};
  VaeAttnBlock mid_attn_1_{nullptr};
  // Indexed by level as in the checkpoint (up.0 = full resolution); forward runs them in reverse.
  std::vector<std::vector<VaeResnetBlock>> blocks_;
  std::vector<std::vector<VaeAttnBlock>> attns_;
  std::vector<VaeUpsample> upsamples_;  // up.<level>.upsample for level > 0 (entry 0 unused)
  torch::nn::GroupNorm norm_out_{nullptr};
};
TORCH_MODULE(VaeDecoder);

}  // namespace ldm
