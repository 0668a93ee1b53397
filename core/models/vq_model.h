#pragma once
// ldm.models.autoencoder.VQModel / VQModelInterface: encoder, quant_conv (z -> embed_dim),
// quantize (taming VectorQuantizer2), post_quant_conv (embed_dim -> z), decoder. encode() is
// VQModelInterface.encode (pre-quantisation h, what LDM diffuses in); decode() is
// VQModelInterface.decode (quantises unless force_not_quantize).

#include "core/models/first_stage.h"
#include "core/models/vae_decoder.h"
#include "core/models/vae_encoder.h"
#include "core/models/vector_quantizer.h"
#include "core/nn/layers.h"

namespace ldm {

class VQModel : public FirstStageModel {
 public:
  explicit VQModel(const AutoencoderConfig& config);

  FirstStageEncoding encode(const at::Tensor& image) override;
  at::Tensor decode(const at::Tensor& h) override { return decode(h, false); }
  at::Tensor decode(const at::Tensor& h, bool force_not_quantize);
  // VQModel.decode_code: indices [B, h, w] -> image.
  at::Tensor decode_code(const at::Tensor& indices);

  VaeEncoder encoder{nullptr};
  VaeDecoder decoder{nullptr};
  VectorQuantizer quantize{nullptr};
  Conv2d quant_conv{nullptr}, post_quant_conv{nullptr};
};

}  // namespace ldm
