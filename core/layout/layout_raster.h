#pragma once
// LDM Studio's dense layout input, an extension of the CompVis layout model (`layout: raster: true`
// in a layout model's config, with conditioning_key hybrid): besides the box tokens for
// cross-attention, the boxes of the token sequence are painted into a one-hot class map at latent
// resolution and concatenated with the noisy latent (c_concat), the way the inpainting model reads
// its mask. A UNet finds "a red circle in this box" in its own input instead of having to learn what
// each of the 1024 corner tokens means.
#include <ATen/core/Tensor.h>

#include <cstdint>

#include "core/layout/objects_bbox_conditional_builder.h"

namespace ldm {

// The class maps of a batch of token rows `ids` [B, L] (int64): [B, no_object_classes, h, w] float32 on
// the CPU, what the layout pipeline and the trainer concatenate with the latent. Channel = the object's
// class number, value = the fraction of the cell its box covers (max over boxes of the same class), 0
// elsewhere. The boxes come back from the tokens (inverse_build), so the map sees what the tokens say,
// quantisation included. Padding and out-of-range classes add nothing: the empty layout is all zeros.
at::Tensor layout_class_maps(const ObjectsBoundingBoxConditionalBuilder& builder, const at::Tensor& ids, int64_t h,
                             int64_t w);

}  // namespace ldm
