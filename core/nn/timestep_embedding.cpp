#include "core/nn/timestep_embedding.h"

#include <torch/torch.h>

#include <cmath>

namespace ldm {

at::Tensor timestep_embedding(const at::Tensor& timesteps, int64_t dim, double max_period) {
  TORCH_CHECK(timesteps.dim() == 1, "timestep_embedding: timesteps must be 1-D, got ", timesteps.sizes());
  const int64_t half = dim / 2;
  // Same float32 op order as the reference: exp(-log(max_period) * arange(half) / half), on the
  // timesteps' device (a host-to-device copy here would break CUDA graph capture).
  at::Tensor freqs =
      at::exp(-std::log(max_period) * at::arange(0, half, at::dtype(at::kFloat).device(timesteps.device())) / half);
  at::Tensor args = timesteps.unsqueeze(1).to(at::kFloat) * freqs.unsqueeze(0);  // [B, half]
  at::Tensor emb = at::cat({at::cos(args), at::sin(args)}, -1);                 // [B, 2*half]
  if (dim % 2) emb = at::cat({emb, at::zeros_like(emb.narrow(1, 0, 1))}, -1);    // [B, dim]
  return emb;
}

}  // namespace ldm
