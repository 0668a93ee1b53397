#pragma once
// ldm.modules.diffusionmodules.util.timestep_embedding: sinusoidal embedding of (possibly
// fractional) timesteps, cos half first, then sin, max_period 10000.
#include <ATen/core/Tensor.h>

namespace ldm {

// timesteps: [B] of any numeric dtype; returns float32 [B, dim] (a zero column is appended for odd dim).
at::Tensor timestep_embedding(const at::Tensor& timesteps, int64_t dim, double max_period = 10000.0);

}  // namespace ldm
