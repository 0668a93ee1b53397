// ldm.models.autoencoder.VQModel / VQModelInterface
#include "core/models/vq_model.h"

#include <torch/torch.h>

#include "core/nn/layers.h"

namespace ldm {

VQModel::VQModel(const AutoencoderConfig& c) : FirstStageModel(c) {
  TORCH_CHECK(c.is_vq() && !c.double_z, "VQModel needs a VQ config without double_z");
  encoder = register_module("encoder", VaeEncoder(c));
  decoder = register_module("decoder", VaeDecoder(c));
  quantize = register_module("quantize", VectorQuantizer(c.n_embed, c.embed_dim, 0.25, c.legacy));
  quant_conv = register_module("quant_conv", Conv2d(Conv2dOptions(c.z_channels, c.embed_dim, 1)));
  post_quant_conv = register_module("post_quant_conv", Conv2d(Conv2dOptions(c.embed_dim, c.z_channels, 1)));
}

FirstStageEncoding VQModel::encode(const at::Tensor& image) {
  FirstStageEncoding e;
  e.latent = quant_conv(encoder(image));
  return e;
}

at::Tensor VQModel::decode(const at::Tensor& h, bool force_not_quantize) {
  auto quant = force_not_quantize ? h : quantize(h).z_q;
  return decoder(post_quant_conv(quant));
}

at::Tensor VQModel::decode_code(const at::Tensor& indices) {
  return decoder(post_quant_conv(quantize->get_codebook_entry(indices)));
}

}  // namespace ldm
