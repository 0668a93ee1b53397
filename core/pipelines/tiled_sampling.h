#pragma once
// LatentDiffusion.apply_model with split_input_params (ldm/models/diffusion/ddpm.py): the
// "convolutional" sampling the LDM super-resolution notebook uses for inputs larger than the model
// was trained on. x_t is unfolded into overlapping ks x ks latent patches (stride apart), a concat
// conditioning (the low-res image) is unfolded the same way, the UNet runs per patch, each output
// is weighted by clip(delta_border) (see first_stage_split.h), folded back and divided by the folded
// weights.
#include <ATen/core/Tensor.h>

#include "core/models/first_stage_split.h"
#include "core/sampling/model_wrapper.h"

namespace ldm {

// Number of patches per axis, (h - ks) / stride + 1; the fold covers the whole latent only when
// (h - ks) is a multiple of stride (checked by apply_model_split).
struct SplitGrid {
  int64_t ly = 0, lx = 0;
};
SplitGrid split_grid(int64_t h, int64_t w, const SplitInputParams& params);

// `fn` is the plain apply_model on one patch. Throws RequestError when the patches do not tile x.
at::Tensor apply_model_split(const ModelFn& fn, const at::Tensor& x, const at::Tensor& t, const Conditioning& c,
                             const SplitInputParams& params);

// Split parameters for an output of `latent_h` x `latent_w`: patch `tile` and `stride` (latent
// pixels) shrunk to the latent, stride adjusted down so that the patches tile the latent exactly.
// Returns false when one patch covers everything (no splitting needed).
bool plan_split(int64_t latent_h, int64_t latent_w, int64_t tile, int64_t stride, int64_t vqf,
                SplitInputParams* out);

}  // namespace ldm
