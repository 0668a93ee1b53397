// ldm.modules.distributions.distributions.DiagonalGaussianDistribution
#include "core/models/diagonal_gaussian_distribution.h"

#include <torch/torch.h>

#include <cmath>

namespace ldm {

DiagonalGaussianDistribution::DiagonalGaussianDistribution(const at::Tensor& params, bool det)
    : parameters(params), deterministic(det) {
  auto chunks = at::chunk(params, 2, 1);  // [B, C, H, W] x 2
  mean = chunks[0];
  logvar = at::clamp(chunks[1], -30.0, 20.0);
  std = at::exp(0.5 * logvar);
  var = at::exp(logvar);
  if (deterministic) {
    std = at::zeros_like(mean);
    var = at::zeros_like(mean);
  }
}

at::Tensor DiagonalGaussianDistribution::sample(c10::optional<at::Generator> generator) const {
  at::Tensor noise;
  if (generator.has_value() && generator->device().is_cpu() && !mean.device().is_cpu()) {
    noise = at::randn(mean.sizes(), generator, at::TensorOptions().dtype(at::kFloat)).to(mean.options());
  } else if (generator.has_value() && generator->device().is_cpu() && mean.scalar_type() != at::kFloat) {
    noise = at::randn(mean.sizes(), generator, at::TensorOptions().dtype(at::kFloat)).to(mean.scalar_type());
  } else {
    noise = at::randn(mean.sizes(), generator, mean.options());
  }
  return mean + std * noise;
}

at::Tensor DiagonalGaussianDistribution::kl() const {
  if (deterministic) return at::zeros({mean.size(0)}, mean.options());
  return 0.5 * at::sum(at::pow(mean, 2) + var - 1.0 - logvar, {1, 2, 3});
}

at::Tensor DiagonalGaussianDistribution::kl(const DiagonalGaussianDistribution& o) const {
  if (deterministic) return at::zeros({mean.size(0)}, mean.options());
  return 0.5 * at::sum(at::pow(mean - o.mean, 2) / o.var + var / o.var - 1.0 - logvar + o.logvar, {1, 2, 3});
}

at::Tensor DiagonalGaussianDistribution::nll(const at::Tensor& s, const std::vector<int64_t>& dims) const {
  if (deterministic) return at::zeros({1}, mean.options());
  const double log_two_pi = std::log(2.0 * M_PI);
  return 0.5 * at::sum(log_two_pi + logvar + at::pow(s - mean, 2) / var, dims);
}

}  // namespace ldm
