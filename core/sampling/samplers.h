#pragma once
// The samplers behind one entry point, sample():
//   ddpm      ldm DDPM.p_sample_loop (ancestral), on a respaced schedule when steps < T
//   ddim      ldm DDIMSampler (eta, "uniform"/"quad" discretisation with the +1 offset)
//   plms      ldm PLMSSampler (pseudo improved Euler start, then Adams-Bashforth 2/3/4)
//   euler, euler_a, heun, lms, dpmpp_2m   k_diffusion.sampling.sample_* on CompVis(V)Denoiser
// Random numbers (docs/ARCHITECTURE.md, "Reproducibility"): x_T is the first draw of a CPU
// generator seeded like torch.manual_seed(seed); later draws continue on that generator, each a
// randn of x's shape moved to x's device:
//   ddim  one draw per step after the model call (also at eta = 0, where it is multiplied by 0);
//   plms  the same, two draws in the first step (its two x_prev computations);
//   ddpm  one draw per step (also the last, where it is masked out);
//   euler_a one draw per step after the Euler step; euler/heun/lms/dpmpp_2m draw nothing;
//   img2img (strength < 1) noises the init latent with x_T itself (no extra draw).
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/sampling/model_wrapper.h"
#include "core/sampling/noise_schedule.h"

namespace ldm {

struct SamplerSettings {
  std::string sampler = "ddim";  // ddpm | ddim | plms | euler | euler_a | heun | lms | dpmpp_2m
  int steps = 50;
  double eta = 0.0;              // ddim only (plms requires 0, like the reference)
  double guidance_scale = 1.0;   // classifier-free guidance; 1 = no uncond call
  bool karras = false;           // Karras sigmas (rho 7) for the k-diffusion samplers
  double rho = 7.0;
  std::string ddim_discretize = "uniform";  // ddim/plms timestep selection: uniform | quad
  // img2img: start from init_latent noised to the level of step int(strength * steps) (counted from
  // the clean end, as scripts/img2img.py); strength 1 (or no init_latent) = start from pure noise.
  at::Tensor init_latent;
  double strength = 1.0;
};

// Called after every step: step index (0-based), number of steps, latent after the step, predicted
// x0 (denoised) of that step.
using SamplerStepCallback = std::function<void(int step, int total, const at::Tensor& x, const at::Tensor& pred_x0)>;

// Whether `name` is a k-diffusion sampler (core/api/sampler_registry.h lists them all).
bool is_k_sampler(const std::string& name);

// The rules a run's settings must meet (a known sampler, steps >= 1, eta only for ddim, Karras only for
// the k-samplers, strength in (0, 1]): RequestError with a one-line message naming the setting. The
// Engine checks a request with it once, before loading anything; sample() applies it too.
void validate_sampler_settings(const SamplerSettings& settings);

// Runs the sampler from x_T (the first draw of `gen`, on the compute device) and returns the final
// latent. Throws RequestError for an unknown sampler, zero or too many steps, eta != 0 with plms,
// karras with a non-k sampler, or a bad strength; Cancelled when *cancel becomes true (checked
// before every model evaluation).
at::Tensor sample(const SamplerSettings& settings, const NoiseSchedule& schedule, const at::Tensor& x_T,
                  const ModelFn& model, const Conditioning& cond, const Conditioning& uncond, at::Generator gen,
                  const SamplerStepCallback& callback = {}, const std::atomic<bool>* cancel = nullptr);

// A CPU generator in the state of torch.manual_seed(seed) (PyTorch's mt19937 CPU generator).
at::Generator make_cpu_generator(uint64_t seed);
// torch.randn(shape) from `gen` (CPU, float32) moved to `device`.
at::Tensor randn_from(at::Generator& gen, at::IntArrayRef shape, const at::Device& device = at::kCPU);

// --- building blocks, exposed for tests and the pipelines ---

// make_ddim_timesteps: ascending timesteps with the +1 offset (uniform: arange(0, T, T / S) + 1).
// Throws RequestError if steps < 1 or a timestep would reach T.
std::vector<int64_t> ddim_timesteps(const std::string& discretize, int steps, int64_t num_timesteps);

// make_ddim_sampling_parameters for those timesteps (ascending order), float32 like the reference:
// alphas = acp[ts], alphas_prev = [acp[0]] + acp[ts[:-1]], sigmas = eta * sqrt((1 - a_prev) / (1 - a)
// * (1 - a / a_prev)) computed in float64 from the float32 alphas, then rounded to float32.
struct DdimParameters {
  std::vector<int64_t> timesteps;
  std::vector<float> alphas, alphas_prev, sigmas, sqrt_one_minus_alphas;
};
DdimParameters ddim_parameters(const NoiseSchedule& schedule, const std::vector<int64_t>& timesteps, double eta);

// The linear multistep coefficient of k_diffusion.sampling.linear_multistep_coeff(order, t, i, j):
// the integral of the Lagrange basis polynomial over [t[i], t[i+1]], by Gauss-Legendre quadrature
// (exact for these polynomials; the reference uses scipy.integrate.quad).
double linear_multistep_coeff(int order, const std::vector<double>& t, int i, int j);

}  // namespace ldm
