#pragma once
// Tiled first-stage decoding for outputs too large to decode at once (e.g. large super-resolution
// results): overlapping latent tiles, each decoded on its own, blended with linear ramps across
// the overlaps (weights normalised to sum to one everywhere).
#include <ATen/core/Tensor.h>

namespace ldm {

class FirstStageModel;

// z: [B, C, h, w]. tile_latent: tile edge in latent pixels (> overlap_latent >= 0). A latent that fits
// in one tile is decoded directly (identical to model.decode(z)). Throws RequestError on bad sizes.
at::Tensor decode_tiled(FirstStageModel& model, const at::Tensor& z, int64_t tile_latent, int64_t overlap_latent);

}  // namespace ldm
