// Noise schedules, model wrapper and samplers.
// Fixture values (tests/data/*/): schedule buffers stored in model.safetensors and the sigma / x_T
// references of sd1-tiny, computed by the original CompVis / k-diffusion code (see their README.md).
// Analytic checks: for data concentrated on one point x0 the exact denoiser is known, so every
// deterministic sampler's trajectory is known in closed form.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <atomic>
#include <cmath>

#include "core/error.h"
#include "core/io/safetensors.h"
#include "core/io/yaml_json.h"
#include "core/sampling/model_wrapper.h"
#include "core/sampling/noise_schedule.h"
#include "core/sampling/samplers.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

NoiseSchedule fixture_schedule(const std::string& fixture) {
  const auto config = load_yaml_as_json(test::fixture_file(fixture, "config.yaml"));
  return NoiseSchedule::from_config(ScheduleConfig::from_compvis_params(config));
}

// The exact model output for data = the single point x0, written independently of the sampler code:
// alpha(t) = 1 / (1 + sigma(t)^2) with log sigma linearly interpolated between integer timesteps
// (sigma_k^2 = (1 - acp_k) / acp_k from the float32 alphas_cumprod), so alpha(k) = acp_k.
struct PointModel {
  at::Tensor x0;  // [1, C, H, W]
  std::vector<double> log_sigma;
  Parameterization param = Parameterization::Eps;
  int calls = 0;
  std::vector<int64_t> batches;
  std::vector<double> first_t;  // t of row 0 per call

  PointModel(const NoiseSchedule& s, at::Tensor point, Parameterization p) : x0(std::move(point)), param(p) {
    for (float a : s.alphas_cumprod32()) log_sigma.push_back(0.5 * std::log((1.0 - a) / a));
  }

  double alpha(double t) const {
    const auto lo = static_cast<size_t>(std::floor(t));
    const auto hi = static_cast<size_t>(std::ceil(t));
    const double w = t - std::floor(t);
    const double ls = (1 - w) * log_sigma[lo] + w * log_sigma[hi];
    return 1.0 / (1.0 + std::exp(2 * ls));
  }

  at::Tensor operator()(const at::Tensor& x, const at::Tensor& t, const Conditioning& c) {
    ++calls;
    batches.push_back(x.size(0));
    auto td = t.to(at::kDouble).cpu();
    first_t.push_back(td[0].item<double>());
    std::vector<at::Tensor> rows;
    for (int64_t b = 0; b < x.size(0); ++b) {
      const double a = alpha(td[b].item<double>());
      const auto xb = x[b].to(at::kDouble);
      const auto p0 = x0[0].to(at::kDouble);
      const auto eps = (xb - std::sqrt(a) * p0) / std::sqrt(1 - a);
      at::Tensor out;
      if (param == Parameterization::Eps) out = eps;
      else if (param == Parameterization::V) out = std::sqrt(a) * eps - std::sqrt(1 - a) * p0;
      else out = p0;
      // A conditioning offset lets the tests see which half of a CFG batch is which.
      if (c.crossattn.defined()) out = out + c.crossattn[b].to(at::kDouble).mean();
      rows.push_back(out.to(at::kFloat));
    }
    return at::stack(rows);
  }

  ModelFn fn() {
    return [this](const at::Tensor& x, const at::Tensor& t, const Conditioning& c) { return (*this)(x, t, c); };
  }
};

at::Tensor point_x0() {
  auto g = make_cpu_generator(7);
  return randn_from(g, {1, 4, 8, 8}).clamp(-2.5, 2.5) * 0.4;  // inside [-1, 1] (DDPM clips)
}

}  // namespace

