// Conditioning batching, classifier-free guidance, eps/v/x0 conversions and
// k_diffusion.external.CompVisDenoiser / CompVisVDenoiser.
#include "core/sampling/model_wrapper.h"

#include <torch/torch.h>

#include "core/error.h"

namespace ldm {

int64_t Conditioning::batch() const {
  if (crossattn.defined()) return crossattn.size(0);
  if (concat.defined()) return concat.size(0);
  if (y.defined()) return y.size(0);
  return -1;
}

namespace {
at::Tensor cat_field(const at::Tensor& a, const at::Tensor& b) {
  if (a.defined() && b.defined()) return at::cat({a, b}, 0);
  if (a.defined()) return at::cat({a, a}, 0);
  if (b.defined()) return at::cat({b, b}, 0);
  return {};
}
}  // namespace

Conditioning Conditioning::cat(const Conditioning& first, const Conditioning& second) {
  Conditioning c;
  c.crossattn = cat_field(first.crossattn, second.crossattn);
  c.concat = cat_field(first.concat, second.concat);
  c.y = cat_field(first.y, second.y);
  return c;
}

Conditioning Conditioning::to(const at::Device& device) const {
  Conditioning c;
  if (crossattn.defined()) c.crossattn = crossattn.to(device);
  if (concat.defined()) c.concat = concat.to(device);
  if (y.defined()) c.y = y.to(device);
  return c;
}

at::Tensor concat_input(const at::Tensor& x, const Conditioning& c) {
  if (!c.concat.defined()) return x;
  TORCH_CHECK(c.concat.size(0) == x.size(0) && c.concat.size(2) == x.size(2) && c.concat.size(3) == x.size(3),
              "concat conditioning ", c.concat.sizes(), " does not match x ", x.sizes());
  return at::cat({x, c.concat.to(x.scalar_type())}, 1);  // [B, C + Cc, H, W]
}

at::Tensor guided_call(const ModelFn& fn, const at::Tensor& x, const at::Tensor& t, const Conditioning& cond,
                       const Conditioning& uncond, double scale) {
  if (uncond.empty() || scale == 1.0) return fn(x, t, cond);
  const auto x_in = at::cat({x, x}, 0);
  const auto t_in = at::cat({t, t}, 0);
  const auto c_in = Conditioning::cat(uncond, cond);
  const auto out = fn(x_in, t_in, c_in);
  auto halves = out.chunk(2, 0);
  const auto& out_uncond = halves[0];
  const auto& out_cond = halves[1];
  return out_uncond + scale * (out_cond - out_uncond);
}

at::Tensor eps_from_output(Parameterization p, const at::Tensor& x, const at::Tensor& out, double sa, double s1) {
  switch (p) {
    case Parameterization::Eps: return out;
    case Parameterization::V: return sa * out + s1 * x;        // predict_eps_from_z_and_v
    case Parameterization::X0: return (x - sa * out) / s1;     // inverse of predict_start_from_noise
  }
  return out;
}

at::Tensor training_target(Parameterization p, const at::Tensor& x0, const at::Tensor& eps, const at::Tensor& sa,
                           const at::Tensor& s1) {
  switch (p) {
    case Parameterization::Eps: return eps;
    case Parameterization::V: return sa * eps - s1 * x0;  // get_v
    case Parameterization::X0: return x0;
  }
  return eps;
}

at::Tensor x0_from_output(Parameterization p, const at::Tensor& x, const at::Tensor& out, double sa, double s1) {
  switch (p) {
    case Parameterization::Eps: return (x - s1 * out) / sa;
    case Parameterization::V: return sa * x - s1 * out;        // predict_start_from_z_and_v
    case Parameterization::X0: return out;
  }
  return out;
}

KDenoiser::KDenoiser(const NoiseSchedule& schedule, at::Device device)
    : parameterization_(schedule.parameterization()) {
  const auto& acp32 = schedule.alphas_cumprod32();
  auto acp = at::tensor(acp32, at::TensorOptions().dtype(at::kFloat));
  auto sigmas = ((1 - acp) / acp).pow(0.5);  // float32, as DiscreteEpsDDPMDenoiser.__init__
  sigma_min_ = sigmas[0].item<double>();
  sigma_max_ = sigmas[-1].item<double>();
  log_sigmas_ = sigmas.log().to(device);
  sigmas_ = sigmas.to(device);
}

at::Tensor KDenoiser::sigma_to_t(const at::Tensor& sigma) const {
  const auto log_sigma = sigma.log();
  const auto log_sigmas = log_sigmas_.to(sigma.device());
  const auto dists = log_sigma - log_sigmas.unsqueeze(1);  // [T, B]
  const auto low_idx = dists.ge(0).cumsum(0).argmax(0).clamp_max(log_sigmas.size(0) - 2);
  const auto high_idx = low_idx + 1;
  const auto low = log_sigmas.index_select(0, low_idx);
  const auto high = log_sigmas.index_select(0, high_idx);
  auto w = ((low - log_sigma) / (low - high)).clamp(0, 1);
  auto t = (1 - w) * low_idx + w * high_idx;
  return t.view(sigma.sizes());
}

at::Tensor KDenoiser::t_to_sigma(const at::Tensor& t_in) const {
  const auto t = t_in.to(at::kFloat);
  const auto log_sigmas = log_sigmas_.to(t.device());
  const auto low_idx = t.floor().to(at::kLong);
  const auto high_idx = t.ceil().to(at::kLong);
  const auto w = t.frac();
  const auto log_sigma = (1 - w) * log_sigmas.index_select(0, low_idx.flatten()).view(t.sizes()) +
                         w * log_sigmas.index_select(0, high_idx.flatten()).view(t.sizes());
  return log_sigma.exp();
}

at::Tensor KDenoiser::get_sigmas(int64_t n) const {
  const double t_max = static_cast<double>(sigmas_.size(0) - 1);
  const auto t = at::linspace(t_max, 0, n, at::TensorOptions().dtype(at::kFloat));
  const auto s = t_to_sigma(t).cpu();
  return at::cat({s, at::zeros({1}, s.options())});
}

at::Tensor KDenoiser::denoise(const ModelFn& model, const at::Tensor& x, const at::Tensor& sigma,
                              const Conditioning& c) const {
  const auto s = sigma.to(x.scalar_type()).view({-1, 1, 1, 1});  // append_dims
  const auto c_in = 1 / (s.pow(2) + 1).pow(0.5);
  const auto t = sigma_to_t(sigma);
  const auto out = model(x * c_in, t, c);
  switch (parameterization_) {
    case Parameterization::Eps: return x + out * (-s);
    case Parameterization::V: {
      const auto c_skip = 1 / (s.pow(2) + 1);
      const auto c_out = -s / (s.pow(2) + 1).pow(0.5);
      return out * c_out + x * c_skip;
    }
    case Parameterization::X0: return out;
  }
  return out;
}

at::Tensor get_sigmas_karras(int64_t n, double sigma_min, double sigma_max, double rho) {
  const auto f32 = at::TensorOptions().dtype(at::kFloat);
  const auto ramp = at::linspace(0, 1, n, f32);
  const auto min_inv_rho = at::scalar_tensor(sigma_min, f32).pow(1.0 / rho);
  const auto max_inv_rho = at::scalar_tensor(sigma_max, f32).pow(1.0 / rho);
  const auto sigmas = (max_inv_rho + ramp * (min_inv_rho - max_inv_rho)).pow(rho);
  return at::cat({sigmas, at::zeros({1}, f32)});
}

}  // namespace ldm
