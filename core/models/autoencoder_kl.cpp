// ldm.models.autoencoder.AutoencoderKL
#include "core/models/autoencoder_kl.h"

#include <torch/torch.h>

#include "core/nn/layers.h"

namespace ldm {

AutoencoderKL::AutoencoderKL(const AutoencoderConfig& c) : FirstStageModel(c) {
  TORCH_CHECK(c.is_kl() && c.double_z, "AutoencoderKL needs a KL config with double_z");
  encoder = register_module("encoder", VaeEncoder(c));
  decoder = register_module("decoder", VaeDecoder(c));
  quant_conv = register_module("quant_conv", Conv2d(Conv2dOptions(2 * c.z_channels, 2 * c.embed_dim, 1)));
  post_quant_conv = register_module("post_quant_conv", Conv2d(Conv2dOptions(c.embed_dim, c.z_channels, 1)));
}

at::Tensor AutoencoderKL::moments(const at::Tensor& image) { return quant_conv(encoder(image)); }

FirstStageEncoding AutoencoderKL::encode(const at::Tensor& image) {
  FirstStageEncoding e;
  e.posterior.emplace(moments(image));
  return e;
}

at::Tensor AutoencoderKL::decode(const at::Tensor& z) { return decoder(post_quant_conv(z)); }

}  // namespace ldm