class TestSamplers : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // DDPM.register_schedule buffers vs the float32 buffers stored in the fixtures' checkpoints.
  void scheduleBuffersMatchCheckpoints() {
    for (const std::string fixture : {"sd1-tiny", "sd2-tiny", "ldm-txt2img-tiny"}) {
      const auto schedule = fixture_schedule(fixture);
      const auto weights = load_safetensors(test::fixture_file(fixture, "model.safetensors"));
      double worst = 0;
      for (const auto& name : NoiseSchedule::buffer_names()) {
        const auto stored = weights.get(name);
        const auto mine = schedule.buffer(name);
        QCOMPARE(stored.scalar_type(), at::kFloat);
        const auto c = test::close_to(mine, stored, 1e-6, 0);
        worst = std::max(worst, c.max_abs);
        if (!c.ok) QFAIL(qPrintable(QString::fromStdString(fixture + " " + name) + " max diff " + QString::number(c.max_abs)));
      }
      // alphas_cumprod must be bit-identical: every sampler starts from it.
      QVERIFY(at::equal(schedule.buffer("alphas_cumprod"), weights.get("alphas_cumprod")));
      qInfo("%s: 12 schedule buffers, max |diff| %.3g", fixture.c_str(), worst);
    }
    QCOMPARE(fixture_schedule("sd2-tiny").parameterization(), Parameterization::V);
    QCOMPARE(fixture_schedule("sd1-tiny").parameterization(), Parameterization::Eps);
  }

  void otherBetaSchedules() {
    // cosine (improved DDPM): alphas_bar(t) = cos^2(((t/T + s) / (1 + s)) * pi/2) / alphas_bar(0)
    const auto cos = make_beta_schedule("cosine", 1000, 0, 0, 8e-3);
    auto f = [](double t) { return std::pow(std::cos((t / 1000.0 + 8e-3) / (1 + 8e-3) * M_PI / 2), 2); };
    for (int t : {0, 1, 500, 998})
      QVERIFY(std::abs(cos[t] - std::min(0.999, 1 - f(t + 1) / f(t))) < 1e-12);
    QCOMPARE(cos[999], 0.999);  // clipped
    const auto sl = make_beta_schedule("sqrt_linear", 1000, 1e-4, 2e-2);
    QVERIFY(std::abs(sl[0] - 1e-4) < 1e-15 && std::abs(sl[999] - 2e-2) < 1e-15);
    const auto lin = make_beta_schedule("linear", 1000, 0.00085, 0.012);
    QVERIFY(std::abs(lin[0] - 0.00085) < 1e-15 && std::abs(lin[999] - 0.012) < 1e-15);
    QVERIFY_THROWS_EXCEPTION(LoadError, make_beta_schedule("bogus", 10, 0.1, 0.2));
  }

  // The trainer's target is what the samplers' conversions read back: x0 and eps are recovered
  // from x_t and the target at every timestep where they are determined (v everywhere, also at the
  // cosine schedule's last step, where x_t is almost pure noise; eps where alpha_bar is not tiny).
  void trainingTargetMatchesConversions() {
    ScheduleConfig config;
    config.beta_schedule = "cosine";
    const auto schedule = NoiseSchedule::from_config(config);
    auto g = make_cpu_generator(3);
    const auto x0 = randn_from(g, {1, 4, 8, 8}).to(at::kDouble);
    const auto eps = randn_from(g, {1, 4, 8, 8}).to(at::kDouble);
    for (int p = 0; p < 3; ++p) {
      const auto param = Parameterization(p);
      for (int64_t t : {0, 250, 500, 900, 998, 999}) {
        const double sa = std::sqrt(schedule.alphas_cumprod64()[static_cast<size_t>(t)]);
        const double s1 = std::sqrt(1 - schedule.alphas_cumprod64()[static_cast<size_t>(t)]);
        const auto x_t = sa * x0 + s1 * eps;
        const auto target = training_target(param, x0, eps, at::scalar_tensor(sa, at::kDouble),
                                            at::scalar_tensor(s1, at::kDouble));
        if (param == Parameterization::V) QVERIFY(test::close_to(target, sa * eps - s1 * x0, 1e-12, 0).ok);
        const bool x0_determined = param != Parameterization::Eps || sa > 1e-2;
        const bool eps_determined = param != Parameterization::X0 || s1 > 1e-2;
        if (x0_determined)
          QVERIFY2(test::close_to(x0_from_output(param, x_t, target, sa, s1), x0, 1e-9, 1e-9).ok,
                   qPrintable(QString("x0, %1 at t=%2").arg(parameterization_name(param)).arg(t)));
        if (eps_determined)
          QVERIFY2(test::close_to(eps_from_output(param, x_t, target, sa, s1), eps, 1e-9, 1e-9).ok,
                   qPrintable(QString("eps, %1 at t=%2").arg(parameterization_name(param)).arg(t)));
      }
    }
  }

  void ddimTimestepsAndSigmas() {
    const auto schedule = fixture_schedule("sd1-tiny");
    const auto ts = ddim_timesteps("uniform", 10, 1000);
    QCOMPARE(ts, (std::vector<int64_t>{1, 101, 201, 301, 401, 501, 601, 701, 801, 901}));
    const auto ref = test::reference("sd1-tiny");
    const auto p = ddim_parameters(schedule, ts, 1.0);
    const auto sigmas = at::tensor(p.sigmas);
    const auto c = test::close_to(sigmas, ref.get("ddim_eta1_sigmas"), 1e-6, 0);
    qInfo("ddim_eta1_sigmas max |diff| %.3g", c.max_abs);
    QVERIFY(c.ok);
    QCOMPARE(p.alphas_prev[0], schedule.alphas_cumprod(0));  // not 1
    // ldm-txt2img stores its DDIM timesteps (ascending).
    const auto ldm_ts = test::reference("ldm-txt2img-tiny").get("timesteps");
    QVERIFY(at::equal(ldm_ts, at::tensor(ts)));
    QVERIFY_THROWS_EXCEPTION(RequestError, ddim_timesteps("uniform", 0, 1000));
    QVERIFY_THROWS_EXCEPTION(RequestError, ddim_timesteps("uniform", 501, 1000));
    QCOMPARE(ddim_timesteps("uniform", 500, 1000).back(), int64_t(999));
    QCOMPARE(ddim_timesteps("uniform", 30, 1000).size(), size_t(31));  // 1000 // 30 = 33, as the reference
    // 3 steps: the reference's arange(0, 1000, 333) + 1 ends at 1000, past the schedule; that one is left out.
    QCOMPARE(ddim_timesteps("uniform", 3, 1000), (std::vector<int64_t>{1, 334, 667}));
  }

  void kSigmas() {
    const auto schedule = fixture_schedule("sd1-tiny");
    const auto ref = test::reference("sd1-tiny");
    const KDenoiser kd(schedule);
    const auto def = kd.get_sigmas(10);
    const auto karras = get_sigmas_karras(10, kd.sigma_min(), kd.sigma_max(), 7.0);
    const auto c1 = test::close_to(def, ref.get("k_sigmas_default"), 1e-6, 0);
    const auto c2 = test::close_to(karras, ref.get("k_sigmas_karras"), 1e-6, 0);
    qInfo("k_sigmas_default max |diff| %.3g, k_sigmas_karras max |diff| %.3g", c1.max_abs, c2.max_abs);
    QVERIFY(c1.ok);
    QVERIFY(c2.ok);
    // sigma_to_t inverts t_to_sigma (also at fractional t), integer t gives the schedule's sigma.
    const auto t = at::tensor({999.0f, 500.25f, 17.5f, 0.0f});
    const auto back = kd.sigma_to_t(kd.t_to_sigma(t));
    QVERIFY(test::close_to(back, t, 2e-3, 0).ok);
    const float a = schedule.alphas_cumprod(500);
    QVERIFY(std::abs(kd.t_to_sigma(at::tensor({500.0f})).item<double>() - std::sqrt((1 - a) / a)) < 1e-5);
  }

  // torch.manual_seed(S); torch.randn(shape) == at::randn with a CPUGeneratorImpl seeded S.
  void initialNoiseFromSeed() {
    auto g = make_cpu_generator(42);
    const auto x = randn_from(g, {1, 4, 8, 8});
    QVERIFY(at::equal(x, test::reference("sd1-tiny").get("t2i_x_T")));
    QVERIFY(at::equal(x, test::reference("sd2-tiny").get("t2i_x_T")));
    auto g2 = make_cpu_generator(42);
    const auto ldm_ref = test::reference("ldm-txt2img-tiny");
    QVERIFY(at::equal(randn_from(g2, {2, 4, 8, 8}), ldm_ref.get("ddim.x_T")));
    QVERIFY(at::equal(ldm_ref.get("plms.x_T"), ldm_ref.get("ddim.x_T")));  // PLMS re-seeds 42
  }

  void guidanceBatchesUncondFirst() {
    auto fn = [](const at::Tensor& x, const at::Tensor&, const Conditioning& c) {
      return x * 0 + c.crossattn.mean({1, 2}).view({-1, 1, 1, 1});
    };
    const auto x = at::zeros({1, 4, 2, 2});
    const auto t = at::full({1}, 5, at::kLong);
    Conditioning cond, uncond;
    cond.crossattn = at::full({1, 3, 2}, 2.0);
    uncond.crossattn = at::full({1, 3, 2}, 1.0);
    const auto out = guided_call(fn, x, t, cond, uncond, 7.5);
    QVERIFY(at::allclose(out, at::full_like(x, 1.0 + 7.5 * (2.0 - 1.0))));
    QVERIFY(at::allclose(guided_call(fn, x, t, cond, uncond, 1.0), at::full_like(x, 2.0)));  // no uncond call
    // concat inputs present only in cond are shared by both halves; class labels are batched.
    Conditioning cc;
    cc.concat = at::ones({1, 3, 2, 2});
    cc.y = at::tensor({int64_t(4)});
    Conditioning uc;
    uc.y = at::tensor({int64_t(0)});
    const auto both = Conditioning::cat(uc, cc);
    QCOMPARE(both.concat.size(0), int64_t(2));
    QVERIFY(at::equal(both.y, at::tensor({int64_t(0), int64_t(4)})));
    QCOMPARE(concat_input(at::cat({x, x}), both).size(1), int64_t(7));
  }

  void lmsCoefficients() {
    // Equally spaced nodes: the Adams-Bashforth coefficients 55/24, -59/24, 37/24, -9/24.
    const std::vector<double> t = {0, 1, 2, 3, 4};
    const double expected[4] = {55.0 / 24, -59.0 / 24, 37.0 / 24, -9.0 / 24};
    for (int j = 0; j < 4; ++j) QVERIFY(std::abs(linear_multistep_coeff(4, t, 3, j) - expected[j]) < 1e-13);
    QVERIFY(std::abs(linear_multistep_coeff(2, t, 1, 0) - 1.5) < 1e-13);
    QVERIFY(std::abs(linear_multistep_coeff(2, t, 1, 1) + 0.5) < 1e-13);
    // Uneven nodes: the coefficients integrate every polynomial of degree < order exactly.
    const std::vector<double> s = {14.6, 7.1, 3.3, 1.2, 0.4, 0.0};
    double sum = 0, first = 0;
    for (int j = 0; j < 4; ++j) {
      const double c = linear_multistep_coeff(4, s, 4, j);
      sum += c;
      first += c * s[4 - j];
    }
    QVERIFY(std::abs(sum - (s[5] - s[4])) < 1e-12);                           // integral of 1
    QVERIFY(std::abs(first - (s[5] * s[5] - s[4] * s[4]) / 2) < 1e-12);       // integral of tau
  }

  // Every sampler on the exact denoiser of a point distribution, for eps, v and x0 models.
  void samplersOnPointDistribution_data() {
    QTest::addColumn<QString>("sampler");
    QTest::addColumn<bool>("karras");
    QTest::addColumn<int>("param");
    QTest::addColumn<bool>("cosine");
    for (int p = 0; p < 3; ++p)
      for (const char* s : {"ddim", "plms", "ddpm", "euler", "euler_a", "heun", "lms", "dpmpp_2m"})
        for (bool k : {false, true}) {
          if (k && !is_k_sampler(s)) continue;
          const QString name = QString::fromLatin1(s) + (k ? "_karras/" : "/") +
                               QString::fromLatin1(parameterization_name(Parameterization(p)));
          QTest::newRow(qPrintable(name)) << QString(s) << k << p << false;
          // The cosine schedule ends at alphas_cumprod = 2.4e-9 (sigma_max = 2e4, nearly zero
          // terminal SNR; the bundled models' schedule): v-prediction must sample it too.
          if (Parameterization(p) == Parameterization::V)
            QTest::newRow(qPrintable(name + "/cosine")) << QString(s) << k << p << true;
        }
  }
  void samplersOnPointDistribution() {
    QFETCH(QString, sampler);
    QFETCH(bool, karras);
    QFETCH(int, param);
    QFETCH(bool, cosine);
    ScheduleConfig cosine_config;
    cosine_config.beta_schedule = "cosine";
    cosine_config.parameterization = Parameterization(param);
    const auto schedule_eps = fixture_schedule("sd1-tiny");
    const auto schedule = cosine ? NoiseSchedule::from_config(cosine_config)
                                 : NoiseSchedule::from_alphas_cumprod(at::tensor(schedule_eps.alphas_cumprod32()),
                                                                      Parameterization(param));
    if (cosine) QVERIFY(KDenoiser(schedule).sigma_max() > 1e4);
    const auto x0 = point_x0();
    PointModel model(schedule, x0, Parameterization(param));
    SamplerSettings s;
    s.sampler = sampler.toStdString();
    s.karras = karras;
    s.steps = sampler == "ddpm" ? 1000 : 10;
    auto gen = make_cpu_generator(42);
    const auto x_T = randn_from(gen, {1, 4, 8, 8});
    std::vector<at::Tensor> xs, preds;
    const auto out = sample(s, schedule, x_T, model.fn(), {}, {}, gen,
                            [&](int, int, const at::Tensor& x, const at::Tensor& p) {
                              xs.push_back(x);
                              preds.push_back(p);
                            });
    const int n = static_cast<int>(xs.size());
    QCOMPARE(n, s.steps);
    QVERIFY(at::equal(out, xs.back()));
    double worst = 0;
    auto check = [&](const at::Tensor& a, const at::Tensor& b, double atol, const char* what) {
      const auto c = test::close_to(a, b, atol, 1e-5);
      worst = std::max(worst, c.max_abs);
      if (!c.ok) QFAIL(qPrintable(QString("%1: max |diff| %2").arg(what).arg(c.max_abs)));
    };
    for (const auto& p : preds) check(p, x0, 1e-3, "predicted x0");
    if (s.sampler == "ddim" || s.sampler == "plms") {
      // The exact eps is that of x_T at t = 901 all along: x after each step = sqrt(a_prev) x0 +
      // sqrt(1 - a_prev) eps.
      const auto p = ddim_parameters(schedule, ddim_timesteps("uniform", 10, 1000), 0.0);
      const double a_T = p.alphas.back();
      const auto eps = (x_T - std::sqrt(a_T) * x0) / std::sqrt(1 - a_T);
      for (int i = 0; i < n; ++i) {
        const double ap = p.alphas_prev[n - 1 - i];
        check(xs[i], std::sqrt(ap) * x0 + std::sqrt(1 - ap) * eps, 2e-4, "x after step");
      }
      QCOMPARE(model.calls, s.sampler == "plms" ? 11 : 10);
    } else if (s.sampler == "ddpm") {
      check(out, x0, 1e-4, "final");  // posterior mean at t=0 is x0 itself
      QCOMPARE(model.calls, 1000);
    } else {
      // The probability-flow ODE is solved exactly: with x = sigma_0 x_T at the start, the noise
      // direction is eps = x_T - x0 / sigma_0 and x = x0 + sigma_next * eps after every step
      // (euler_a: the final step lands on x0 too).
      const KDenoiser kd(schedule);
      const auto sig = karras ? get_sigmas_karras(10, kd.sigma_min(), kd.sigma_max()) : kd.get_sigmas(10);
      const auto eps = x_T - x0 / sig[0].item<double>();
      // float32 holds x = sigma_0 x_T to about sigma_0 * 6e-8 per unit: 1e-3 at the cosine
      // schedule's sigma_0 = 2e4. A Heun trapezoid out of sigma_0 would multiply that rounding by
      // sigma_0 / sigma_1 (1700 there), as k-diffusion's float32 Heun does; its Euler step there (a fall
      // by more than 100x; samplers.cpp) keeps every step on the analytic trajectory.
      const double atol = 2e-4 + 4 * sig[0].item<double>() * 6e-8;
      const bool euler_first = s.sampler == "heun" && sig[0].item<double>() > 100 * sig[1].item<double>();
      if (s.sampler == "heun") QCOMPARE(euler_first, cosine && !karras);
      if (s.sampler != "euler_a")
        for (int i = 0; i < n; ++i) check(xs[i], x0 + sig[i + 1].item<double>() * eps, atol, "x after step");
      check(out, x0, 1e-4, "final");
      QCOMPARE(model.calls, s.sampler == "heun" ? (euler_first ? 18 : 19) : 10);
      QVERIFY(model.first_t[0] > 998.9);  // t of sigma_max
    }
    qInfo("%s: max |diff| to the analytic trajectory %.3g", qPrintable(QTest::currentDataTag()), worst);
  }

  // A model is never exact: where its x0 prediction at sigma_max (about the data mean) differs
  // from the one at the next sigma, Heun's trapezoid from the cosine schedule's sigma_max = 2e4 to
  // sigma_1 = 18 (30 steps) threw x to sigma_0 / (2 sigma_1) = 550 times that difference, far outside
  // what the model had seen, and the bundled models sampled noise. With the Euler step there, x
  // after the first step is that prediction plus sigma_1 times the noise direction.
  void heunFromNearlyZeroTerminalSnr() {
    ScheduleConfig config;
    config.beta_schedule = "cosine";
    config.parameterization = Parameterization::V;
    const auto schedule = NoiseSchedule::from_config(config);
    const auto x0 = point_x0();
    PointModel at_max(schedule, x0 + 1.0, Parameterization::V), elsewhere(schedule, x0, Parameterization::V);
    const ModelFn model = [&](const at::Tensor& x, const at::Tensor& t, const Conditioning& c) {
      return t[0].item<double>() > 998.5 ? at_max(x, t, c) : elsewhere(x, t, c);
    };
    SamplerSettings s;
    s.sampler = "heun";
    s.steps = 30;
    auto gen = make_cpu_generator(3);
    const auto x_T = randn_from(gen, {1, 4, 8, 8});
    const auto sig = KDenoiser(schedule).get_sigmas(30);
    const double s0 = sig[0].item<double>(), s1 = sig[1].item<double>();
    QVERIFY(s0 > 1e4 && s1 < 30);
    std::vector<at::Tensor> xs;
    sample(s, schedule, x_T, model, {}, {}, gen, [&](int, int, const at::Tensor& x, const at::Tensor&) { xs.push_back(x); });
    const auto euler = (x0 + 1.0) + s1 * (x_T - (x0 + 1.0) / s0);
    // float32 holds x = sigma_0 x_T (up to 8e4) to about 5e-3; the trapezoid's error here is ~550.
    const auto c = test::close_to(xs[0], euler, 0.02, 1e-5);
    qInfo("first step: max |x - Euler step| %.3g; |x - x0| std %.1f (sigma_1 %.1f)", c.max_abs,
          (xs[0] - x0).std().item<double>(), s1);
    QVERIFY(c.ok);
    QCOMPARE(at_max.calls + elsewhere.calls, 1 + 2 * 28 + 1);  // Euler, 28 Heun steps, Euler to 0
  }

  // DDPM.clip_denoised: the ddpm sampler clamps its predicted x0 to [-1, 1] (the reference's default,
  // for pixel-space models); model.params.clip_denoised: false (latents of unit std) turns that off.
  void ddpmClipDenoisedFollowsTheConfig() {
    auto g = make_cpu_generator(5);
    const auto x0 = randn_from(g, {1, 4, 8, 8}) * 1.5;  // latent-like: about a third outside [-1, 1]
    QVERIFY((x0.abs() > 1).sum().item<int64_t>() > 30);
    for (bool clip : {true, false}) {
      nlohmann::json params = {{"linear_start", 0.00085}, {"linear_end", 0.012}, {"clip_denoised", clip}};
      const ScheduleConfig config = ScheduleConfig::from_compvis_params(params);
      QCOMPARE(config.clip_denoised, clip);
      const auto schedule = NoiseSchedule::from_config(config);
      PointModel model(schedule, x0, Parameterization::Eps);
      SamplerSettings s;
      s.sampler = "ddpm";
      s.steps = 50;
      auto gen = make_cpu_generator(42);
      const auto x_T = randn_from(gen, {1, 4, 8, 8});
      const auto out = sample(s, schedule, x_T, model.fn(), {}, {}, gen);
      const auto want = clip ? x0.clamp(-1, 1) : x0;
      const auto c = test::close_to(out, want, 1e-3, 1e-5);
      qInfo("clip_denoised %d: max |x - %s| %.3g", clip, clip ? "clamp(x0)" : "x0", c.max_abs);
      QVERIFY(c.ok);
    }
    QVERIFY(ScheduleConfig::from_compvis_params(nlohmann::json::object()).clip_denoised);  // reference default
    QVERIFY_THROWS_EXCEPTION(LoadError, ScheduleConfig::from_compvis_params(nlohmann::json{{"clip_denoised", "no"}}));
  }

  // Classifier-free guidance reaches the model as one doubled batch with uncond first.
  void guidanceInsideSamplers() {
    const auto schedule = fixture_schedule("sd1-tiny");
    for (const char* name : {"ddim", "plms", "euler", "heun", "dpmpp_2m"}) {
      PointModel model(schedule, point_x0(), Parameterization::Eps);
      SamplerSettings s;
      s.sampler = name;
      s.steps = 5;
      s.guidance_scale = 3.0;
      Conditioning cond, uncond;
      cond.crossattn = at::zeros({1, 77, 8});
      uncond.crossattn = at::zeros({1, 77, 8});
      auto gen = make_cpu_generator(1);
      const auto x_T = randn_from(gen, {1, 4, 8, 8});
      sample(s, schedule, x_T, model.fn(), cond, uncond, gen);
      for (auto b : model.batches) QCOMPARE(b, int64_t(2));
      // zero offsets: guidance of identical outputs is the output -> same result as no guidance
      PointModel plain(schedule, point_x0(), Parameterization::Eps);
      SamplerSettings s1 = s;
      s1.guidance_scale = 1.0;
      auto gen1 = make_cpu_generator(1);
      const auto x1 = randn_from(gen1, {1, 4, 8, 8});
      auto gen_a = make_cpu_generator(1);
      const auto xa = randn_from(gen_a, {1, 4, 8, 8});
      const auto a = sample(s, schedule, xa, model.fn(), cond, uncond, gen_a);
      const auto b = sample(s1, schedule, x1, plain.fn(), cond, uncond, gen1);
      QVERIFY(test::close_to(a, b, 1e-5, 0).ok);
      for (auto n : plain.batches) QCOMPARE(n, int64_t(1));
    }
  }

  // Draws after x_T: ddim one per step (eta 0 too), plms steps+1, ddpm one per step, euler_a one per
  // step, the other k samplers none.
  void randomNumberOrder() {
    const auto schedule = fixture_schedule("sd1-tiny");
    const std::vector<std::pair<std::string, int>> cases = {{"ddim", 10}, {"plms", 11}, {"ddpm", 20}, {"euler_a", 10},
                                                            {"euler", 0},  {"heun", 0},  {"lms", 0},   {"dpmpp_2m", 0}};
    for (const auto& [name, draws] : cases) {
      PointModel model(schedule, point_x0(), Parameterization::Eps);
      SamplerSettings s;
      s.sampler = name;
      s.steps = name == "ddpm" ? 20 : 10;
      auto gen = make_cpu_generator(42);
      const auto x_T = randn_from(gen, {1, 4, 8, 8});
      sample(s, schedule, x_T, model.fn(), {}, {}, gen);
      auto ref = make_cpu_generator(42);
      for (int i = 0; i < draws + 1; ++i) randn_from(ref, {1, 4, 8, 8});
      if (!at::equal(randn_from(gen, {3}), randn_from(ref, {3})))
        QFAIL(qPrintable(QString::fromStdString(name + ": generator not after the documented draws")));
    }
  }

  // DDIM eta = 1 adds sigma_t * (the step's draw): reproduce it from the documented order.
  void ddimEta1NoiseOrder() {
    const auto schedule = fixture_schedule("sd1-tiny");
    const auto x0 = point_x0();
    PointModel model(schedule, x0, Parameterization::Eps);
    SamplerSettings s;
    s.eta = 1.0;
    s.steps = 10;
    auto gen = make_cpu_generator(42);
    const auto x_T = randn_from(gen, {1, 4, 8, 8});
    const auto out = sample(s, schedule, x_T, model.fn(), {}, {}, gen);
    // Independent replay: exact eps of the point model, noises drawn in order after x_T.
    auto g = make_cpu_generator(42);
    auto x = randn_from(g, {1, 4, 8, 8}).to(at::kDouble);
    const auto p = ddim_parameters(schedule, ddim_timesteps("uniform", 10, 1000), 1.0);
    for (int index = 9; index >= 0; --index) {
      const double a = p.alphas[index], ap = p.alphas_prev[index], sg = p.sigmas[index];
      const auto eps = (x - std::sqrt(a) * x0.to(at::kDouble)) / std::sqrt(1 - a);
      const auto noise = randn_from(g, {1, 4, 8, 8}).to(at::kDouble);
      x = std::sqrt(ap) * x0.to(at::kDouble) + std::sqrt(1 - ap - sg * sg) * eps + sg * noise;
    }
    const auto c = test::close_to(out, x, 1e-4, 1e-4);
    qInfo("ddim eta=1 replay max |diff| %.3g", c.max_abs);
    QVERIFY(c.ok);
  }

  void img2imgStartsPartWay() {
    const auto schedule = fixture_schedule("sd1-tiny");
    const auto x0 = point_x0();
    for (const char* name : {"ddim", "plms", "ddpm", "euler", "dpmpp_2m"}) {
      PointModel model(schedule, x0, Parameterization::Eps);
      SamplerSettings s;
      s.sampler = name;
      s.steps = 10;
      s.strength = 0.5;
      s.init_latent = x0;  // already the point: every step must keep it there
      auto gen = make_cpu_generator(3);
      const auto x_T = randn_from(gen, {1, 4, 8, 8});
      const auto out = sample(s, schedule, x_T, model.fn(), {}, {}, gen);
      QCOMPARE(model.calls, std::string(name) == "plms" ? 6 : 5);
      if (std::string(name) == "ddim") QCOMPARE(model.first_t[0], 401.0);  // ddim_timesteps[t_enc - 1]
      if (std::string(name) == "ddim" || std::string(name) == "plms") {
        // As scripts/img2img.py: noised to ddim index t_enc (t = 501) by stochastic_encode, then
        // decode() runs from index t_enc - 1 (t = 401). The model reads eps at t = 401.
        const double a5 = schedule.alphas_cumprod(501), a4 = schedule.alphas_cumprod(401);
        const double a0 = schedule.alphas_cumprod(0);
        const auto start = std::sqrt(a5) * x0 + std::sqrt(1 - a5) * x_T;
        const auto eps = (start - std::sqrt(a4) * x0) / std::sqrt(1 - a4);
        QVERIFY(test::close_to(out, std::sqrt(a0) * x0 + std::sqrt(1 - a0) * eps, 2e-4, 1e-5).ok);
      } else {
        QVERIFY(test::close_to(out, x0, 1e-4, 1e-5).ok);
      }
    }
    SamplerSettings s;
    s.steps = 10;
    s.strength = 0.05;
    s.init_latent = x0;
    PointModel model(schedule, x0, Parameterization::Eps);
    auto gen = make_cpu_generator(3);
    QVERIFY_THROWS_EXCEPTION(RequestError, sample(s, schedule, x0, model.fn(), {}, {}, gen));
  }

  void cancelStopsWithinOneStep() {
    const auto schedule = fixture_schedule("sd1-tiny");
    for (const char* name : {"ddim", "plms", "ddpm", "euler_a", "heun", "lms"}) {
      PointModel model(schedule, point_x0(), Parameterization::Eps);
      std::atomic<bool> cancel{false};
      SamplerSettings s;
      s.sampler = name;
      s.steps = 10;
      auto gen = make_cpu_generator(5);
      const auto x_T = randn_from(gen, {1, 4, 8, 8});
      int last_step = -1;
      bool cancelled = false;
      try {
        sample(s, schedule, x_T, model.fn(), {}, {}, gen,
               [&](int step, int, const at::Tensor&, const at::Tensor&) {
                 last_step = step;
                 if (step == 2) cancel = true;
               },
               &cancel);
      } catch (const Cancelled&) {
        cancelled = true;
      }
      QVERIFY(cancelled);
      QCOMPARE(last_step, 2);
      // no model evaluation after the flag was raised
      const int expected = std::string(name) == "plms" ? 4 : std::string(name) == "heun" ? 6 : 3;
      QCOMPARE(model.calls, expected);
    }
    // already set: nothing runs
    PointModel model(schedule, point_x0(), Parameterization::Eps);
    std::atomic<bool> cancel{true};
    auto gen = make_cpu_generator(5);
    QVERIFY_THROWS_EXCEPTION(Cancelled, sample({}, schedule, at::zeros({1, 4, 8, 8}), model.fn(), {}, {}, gen, {}, &cancel));
    QCOMPARE(model.calls, 0);
  }

  void badRequests() {
    const auto schedule = fixture_schedule("sd1-tiny");
    PointModel model(schedule, point_x0(), Parameterization::Eps);
    auto gen = make_cpu_generator(5);
    const auto x = at::zeros({1, 4, 8, 8});
    auto message = [&](SamplerSettings s) -> std::string {
      try {
        sample(s, schedule, x, model.fn(), {}, {}, gen);
      } catch (const RequestError& e) {
        return e.what();
      }
      return {};
    };
    SamplerSettings s;
    s.sampler = "k_euler_fancy";
    QVERIFY(message(s).find("unknown sampler 'k_euler_fancy'") != std::string::npos);
    QVERIFY(message(s).find("dpmpp_2m") != std::string::npos);  // lists the valid names
    s = {};
    s.steps = 0;
    QVERIFY(!message(s).empty());
    s = {};
    s.sampler = "plms";
    s.eta = 0.5;
    QVERIFY(!message(s).empty());
    s = {};
    s.karras = true;
    QVERIFY(!message(s).empty());
    s = {};
    s.steps = 600;
    QVERIFY(!message(s).empty());
    s = {};
    s.sampler = "ddpm";
    s.steps = 1001;
    QVERIFY(!message(s).empty());
    QCOMPARE(model.calls, 0);
  }
};

LDM_TEST_MAIN(TestSamplers)
#include "test_samplers.moc"
