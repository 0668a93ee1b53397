#pragma once
// ldm.modules.diffusionmodules.openaimodel.UNetModel (CompVis/latent-diffusion, with the
// Stability-AI/stablediffusion options): the diffusion network of the LDM zoo and of Stable
// Diffusion 1.x/2.x. Parameter names equal the checkpoint keys under model.diffusion_model.
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/pimpl.h>

#include "core/models/unet_config.h"
#include "core/nn/group_norm32.h"
#include "core/nn/timestep_embed_sequential.h"
#include "core/nn/layers.h"

namespace ldm {

class UNetModelImpl : public torch::nn::Module {
 public:
  explicit UNetModelImpl(const UNetConfig& config);

  // x [B, in_channels, H, W] (H, W divisible by 2^(levels-1)); timesteps [B] (int64 or float;
  // a single value is broadcast); context [B, M, context_dim] for cross-attention models, else
  // undefined; y: class labels [B] (int64) for num_classes models, [B, adm_in_channels] for
  // 'sequential', [B, 1] for 'continuous', else undefined. Computes in the parameters' dtype and
  // returns the dtype of x: [B, out_channels, H, W] (or [B, n_embed, H, W] codebook logits when
  // n_embed is set).
  at::Tensor forward(const at::Tensor& x, const at::Tensor& timesteps, const at::Tensor& context = {},
                     const at::Tensor& y = {});

  const UNetConfig& config() const { return config_; }
  c10::ScalarType dtype() const;

 private:
  UNetConfig config_;
  torch::nn::Sequential time_embed_{nullptr};
  torch::nn::Embedding label_classes_{nullptr};
  Linear label_continuous_{nullptr};
  torch::nn::Sequential label_sequential_{nullptr};
  torch::nn::ModuleList input_blocks_{nullptr};
  TimestepEmbedSequential middle_block_{nullptr};
  torch::nn::ModuleList output_blocks_{nullptr};
  std::vector<TimestepEmbedSequential> inputs_, outputs_;  // typed views of the two lists
  torch::nn::Sequential out_{nullptr};
  torch::nn::Sequential id_predictor_{nullptr};
};
TORCH_MODULE(UNetModel);

}  // namespace ldm
