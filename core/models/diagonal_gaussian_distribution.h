#pragma once
// ldm.modules.distributions.distributions.DiagonalGaussianDistribution: the KL autoencoder's
// posterior. parameters = quant_conv(encoder(x)) = cat(mean, logvar) along channels; logvar is
// clamped to [-30, 20].
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>
#include <c10/util/Optional.h>

#include <vector>

namespace ldm {

class DiagonalGaussianDistribution {
 public:
  explicit DiagonalGaussianDistribution(const at::Tensor& parameters, bool deterministic = false);

  // mean + std * randn(mean.shape) with randn from `generator` (CPU generator: the noise is drawn on
  // the CPU in float32, as torch.randn under torch.manual_seed, then moved to mean's device/dtype;
  // no generator: the default generator of mean's device).
  at::Tensor sample(c10::optional<at::Generator> generator = c10::nullopt) const;
  at::Tensor mode() const { return mean; }
  // KL divergence to N(0, I), summed over C, H, W: [B] (training).
  at::Tensor kl() const;
  // KL divergence to `other`, summed over C, H, W: [B].
  at::Tensor kl(const DiagonalGaussianDistribution& other) const;
  // Negative log-likelihood of `sample`, summed over `dims`.
  at::Tensor nll(const at::Tensor& sample, const std::vector<int64_t>& dims = {1, 2, 3}) const;

  at::Tensor parameters, mean, logvar, std, var;
  bool deterministic = false;
};

}  // namespace ldm
