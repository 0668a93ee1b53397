#pragma once
// Cheap previews of a latent during sampling: a per-pixel linear map latent -> RGB (no decoder).
// SD 1.x/2.x KL-f8 latents use the published 4x3 factors; any other first stage gets a projection
// fitted once per model by least squares from latents against their decoded images downscaled to
// the latent grid (cached in the LatentPreview).
#include <ATen/core/Tensor.h>

namespace ldm {

class LatentDiffusion;

class LatentPreview {
 public:
  // The published SD 1.x factors (scaled latents, 4 channels) with zero bias.
  static LatentPreview sd_factors();
  // Least-squares fit for `model`: encodes a fixed set of synthetic pictures, decodes their
  // latents, and fits RGB(downscaled decode) ~ [z, 1] * W. Deterministic (no random draws).
  static LatentPreview fit(LatentDiffusion& model);
  // sd_factors() for 4-channel KL models with scale_factor 0.18215, fit() otherwise.
  static LatentPreview for_model(LatentDiffusion& model);

  // z [B, C, h, w] (scaled latent, as the sampler sees it) -> [B, 3, h, w] in about [-1, 1].
  at::Tensor project(const at::Tensor& z) const;
  const at::Tensor& weights() const { return weights_; }  // [C + 1, 3], last row = bias

 private:
  at::Tensor weights_;
};

}  // namespace ldm
