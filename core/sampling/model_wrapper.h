#pragma once
// Between the UNet and the samplers:
//  - Conditioning and ModelFn: what ldm LatentDiffusion.apply_model(x, t, cond) receives;
//  - classifier-free guidance batching as in ldm DDIMSampler.p_sample_ddim and the k-diffusion CFG
//    wrapper of the SD scripts (uncond first in the doubled batch);
//  - eps / v / x0 conversions (DDPM.predict_start_from_noise, predict_start_from_z_and_v,
//    predict_eps_from_z_and_v);
//  - KDenoiser: k_diffusion.external.CompVisDenoiser (eps) / CompVisVDenoiser (v) with quantize=False.
#include <ATen/core/Tensor.h>

#include <functional>

#include "core/sampling/noise_schedule.h"

namespace ldm {

// Everything a UNet is conditioned on besides x and t. Any field may be undefined.
struct Conditioning {
  at::Tensor crossattn;  // [B, L, C] cross-attention context (c_crossattn)
  at::Tensor concat;     // [B, Cc, H, W] appended to x along channels before the UNet (c_concat:
                         // inpainting masked image + mask, super-resolution low-res image)
  at::Tensor y;          // [B] int64 class labels for class-conditional UNets (UNetModel num_classes)

  bool empty() const { return !crossattn.defined() && !concat.defined() && !y.defined(); }
  // Batch size of the first defined field, -1 when empty.
  int64_t batch() const;
  // [first; second] along the batch of every field (torch.cat([uc, c])). A field defined in only
  // one of the two is used for both halves (an inpainting concat input shared by cond and uncond).
  static Conditioning cat(const Conditioning& first, const Conditioning& second);
  Conditioning to(const at::Device& device) const;
};

// x with c.concat appended along channels (DiffusionWrapper for c_concat); x itself when none.
at::Tensor concat_input(const at::Tensor& x, const Conditioning& c);

// apply_model(x, t, cond): the UNet output (eps, v or x0, see Parameterization) for the noisy latent
// x [B,C,H,W] at timesteps t [B]. t is int64 from the CompVis samplers (DDPM/DDIM/PLMS) and
// float32, possibly fractional, from the k-diffusion samplers; the UNet's timestep embedding uses
// t.float() either way (ldm timestep_embedding). Supplied by the pipeline: it appends c.concat
// (concat_input), calls the UNet and handles dtype/device.
using ModelFn = std::function<at::Tensor(const at::Tensor& x, const at::Tensor& t, const Conditioning& c)>;

// Classifier-free guidance: one call of `fn` on cat([x,x]), cat([t,t]), cat([uncond, cond]), then
// out_uncond + scale * (out_cond - out_uncond). Without an uncond, or with scale == 1, one plain
// call on (x, t, cond), as the reference samplers do. `t` may also be a sigma (k-diffusion).
at::Tensor guided_call(const ModelFn& fn, const at::Tensor& x, const at::Tensor& t, const Conditioning& cond,
                       const Conditioning& uncond, double scale);

// Conversions of a model output at one timestep, given sa = sqrt(alphas_cumprod[t]) and
// s1 = sqrt(1 - alphas_cumprod[t]) (float32 values, as in the model's buffers).
at::Tensor eps_from_output(Parameterization p, const at::Tensor& x, const at::Tensor& out, double sa, double s1);
at::Tensor x0_from_output(Parameterization p, const at::Tensor& x, const at::Tensor& out, double sa, double s1);

// What a model of parameterization p learns to output for x_t = sa * x0 + s1 * eps (DDPM.p_losses:
// eps; get_v: sa * eps - s1 * x0; or x0). sa and s1 broadcast against x0 ([B,1,1,1] per sample).
// The inverse of the conversions above: x0_from_output(p, x_t, training_target(...)) == x0.
at::Tensor training_target(Parameterization p, const at::Tensor& x0, const at::Tensor& eps, const at::Tensor& sa,
                           const at::Tensor& s1);

// k_diffusion.external.CompVisDenoiser / CompVisVDenoiser (quantize=False): a denoiser D(x, sigma)
// over the model's discrete schedule, sigmas = sqrt((1 - acp) / acp) from the float32
// alphas_cumprod, evaluated at fractional t by log-sigma interpolation. All in float32.
class KDenoiser {
 public:
  explicit KDenoiser(const NoiseSchedule& schedule, at::Device device = at::kCPU);

  const at::Tensor& sigmas() const { return sigmas_; }  // [T] ascending, float32 on the device
  double sigma_min() const { return sigma_min_; }
  double sigma_max() const { return sigma_max_; }
  Parameterization parameterization() const { return parameterization_; }

  // Continuous t for sigma (DiscreteSchedule.sigma_to_t), t for sigma (t_to_sigma).
  at::Tensor sigma_to_t(const at::Tensor& sigma) const;
  at::Tensor t_to_sigma(const at::Tensor& t) const;
  // n sigmas at t = linspace(T-1, 0, n), plus a final 0 (get_sigmas(n)): [n+1] float32 CPU.
  at::Tensor get_sigmas(int64_t n) const;

  // The denoised estimate of x0: for eps models x + eps * (-sigma) with eps = model(x * c_in, t);
  // for v models v * c_out + x * c_skip; for x0 models the output itself. sigma: [B] float32.
  at::Tensor denoise(const ModelFn& model, const at::Tensor& x, const at::Tensor& sigma,
                     const Conditioning& c) const;

 private:
  Parameterization parameterization_;
  at::Tensor sigmas_;
  at::Tensor log_sigmas_;
  double sigma_min_ = 0, sigma_max_ = 0;
};

// k_diffusion.sampling.get_sigmas_karras(n, sigma_min, sigma_max, rho) + append_zero, computed in
// float32 like the reference: [n+1] float32 CPU.
at::Tensor get_sigmas_karras(int64_t n, double sigma_min, double sigma_max, double rho = 7.0);

}  // namespace ldm
