// ldm.modules.diffusionmodules.util.make_beta_schedule and DDPM.register_schedule.
#include "core/sampling/noise_schedule.h"

#include <torch/torch.h>

#include <cmath>

#include "core/error.h"

namespace ldm {

const char* parameterization_name(Parameterization p) {
  switch (p) {
    case Parameterization::Eps: return "eps";
    case Parameterization::V: return "v";
    case Parameterization::X0: return "x0";
  }
  return "eps";
}

ScheduleConfig ScheduleConfig::from_compvis_params(const nlohmann::json& config) {
  const nlohmann::json* p = &config;
  if (p->is_object() && p->contains("model") && (*p)["model"].is_object() && (*p)["model"].contains("params"))
    p = &(*p)["model"]["params"];
  ScheduleConfig c;
  if (!p->is_object()) return c;
  auto number = [&](const char* key, double fallback) {
    if (!p->contains(key) || (*p)[key].is_null()) return fallback;
    if (!(*p)[key].is_number())
      throw LoadError(std::string("config: model.params.") + key + " must be a number");
    return (*p)[key].get<double>();
  };
  c.linear_start = number("linear_start", c.linear_start);
  c.linear_end = number("linear_end", c.linear_end);
  c.cosine_s = number("cosine_s", c.cosine_s);
  c.timesteps = static_cast<int64_t>(number("timesteps", static_cast<double>(c.timesteps)));
  if (p->contains("beta_schedule") && (*p)["beta_schedule"].is_string())
    c.beta_schedule = (*p)["beta_schedule"].get<std::string>();
  if (p->contains("parameterization") && (*p)["parameterization"].is_string()) {
    const auto s = (*p)["parameterization"].get<std::string>();
    if (s == "eps") c.parameterization = Parameterization::Eps;
    else if (s == "v") c.parameterization = Parameterization::V;
    else if (s == "x0") c.parameterization = Parameterization::X0;
    else throw LoadError("config: unknown model.params.parameterization '" + s + "' (expected eps, v or x0)");
  }
  if (p->contains("clip_denoised") && !(*p)["clip_denoised"].is_null()) {
    if (!(*p)["clip_denoised"].is_boolean()) throw LoadError("config: model.params.clip_denoised must be true or false");
    c.clip_denoised = (*p)["clip_denoised"].get<bool>();
  }
  if (c.timesteps < 2) throw LoadError("config: model.params.timesteps must be at least 2");
  return c;
}

std::vector<double> make_beta_schedule(const std::string& schedule, int64_t n, double linear_start,
                                       double linear_end, double cosine_s) {
  // torch.linspace / torch.cos in float64 as the reference does, so the values match bit for bit.
  const auto f64 = at::TensorOptions().dtype(at::kDouble);
  at::Tensor betas;
  if (schedule == "linear") {
    betas = at::linspace(std::sqrt(linear_start), std::sqrt(linear_end), n, f64).pow(2);
  } else if (schedule == "cosine") {
    auto steps = at::arange(n + 1, f64) / static_cast<double>(n) + cosine_s;
    auto alphas = steps / (1 + cosine_s) * M_PI / 2;
    alphas = at::cos(alphas).pow(2);
    alphas = alphas / alphas[0];
    betas = (1 - alphas.slice(0, 1) / alphas.slice(0, 0, n)).clamp(0.0, 0.999);
  } else if (schedule == "sqrt_linear") {
    betas = at::linspace(linear_start, linear_end, n, f64);
  } else if (schedule == "sqrt") {
    betas = at::linspace(linear_start, linear_end, n, f64).pow(0.5);
  } else {
    throw LoadError("config: unknown beta_schedule '" + schedule + "' (expected linear, cosine, sqrt_linear or sqrt)");
  }
  betas = betas.contiguous();
  const double* b = betas.data_ptr<double>();
  return std::vector<double>(b, b + n);
}

NoiseSchedule NoiseSchedule::from_config(const ScheduleConfig& config) {
  NoiseSchedule s;
  s.parameterization_ = config.parameterization;
  s.clip_denoised_ = config.clip_denoised;
  s.betas64_ = make_beta_schedule(config.beta_schedule, config.timesteps, config.linear_start, config.linear_end,
                                  config.cosine_s);
  // np.cumprod: a sequential running product.
  s.acp64_.resize(s.betas64_.size());
  double prod = 1.0;
  for (size_t i = 0; i < s.betas64_.size(); ++i) {
    prod *= (1.0 - s.betas64_[i]);
    s.acp64_[i] = prod;
  }
  s.finish();
  return s;
}

NoiseSchedule NoiseSchedule::from_alphas_cumprod(const at::Tensor& alphas_cumprod, Parameterization p) {
  TORCH_CHECK(alphas_cumprod.dim() == 1 && alphas_cumprod.numel() >= 2, "alphas_cumprod must be 1-D");
  auto a = alphas_cumprod.to(at::kFloat).cpu().contiguous();
  NoiseSchedule s;
  s.parameterization_ = p;
  const float* v = a.data_ptr<float>();
  s.acp64_.assign(v, v + a.numel());
  s.betas64_.resize(s.acp64_.size());
  for (size_t i = 0; i < s.acp64_.size(); ++i)
    s.betas64_[i] = 1.0 - s.acp64_[i] / (i == 0 ? 1.0 : s.acp64_[i - 1]);
  s.finish();
  return s;
}

void NoiseSchedule::finish() {
  acp32_.resize(acp64_.size());
  for (size_t i = 0; i < acp64_.size(); ++i) acp32_[i] = static_cast<float>(acp64_[i]);
}

float NoiseSchedule::sqrt_alphas_cumprod(int64_t t) const {
  return static_cast<float>(std::sqrt(acp64_.at(static_cast<size_t>(t))));
}

float NoiseSchedule::sqrt_one_minus_alphas_cumprod(int64_t t) const {
  return static_cast<float>(std::sqrt(1.0 - acp64_.at(static_cast<size_t>(t))));
}

const std::vector<std::string>& NoiseSchedule::buffer_names() {
  static const std::vector<std::string> names = {
      "betas", "alphas_cumprod", "alphas_cumprod_prev", "sqrt_alphas_cumprod", "sqrt_one_minus_alphas_cumprod",
      "log_one_minus_alphas_cumprod", "sqrt_recip_alphas_cumprod", "sqrt_recipm1_alphas_cumprod",
      "posterior_variance", "posterior_log_variance_clipped", "posterior_mean_coef1", "posterior_mean_coef2"};
  return names;
}

at::Tensor NoiseSchedule::buffer(const std::string& name) const {
  const size_t n = acp64_.size();
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) {
    const double beta = betas64_[i];
    const double acp = acp64_[i];
    const double prev = i == 0 ? 1.0 : acp64_[i - 1];
    // Left-to-right evaluation order of the numpy expressions in register_schedule (v_posterior = 0).
    const double posterior_variance = beta * (1.0 - prev) / (1.0 - acp);
    if (name == "betas") out[i] = beta;
    else if (name == "alphas_cumprod") out[i] = acp;
    else if (name == "alphas_cumprod_prev") out[i] = prev;
    else if (name == "sqrt_alphas_cumprod") out[i] = std::sqrt(acp);
    else if (name == "sqrt_one_minus_alphas_cumprod") out[i] = std::sqrt(1.0 - acp);
    else if (name == "log_one_minus_alphas_cumprod") out[i] = std::log(1.0 - acp);
    else if (name == "sqrt_recip_alphas_cumprod") out[i] = std::sqrt(1.0 / acp);
    else if (name == "sqrt_recipm1_alphas_cumprod") out[i] = std::sqrt(1.0 / acp - 1.0);
    else if (name == "posterior_variance") out[i] = posterior_variance;
    else if (name == "posterior_log_variance_clipped") out[i] = std::log(std::max(posterior_variance, 1e-20));
    else if (name == "posterior_mean_coef1") out[i] = beta * std::sqrt(prev) / (1.0 - acp);
    else if (name == "posterior_mean_coef2") out[i] = (1.0 - prev) * std::sqrt(1.0 - beta) / (1.0 - acp);
    else TORCH_CHECK(false, "unknown schedule buffer ", name);
  }
  return at::tensor(out, at::TensorOptions().dtype(at::kDouble)).to(at::kFloat);
}

}  // namespace ldm
