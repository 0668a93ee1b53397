// ldm.models.diffusion.ddpm.DDPM.p_sample_loop, ldm.models.diffusion.ddim.DDIMSampler,
// ldm.models.diffusion.plms.PLMSSampler and k_diffusion.sampling (sample_euler,
// sample_euler_ancestral, sample_heun, sample_lms, sample_dpmpp_2m, get_sigmas_karras).
//
// Scalar schedule values are float32 where the reference holds them in float32 tensors, so the
// tensor arithmetic matches it operation by operation (a LibTorch scalar operand is applied in the
// tensor's dtype, like the reference's [B,1,1,1] float32 tensors).
#include "core/sampling/samplers.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/api/sampler_registry.h"
#include "core/error.h"
#include "core/text/strings.h"

namespace ldm {

namespace {

// Heun takes an Euler step where sigma falls by more than this in one step (see sample_k).
constexpr float kHeunMaxSigmaRatio = 100.0f;

void check_cancel(const std::atomic<bool>* cancel) {
  if (cancel != nullptr && cancel->load()) throw Cancelled();
}

// The state one run shares between its steps.
struct Run {
  const SamplerSettings& settings;
  const NoiseSchedule& schedule;
  const ModelFn& model;
  const Conditioning& cond;
  const Conditioning& uncond;
  at::Generator& gen;
  const SamplerStepCallback& callback;
  const std::atomic<bool>* cancel;

  // noise_like(x.shape): the next draw of the run's generator.
  at::Tensor noise_like(const at::Tensor& x) { return randn_from(gen, x.sizes(), x.device()).to(x.scalar_type()); }

  at::Tensor timestep(const at::Tensor& x, int64_t t) const {
    return at::full({x.size(0)}, t, at::TensorOptions().dtype(at::kLong).device(x.device()));
  }

  // apply_model with classifier-free guidance (on the model output: eps, v or x0).
  at::Tensor model_output(const at::Tensor& x, const at::Tensor& t) const {
    check_cancel(cancel);
    return guided_call(model, x, t, cond, uncond, settings.guidance_scale).to(x.scalar_type());
  }

  // The model output turned into eps at integer timestep t (buffers sqrt_alphas_cumprod[t] etc.).
  at::Tensor model_eps(const at::Tensor& x, int64_t t) const {
    const auto out = model_output(x, timestep(x, t));
    return eps_from_output(schedule.parameterization(), x, out, schedule.sqrt_alphas_cumprod(t),
                           schedule.sqrt_one_minus_alphas_cumprod(t));
  }

