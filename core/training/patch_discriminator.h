#pragma once
// taming.modules.discriminator.model.NLayerDiscriminator (the PatchGAN of pix2pix that
// ldm.modules.losses.LPIPSWithDiscriminator uses): stride-2 4x4 convolutions with BatchNorm and
// LeakyReLU(0.2), one logit per overlapping patch. Parameter names follow the reference
// (main.0, main.2, ...; LeakyReLU slots kept) so that checkpoints carry loss.discriminator.main.*.
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/module.h>

namespace ldm {

class PatchDiscriminatorImpl : public torch::nn::Module {
 public:
  PatchDiscriminatorImpl(int64_t input_nc, int64_t ndf, int64_t n_layers);
  at::Tensor forward(const at::Tensor& x);  // [B, 1, h, w] logits

 private:
  torch::nn::Sequential main_{nullptr};
};
TORCH_MODULE(PatchDiscriminator);

// weights_init of taming: conv weights N(0, 0.02), BatchNorm weights N(1, 0.02), biases 0.
void init_discriminator_weights(PatchDiscriminatorImpl& d);

}  // namespace ldm
