#pragma once
// ldm.models.autoencoder.AutoencoderKL: encoder, quant_conv (2*z -> 2*embed_dim), the
// DiagonalGaussianDistribution posterior, post_quant_conv (embed_dim -> z), decoder.

#include "core/models/first_stage.h"
#include "core/models/vae_decoder.h"
#include "core/models/vae_encoder.h"
#include "core/nn/layers.h"

namespace ldm {

class AutoencoderKL : public FirstStageModel {
 public:
  explicit AutoencoderKL(const AutoencoderConfig& config);

  FirstStageEncoding encode(const at::Tensor& image) override;
  at::Tensor decode(const at::Tensor& z) override;
  // quant_conv(encoder(x)) = cat(mean, logvar unclamped) [B, 2*embed_dim, h, w]
  at::Tensor moments(const at::Tensor& image);

  VaeEncoder encoder{nullptr};
  VaeDecoder decoder{nullptr};
  Conv2d quant_conv{nullptr}, post_quant_conv{nullptr};
};

}  // namespace ldm