  void report(int step, int total, const at::Tensor& x, const at::Tensor& pred_x0) const {
    if (callback) callback(step, total, x, pred_x0);
  }
};

// Number of steps an img2img run takes out of `total` (scripts/img2img.py: int(strength * steps)),
// or -1 for a full run from pure noise.
int img2img_steps(const SamplerSettings& s, int total) {
  if (!s.init_latent.defined() || s.strength >= 1.0) return -1;
  const int t_enc = static_cast<int>(s.strength * s.steps);
  if (t_enc >= total) return -1;
  if (t_enc < 1)
    throw RequestError("strength " + std::to_string(s.strength) + " with " + std::to_string(s.steps) +
                       " steps leaves no step to run: raise the strength or the number of steps");
  return t_enc;
}

// Where a DDIM or DDPM run over `total` steps starts: x_T and every step, or for img2img the init
// latent noised by `noise(n_run, init)` and the first n_run steps. Returns the steps to run.
template <typename Noise>
int start_of_run(const SamplerSettings& s, int total, const at::Tensor& x_T, const Noise& noise, at::Tensor* x) {
  const int n_run = img2img_steps(s, total);
  if (n_run < 0) {
    *x = x_T;
    return total;
  }
  *x = noise(n_run, s.init_latent.to(x_T.device(), x_T.scalar_type()));
  return n_run;
}

// ---------------------------------------------------------------- DDIM / PLMS (CompVis)

// One DDIM update from e_t at ddim index `index` (get_x_prev_and_pred_x0 / p_sample_ddim).
// pred_x0 may be given (v and x0 models); otherwise it is derived from e_t.
at::Tensor ddim_update(Run& r, const DdimParameters& p, int index, const at::Tensor& x, const at::Tensor& e_t,
                       at::Tensor* pred_x0) {
  const float a_t = p.alphas[index];
  const float a_prev = p.alphas_prev[index];
  const float sigma_t = p.sigmas[index];
  const float s1m = p.sqrt_one_minus_alphas[index];
  if (!pred_x0->defined()) *pred_x0 = (x - s1m * e_t) / std::sqrt(a_t);
  const float dir_coef = std::sqrt(std::max(0.0f, 1.0f - a_prev - sigma_t * sigma_t));
  const auto dir_xt = dir_coef * e_t;
  const auto noise = r.noise_like(x);  // drawn at eta = 0 too, like the reference
  auto x_prev = std::sqrt(a_prev) * *pred_x0 + dir_xt;
  if (sigma_t != 0.0f) x_prev = x_prev + sigma_t * noise;
  return x_prev;
}

at::Tensor run_ddim(Run& r, at::Tensor x, const DdimParameters& p, int n_run) {
  const auto param = r.schedule.parameterization();
  for (int i = 0; i < n_run; ++i) {
    const int index = n_run - i - 1;
    const int64_t t = p.timesteps[index];
    const auto out = r.model_output(x, r.timestep(x, t));
    at::Tensor e_t, pred_x0;
    if (param == Parameterization::Eps) {
      e_t = out;
    } else {
      const double sa = r.schedule.sqrt_alphas_cumprod(t), s1 = r.schedule.sqrt_one_minus_alphas_cumprod(t);
      e_t = eps_from_output(param, x, out, sa, s1);
      pred_x0 = x0_from_output(param, x, out, sa, s1);
    }
    x = ddim_update(r, p, index, x, e_t, &pred_x0);
    r.report(i, n_run, x, pred_x0);
  }
  return x;
}

at::Tensor run_plms(Run& r, at::Tensor x, const DdimParameters& p, int n_run) {
  std::vector<at::Tensor> old_eps;
  for (int i = 0; i < n_run; ++i) {
    const int index = n_run - i - 1;
    const int64_t t = p.timesteps[index];
    const int64_t t_next = p.timesteps[std::max(index - 1, 0)];
    const auto e_t = r.model_eps(x, t);
    at::Tensor e_prime;
    const size_t k = old_eps.size();
    if (k == 0) {
      // Pseudo improved Euler (2nd order): a full DDIM step, a second evaluation there.
      at::Tensor unused;
      const auto x_mid = ddim_update(r, p, index, x, e_t, &unused);
      const auto e_next = r.model_eps(x_mid, t_next);
      e_prime = (e_t + e_next) / 2;
    } else if (k == 1) {
      e_prime = (3 * e_t - old_eps[k - 1]) / 2;
    } else if (k == 2) {
      e_prime = (23 * e_t - 16 * old_eps[k - 1] + 5 * old_eps[k - 2]) / 12;
    } else {
      e_prime = (55 * e_t - 59 * old_eps[k - 1] + 37 * old_eps[k - 2] - 9 * old_eps[k - 3]) / 24;
    }
    at::Tensor pred_x0;
    x = ddim_update(r, p, index, x, e_prime, &pred_x0);
    old_eps.push_back(e_t);
    if (old_eps.size() >= 4) old_eps.erase(old_eps.begin());
    r.report(i, n_run, x, pred_x0);
  }
  return x;
}

at::Tensor sample_ddim_family(Run& r, const at::Tensor& x_T, bool plms) {
  const auto& s = r.settings;
  const auto ts = ddim_timesteps(s.ddim_discretize, s.steps, r.schedule.num_timesteps());
  const auto p = ddim_parameters(r.schedule, ts, s.eta);
  const int total = static_cast<int>(ts.size());
  at::Tensor x;
  // img2img: DDIMSampler.stochastic_encode at ddim index t_enc, then decode() over the first t_enc
  // timesteps (scripts/img2img.py; the noise level is one ddim step above the first step run).
  const int n_run = start_of_run(s, total, x_T, [&](int t_enc, const at::Tensor& init) {
    return std::sqrt(p.alphas[t_enc]) * init + p.sqrt_one_minus_alphas[t_enc] * x_T;
  }, &x);
  return plms ? run_plms(r, x, p, n_run) : run_ddim(r, x, p, n_run);
}

// ---------------------------------------------------------------- DDPM (CompVis p_sample_loop)

// Timesteps of an N-step ancestral run: all T when N == T, else evenly spaced (round(k*(T-1)/(N-1)),
// guided-diffusion's space_timesteps), including 0 and T-1.
std::vector<int64_t> ddpm_timesteps(int steps, int64_t T) {
  std::vector<int64_t> ts;
  if (steps == T || steps == 1) {
    if (steps == 1) return {0};
    for (int64_t t = 0; t < T; ++t) ts.push_back(t);
    return ts;
  }
  const double stride = static_cast<double>(T - 1) / (steps - 1);
  for (int k = 0; k < steps; ++k) ts.push_back(static_cast<int64_t>(std::llround(k * stride)));
  return ts;
}

at::Tensor sample_ddpm(Run& r, const at::Tensor& x_T) {
  const auto& s = r.settings;
  const int64_t T = r.schedule.num_timesteps();
  if (s.steps > T)
    throw RequestError("ddpm takes at most " + std::to_string(T) + " steps (the model's schedule length)");
  const auto ts = ddpm_timesteps(s.steps, T);
  const bool full = static_cast<int64_t>(ts.size()) == T;
  const auto& acp64 = r.schedule.alphas_cumprod64();
  const auto param = r.schedule.parameterization();
  const int total = static_cast<int>(ts.size());
  at::Tensor x;
  // img2img: q_sample at the first timestep that runs.
  const int n_run = start_of_run(s, total, x_T, [&](int t_enc, const at::Tensor& init) {
    const int64_t t0 = ts[t_enc - 1];
    return r.schedule.sqrt_alphas_cumprod(t0) * init + r.schedule.sqrt_one_minus_alphas_cumprod(t0) * x_T;
  }, &x);
  for (int i = 0; i < n_run; ++i) {
    const int k = n_run - i - 1;
    const int64_t t = ts[k];
    const double acp = acp64[t];
    const double prev = k > 0 ? acp64[ts[k - 1]] : 1.0;
    const double beta = full ? r.schedule.betas64()[t] : 1.0 - acp / prev;
    const auto out = r.model_output(x, r.timestep(x, t));
    at::Tensor x_recon;
    if (param == Parameterization::Eps) {
      // predict_start_from_noise with the float32 buffers sqrt_recip(m1)_alphas_cumprod.
      x_recon = static_cast<float>(std::sqrt(1.0 / acp)) * x - static_cast<float>(std::sqrt(1.0 / acp - 1.0)) * out;
    } else {
      x_recon = x0_from_output(param, x, out, r.schedule.sqrt_alphas_cumprod(t),
                               r.schedule.sqrt_one_minus_alphas_cumprod(t));
    }
    if (r.schedule.clip_denoised()) x_recon = x_recon.clamp(-1.0, 1.0);
    const float coef1 = static_cast<float>(beta * std::sqrt(prev) / (1.0 - acp));
    const float coef2 = static_cast<float>((1.0 - prev) * std::sqrt(1.0 - beta) / (1.0 - acp));
    const double variance = beta * (1.0 - prev) / (1.0 - acp);
    const float log_variance = static_cast<float>(std::log(std::max(variance, 1e-20)));
    const auto mean = coef1 * x_recon + coef2 * x;
    const auto noise = r.noise_like(x);  // drawn at t = 0 too, where it is masked out
    x = t != 0 ? mean + std::exp(0.5f * log_variance) * noise : mean;
    r.report(i, n_run, x, x_recon);
  }
  return x;
}

// ---------------------------------------------------------------- k-diffusion samplers

at::Tensor sample_k(Run& r, const at::Tensor& x_T) {
  const auto& s = r.settings;
  const std::string& name = s.sampler;
  const KDenoiser kd(r.schedule, x_T.device());
  const auto sig_tensor = s.karras ? get_sigmas_karras(s.steps, kd.sigma_min(), kd.sigma_max(), s.rho)
                                   : kd.get_sigmas(s.steps);
  std::vector<float> sigmas(sig_tensor.data_ptr<float>(), sig_tensor.data_ptr<float>() + sig_tensor.numel());
  const int total_all = static_cast<int>(sigmas.size()) - 1;
  const int t_enc = img2img_steps(s, total_all);
  at::Tensor x;
  if (t_enc < 0) {
    x = x_T * sigmas[0];
  } else {
    sigmas.erase(sigmas.begin(), sigmas.begin() + (total_all - t_enc));
    x = s.init_latent.to(x_T.device(), x_T.scalar_type()) + x_T * sigmas[0];
  }
  const int n = static_cast<int>(sigmas.size()) - 1;

  const ModelFn inner = [&](const at::Tensor& xi, const at::Tensor& sigma, const Conditioning& c) {
    return kd.denoise(r.model, xi, sigma, c);
  };
  auto denoise = [&](const at::Tensor& xi, float sigma) {
    check_cancel(r.cancel);
    const auto sig = at::full({xi.size(0)}, sigma, at::TensorOptions().dtype(at::kFloat).device(xi.device()));
    return guided_call(inner, xi, sig, r.cond, r.uncond, s.guidance_scale).to(xi.scalar_type());
  };
  auto to_d = [](const at::Tensor& xi, float sigma, const at::Tensor& denoised) { return (xi - denoised) / sigma; };

  if (name == "euler") {
    for (int i = 0; i < n; ++i) {  // s_churn = 0: sigma_hat = sigma
      const auto denoised = denoise(x, sigmas[i]);
      const auto d = to_d(x, sigmas[i], denoised);
      const float dt = sigmas[i + 1] - sigmas[i];
      x = x + d * dt;
      r.report(i, n, x, denoised);
    }
  } else if (name == "euler_a") {
    for (int i = 0; i < n; ++i) {
      const auto denoised = denoise(x, sigmas[i]);
      // get_ancestral_step(sigma_from, sigma_to), eta = 1
      const float sf = sigmas[i], st = sigmas[i + 1];
      const float sigma_up = std::min(st, std::sqrt(st * st * (sf * sf - st * st) / (sf * sf)));
      const float sigma_down = std::sqrt(st * st - sigma_up * sigma_up);
      const auto d = to_d(x, sf, denoised);
      const float dt = sigma_down - sf;
      x = x + d * dt;
      x = x + r.noise_like(x) * sigma_up;
      r.report(i, n, x, denoised);
    }
  } else if (name == "heun") {
    for (int i = 0; i < n; ++i) {
      const auto denoised = denoise(x, sigmas[i]);
      const auto d = to_d(x, sigmas[i], denoised);
      const float dt = sigmas[i + 1] - sigmas[i];
      // Euler where the step ends at 0 (as k-diffusion) and, beyond k-diffusion, where it falls by
      // more than kHeunMaxSigmaRatio: the trapezoid assumes d changes about linearly over the
      // step, and from the sigma_max ~ 2e4 of a nearly zero-terminal-SNR schedule (cosine) to the
      // next sigma (~20 at 30 steps) any difference of the two x0 predictions comes back
      // multiplied by sigma / (2 sigma_next) (the bundled models sampled noise that way).
      if (sigmas[i + 1] == 0.0f || sigmas[i] > kHeunMaxSigmaRatio * sigmas[i + 1]) {
        x = x + d * dt;  // Euler method
      } else {
        const auto x_2 = x + d * dt;
        const auto denoised_2 = denoise(x_2, sigmas[i + 1]);
        const auto d_2 = to_d(x_2, sigmas[i + 1], denoised_2);
        const auto d_prime = (d + d_2) / 2;
        x = x + d_prime * dt;
      }
      r.report(i, n, x, denoised);
    }
  } else if (name == "lms") {
    const int order = 4;
    const std::vector<double> t(sigmas.begin(), sigmas.end());
    std::vector<at::Tensor> ds;
    for (int i = 0; i < n; ++i) {
      const auto denoised = denoise(x, sigmas[i]);
      ds.push_back(to_d(x, sigmas[i], denoised));
      if (static_cast<int>(ds.size()) > order) ds.erase(ds.begin());
      const int cur_order = std::min(i + 1, order);
      at::Tensor sum;
      for (int j = 0; j < cur_order; ++j) {  // zip(coeffs, reversed(ds))
        const double c = linear_multistep_coeff(cur_order, t, i, j);
        const auto term = c * ds[ds.size() - 1 - j];
        sum = sum.defined() ? sum + term : term;
      }
      x = x + sum;
      r.report(i, n, x, denoised);
    }
  } else if (name == "dpmpp_2m") {
    at::Tensor old_denoised;
    auto t_fn = [](float sigma) { return -std::log(sigma); };
    auto sigma_fn = [](float t) { return std::exp(-t); };
    for (int i = 0; i < n; ++i) {
      const auto denoised = denoise(x, sigmas[i]);
      if (sigmas[i + 1] == 0.0f) {
        x = denoised;  // h = inf: sigma_fn(t_next) = 0, -expm1(-h) = 1
      } else {
        const float t = t_fn(sigmas[i]), t_next = t_fn(sigmas[i + 1]);
        const float h = t_next - t;
        const float ratio = sigma_fn(t_next) / sigma_fn(t);
        const float em = std::expm1(-h);
        if (!old_denoised.defined()) {
          x = ratio * x - em * denoised;
        } else {
          const float h_last = t - t_fn(sigmas[i - 1]);
          const float r2 = h_last / h;
          const float inv = 1.0f / (2.0f * r2);
          const auto denoised_d = (1.0f + inv) * denoised - inv * old_denoised;
          x = ratio * x - em * denoised_d;
        }
      }
      old_denoised = denoised;
      r.report(i, n, x, denoised);
    }
  }
  return x;
}

}  // namespace

bool is_k_sampler(const std::string& name) {
  const SamplerInfo* s = find_sampler(name);
  return s != nullptr && s->k_diffusion;
}

at::Generator make_cpu_generator(uint64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(seed); }

at::Tensor randn_from(at::Generator& gen, at::IntArrayRef shape, const at::Device& device) {
  // at::randn locks the generator itself.
  const auto noise = at::randn(shape, gen, at::TensorOptions().dtype(at::kFloat));
  return device.is_cpu() ? noise : noise.to(device);
}

std::vector<int64_t> ddim_timesteps(const std::string& discretize, int steps, int64_t num_timesteps) {
  if (steps < 1) throw RequestError("steps must be at least 1 (got " + std::to_string(steps) + ")");
  std::vector<int64_t> ts;
  if (discretize == "uniform") {
    const int64_t c = num_timesteps / steps;
    if (c < 2)
      throw RequestError("ddim and plms take at most " + std::to_string(num_timesteps / 2) + " steps (got " +
                         std::to_string(steps) + ")");
    for (int64_t t = 0; t < num_timesteps; t += c) ts.push_back(t + 1);
  } else if (discretize == "quad") {
    // np.linspace(0, sqrt(T * .8), S) ** 2, truncated to int
    const double stop = std::sqrt(static_cast<double>(num_timesteps) * 0.8);
    const double step = steps > 1 ? stop / (steps - 1) : 0.0;
    for (int i = 0; i < steps; ++i) {
      const double v = (steps > 1 && i == steps - 1) ? stop : i * step;
      ts.push_back(static_cast<int64_t>(v * v) + 1);
    }
  } else {
    throw RequestError("unknown ddim discretization '" + discretize + "': use uniform or quad");
  }
  // make_ddim_timesteps would index past the schedule where T is not a multiple of the step count
  // (T = 1000, 3 steps: 1, 334, 667, 1000 and an IndexError); those timesteps are left out.
  while (!ts.empty() && ts.back() >= num_timesteps) ts.pop_back();
  if (ts.empty()) throw RequestError("too many steps for the model's " + std::to_string(num_timesteps) + "-step schedule");
  return ts;
}

DdimParameters ddim_parameters(const NoiseSchedule& schedule, const std::vector<int64_t>& timesteps, double eta) {
  DdimParameters p;
  p.timesteps = timesteps;
  for (size_t i = 0; i < timesteps.size(); ++i) {
    const float a = schedule.alphas_cumprod(timesteps[i]);
    const float a_prev = i == 0 ? schedule.alphas_cumprod(0) : schedule.alphas_cumprod(timesteps[i - 1]);
    p.alphas.push_back(a);
    p.alphas_prev.push_back(a_prev);
    // (1 - alphas) is a float32 tensor op in the reference, the rest float64.
    const double one_minus_a = static_cast<double>(1.0f - a);
    const double ap = a_prev;
    p.sigmas.push_back(static_cast<float>(eta * std::sqrt((1.0 - ap) / one_minus_a * (1.0 - a / ap))));
    p.sqrt_one_minus_alphas.push_back(std::sqrt(1.0f - a));
  }
  return p;
}

double linear_multistep_coeff(int order, const std::vector<double>& t, int i, int j) {
  TORCH_CHECK(order - 1 <= i, "Order ", order, " too high for step ", i);
  auto fn = [&](double tau) {
    double prod = 1.0;
    for (int k = 0; k < order; ++k) {
      if (j == k) continue;
      prod *= (tau - t[i - k]) / (t[i - j] - t[i - k]);
    }
    return prod;
  };
  // 4-point Gauss-Legendre: exact for polynomials up to degree 7 (the basis has degree order-1 <= 3).
  const double r = std::sqrt(6.0 / 5.0);
  const double x1 = std::sqrt(3.0 / 7.0 - 2.0 / 7.0 * r), x2 = std::sqrt(3.0 / 7.0 + 2.0 / 7.0 * r);
  const double w1 = (18.0 + std::sqrt(30.0)) / 36.0, w2 = (18.0 - std::sqrt(30.0)) / 36.0;
  const double a = t[i], b = t[i + 1];
  const double half = (b - a) / 2, mid = (a + b) / 2;
  return half * (w1 * (fn(mid - half * x1) + fn(mid + half * x1)) + w2 * (fn(mid - half * x2) + fn(mid + half * x2)));
}

void validate_sampler_settings(const SamplerSettings& settings) {
  const SamplerInfo* info = find_sampler(settings.sampler);
  if (info == nullptr) {
    std::vector<std::string> names;
    for (const auto& entry : sampler_registry()) names.push_back(entry.name);
    throw RequestError("unknown sampler '" + settings.sampler + "'" + text::did_you_mean(settings.sampler, names) +
                       ": use one of " + sampler_name_list(", "));
  }
  if (settings.steps < 1) throw RequestError("steps must be at least 1 (got " + std::to_string(settings.steps) + ")");
  if (!(settings.eta >= 0.0)) throw RequestError("eta must be 0 or more");
  if (settings.eta != 0.0 && !info->uses_eta)
    throw RequestError("eta applies to the ddim sampler only (" + settings.sampler + " takes no eta)");
  if (settings.karras && !info->k_diffusion) {
    std::string k;
    for (const auto& s : sampler_registry())
      if (s.k_diffusion) k += (k.empty() ? "" : ", ") + s.name;
    throw RequestError("Karras sigmas apply to the k-diffusion samplers (" + k + "), not " + settings.sampler);
  }
  if (!(settings.strength > 0.0 && settings.strength <= 1.0))
    throw RequestError("strength must be in (0, 1] (got " + std::to_string(settings.strength) + ")");
  if (!std::isfinite(settings.guidance_scale)) throw RequestError("the guidance scale must be a finite number");
}

at::Tensor sample(const SamplerSettings& settings, const NoiseSchedule& schedule, const at::Tensor& x_T,
                  const ModelFn& model, const Conditioning& cond, const Conditioning& uncond, at::Generator gen,
                  const SamplerStepCallback& callback, const std::atomic<bool>* cancel) {
  validate_sampler_settings(settings);
  TORCH_CHECK(x_T.dim() == 4, "x_T must be [B, C, H, W], got ", x_T.sizes());
  if (settings.init_latent.defined())
    TORCH_CHECK(settings.init_latent.sizes() == x_T.sizes(), "init latent ", settings.init_latent.sizes(),
                " does not match x_T ", x_T.sizes());
  check_cancel(cancel);

  Run run{settings, schedule, model, cond, uncond, gen, callback, cancel};
  const auto& name = settings.sampler;
  if (name == "ddim") return sample_ddim_family(run, x_T, false);
  if (name == "plms") return sample_ddim_family(run, x_T, true);
  if (name == "ddpm") return sample_ddpm(run, x_T);
  return sample_k(run, x_T);
}

}  // namespace ldm
