#pragma once
// ldm.models.diffusion.ddpm.LatentDiffusion.encode_first_stage / decode_first_stage with
// split_input_params set ("convolutional" first stage, used by the LDM super-resolution notebook for
// large images): unfold into overlapping patches (ks/stride in LATENT pixels), run the autoencoder per
// patch, weight each patch by clip(delta_border) (optionally times a per-patch tie-breaker), fold and
// divide by the folded weights. get_weighting/delta_border are exposed for the sampler-side
// (apply_model) split, which uses the same weighting.
#include <ATen/core/Tensor.h>

#include <array>
#include <cstdint>

namespace ldm {

class FirstStageModel;

struct SplitInputParams {
  std::array<int64_t, 2> ks{128, 128};     // patch size (latent pixels)
  std::array<int64_t, 2> stride{64, 64};   // patch stride (latent pixels)
  int64_t vqf = 4;                         // first-stage downsampling factor
  bool patch_distributed_vq = true;        // false: encode/decode in one piece
  bool tie_braker = false;
  double clip_min_weight = 0.01, clip_max_weight = 0.5;
  double clip_min_tie_weight = 0.01, clip_max_tie_weight = 0.5;
};

// delta_border(h, w): normalised distance to the nearest border, 0 at the border, [h, w] float32.
at::Tensor split_delta_border(int64_t h, int64_t w);
// get_weighting(h, w, Ly, Lx): [1, h*w, Ly*Lx] float32.
at::Tensor split_weighting(int64_t h, int64_t w, int64_t ly, int64_t lx, const SplitInputParams& params);

// decode_first_stage(z) with split_input_params; z already divided by scale_factor. VQ models
// quantise each patch unless force_not_quantize.
at::Tensor decode_first_stage_split(FirstStageModel& model, const at::Tensor& z, const SplitInputParams& params,
                                    bool force_not_quantize = false);
// encode_first_stage(x) with split_input_params (ks/stride applied to the IMAGE as the reference
// does; patches encode to ks/vqf latents), without scale_factor. VQ: the unquantised latent, as the
// reference; KL (which the reference cannot stack): each patch's posterior mean. The upscaler's start
// from its input encodes this way when it samples in tiles (ks/stride times vqf: the decode's patches).
at::Tensor encode_first_stage_split(FirstStageModel& model, const at::Tensor& x, const SplitInputParams& params);

}  // namespace ldm
