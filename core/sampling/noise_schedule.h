#pragma once
// The discrete diffusion schedule of a CompVis model: ldm.modules.diffusionmodules.util
// make_beta_schedule + ldm.models.diffusion.ddpm.DDPM.register_schedule.
//
// Precision follows the reference: betas and alphas_cumprod are computed in float64; the model keeps
// them as float32 buffers, and every sampler reads the float32 values (DDIM/PLMS index the float32
// alphas_cumprod, k-diffusion derives its sigmas from it). Derived per-timestep values that the
// reference stores as buffers (sqrt_alphas_cumprod, ...) are float32 roundings of float64 math.
#include <ATen/core/Tensor.h>
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ldm {

// What the UNet predicts (DDPM.parameterization).
enum class Parameterization { Eps, V, X0 };
const char* parameterization_name(Parameterization p);  // "eps", "v", "x0"

struct ScheduleConfig {
  std::string beta_schedule = "linear";  // linear | cosine | sqrt_linear | sqrt
  int64_t timesteps = 1000;
  double linear_start = 1e-4;  // DDPM defaults; SD/LDM configs set 0.00085 / 0.012
  double linear_end = 2e-2;
  double cosine_s = 8e-3;
  Parameterization parameterization = Parameterization::Eps;
  // DDPM.clip_denoised (model.params.clip_denoised, default true as in the reference): the ddpm
  // sampler clamps its predicted x0 to [-1, 1]. Meant for pixel-space models; latents of unit std
  // leave that range, so a latent model's config may turn it off (the bundled models do).
  bool clip_denoised = true;

  // From a CompVis config: the `model.params` object (or the whole config; `model.params` is
  // looked up). Missing keys keep the DDPM defaults. Throws LoadError on unknown values.
  static ScheduleConfig from_compvis_params(const nlohmann::json& config);
};

class NoiseSchedule {
 public:
  NoiseSchedule() = default;
  static NoiseSchedule from_config(const ScheduleConfig& config);
  // From a checkpoint's float32 `alphas_cumprod` buffer [T] (non-standard schedules). float64
  // values are then the float32 ones widened.
  static NoiseSchedule from_alphas_cumprod(const at::Tensor& alphas_cumprod, Parameterization p);

  int64_t num_timesteps() const { return static_cast<int64_t>(acp64_.size()); }
  Parameterization parameterization() const { return parameterization_; }
  bool clip_denoised() const { return clip_denoised_; }

  // float64 values, index t in [0, T).
  const std::vector<double>& betas64() const { return betas64_; }
  const std::vector<double>& alphas_cumprod64() const { return acp64_; }
  // The float32 buffer value the samplers use: float(alphas_cumprod[t]).
  float alphas_cumprod(int64_t t) const { return acp32_.at(static_cast<size_t>(t)); }
  const std::vector<float>& alphas_cumprod32() const { return acp32_; }
  // float32 roundings of float64 sqrt(acp[t]) and sqrt(1 - acp[t]) (buffers of DDPM).
  float sqrt_alphas_cumprod(int64_t t) const;
  float sqrt_one_minus_alphas_cumprod(int64_t t) const;

  // One of DDPM.register_schedule's float32 buffers by its checkpoint name ("betas", "alphas_cumprod",
  // "alphas_cumprod_prev", "sqrt_alphas_cumprod", "sqrt_one_minus_alphas_cumprod",
  // "log_one_minus_alphas_cumprod", "sqrt_recip_alphas_cumprod", "sqrt_recipm1_alphas_cumprod",
  // "posterior_variance", "posterior_log_variance_clipped", "posterior_mean_coef1",
  // "posterior_mean_coef2"), as a CPU float32 tensor [T]. Unknown names are programmer errors.
  at::Tensor buffer(const std::string& name) const;
  static const std::vector<std::string>& buffer_names();

 private:
  void finish();
  Parameterization parameterization_ = Parameterization::Eps;
  bool clip_denoised_ = true;
  std::vector<double> betas64_;
  std::vector<double> acp64_;
  std::vector<float> acp32_;
};

// make_beta_schedule (float64). Throws LoadError for an unknown schedule name.
std::vector<double> make_beta_schedule(const std::string& schedule, int64_t n, double linear_start,
                                       double linear_end, double cosine_s = 8e-3);

}  // namespace ldm
