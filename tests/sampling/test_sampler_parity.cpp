// Whole sampling runs vs the reference fixtures (tests/data/<fixture>/README.md):
//  sd1-tiny   CompVis/stable-diffusion DDIMSampler / PLMSSampler (eta 0 and 1) and k-diffusion
//             sample_euler / sample_heun / sample_lms / sample_dpmpp_2m (Karras) on CompVisDenoiser,
//             guidance 7.5, 10 steps, from the stored t2i_cond / t2i_uncond / t2i_x_T.
//  sd2-tiny   Stability-AI/stablediffusion DDIMSampler with a v-prediction model (fp16-stored weights).
//  ldm-txt2img-tiny  CompVis/latent-diffusion DDIM and PLMS, batch 2, guidance 5, seed 42.
//  sd1-tiny / sd2-tiny reference-extra (README-extra.md): k-diffusion sample_euler_ancestral (plain and
//             Karras sigmas) on both, and sample_euler / sample_heun / sample_dpmpp_2m (Karras) on the
//             v-prediction model (CompVisVDenoiser).
// Tolerances are the READMEs': SD latents atol 5e-3 + rtol 1e-3 (values reach ~50), LDM latents
// atol 2e-3 + rtol 1e-3. The conditioning tensors are the stored references (no text encoder here).
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "core/io/safetensors.h"
#include "core/io/yaml_json.h"
#include "core/models/unet_model.h"
#include "core/nn/load_weights.h"
#include "core/sampling/samplers.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

struct Loaded {
  UNetModel unet{nullptr};
  NoiseSchedule schedule;
  StateDict ref;
};

Loaded load(const std::string& fixture) {
  Loaded l;
  const auto config = load_yaml_as_json(test::fixture_file(fixture, "config.yaml"));
  l.unet = UNetModel(UNetConfig::from_compvis(config["model"]["params"]["unet_config"]));
  const auto weights = load_safetensors(test::fixture_file(fixture, "model.safetensors"));
  LoadOptions options;
  options.what = "UNet";
  load_weights(*l.unet, weights.select("model.diffusion_model."), options);
  l.unet->eval();
  l.schedule = NoiseSchedule::from_config(ScheduleConfig::from_compvis_params(config));
  l.ref = test::reference(fixture);
  return l;
}

struct Result {
  at::Tensor final;
  std::vector<at::Tensor> xs, preds;
};

Result run(Loaded& l, const SamplerSettings& s, const at::Tensor& x_T, const Conditioning& cond,
           const Conditioning& uncond, at::Generator gen) {
  c10::InferenceMode guard;
  const ModelFn model = [&](const at::Tensor& x, const at::Tensor& t, const Conditioning& c) {
    return l.unet->forward(concat_input(x, c), t, c.crossattn, c.y);
  };
  Result r;
  r.final = sample(s, l.schedule, x_T, model, cond, uncond, gen, [&](int, int, const at::Tensor& x, const at::Tensor& p) {
    r.xs.push_back(x.clone());
    r.preds.push_back(p.clone());
  });
  return r;
}

bool compare(const char* what, const at::Tensor& actual, const at::Tensor& expected, double atol, double rtol) {
  const auto c = test::close_to(actual, expected, atol, rtol);
  qInfo("%-28s max |diff| %.3g (max |ref| %.3g)%s", what, c.max_abs, expected.abs().max().item<double>(),
        c.ok ? "" : "  <-- exceeds tolerance");
  return c.ok;
}

Conditioning crossattn(const at::Tensor& t) {
  Conditioning c;
  c.crossattn = t;
  return c;
}

}  // namespace

class TestSamplerParity : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sd1() {
    auto l = load("sd1-tiny");
    const auto x_T = l.ref.get("t2i_x_T");
    const auto cond = crossattn(l.ref.get("t2i_cond"));
    const auto uncond = crossattn(l.ref.get("t2i_uncond"));
    const double atol = 5e-3, rtol = 1e-3;
    bool ok = true;
    auto seeded = [&](at::Tensor* x) {
      auto g = make_cpu_generator(42);
      *x = randn_from(g, {1, 4, 8, 8});
      return g;
    };
    SamplerSettings s;
    s.steps = 10;
    s.guidance_scale = 7.5;
    for (const char* name : {"ddim", "plms"}) {
      s.sampler = name;
      at::Tensor x;
      auto g = seeded(&x);
      QVERIFY(at::equal(x, x_T));
      const auto r = run(l, s, x, cond, uncond, g);
      std::vector<at::Tensor> inter = {x_T};
      inter.insert(inter.end(), r.xs.begin(), r.xs.end());
      const std::string p = name;
      ok &= compare((p + "_x_inter").c_str(), at::cat(inter), l.ref.get(p + "_x_inter"), atol, rtol);
      ok &= compare((p + "_pred_x0").c_str(), at::cat(r.preds), l.ref.get(p + "_pred_x0"), atol, rtol);
      ok &= compare((p + "_final").c_str(), r.final, l.ref.get(p + "_final"), atol, rtol);
    }
    {
      s.sampler = "ddim";
      s.eta = 1.0;
      at::Tensor x;
      auto g = seeded(&x);
      const auto r = run(l, s, x, cond, uncond, g);
      std::vector<at::Tensor> inter = {x_T};
      inter.insert(inter.end(), r.xs.begin(), r.xs.end());
      ok &= compare("ddim_eta1_x_inter", at::cat(inter), l.ref.get("ddim_eta1_x_inter"), atol, rtol);
      ok &= compare("ddim_eta1_final", r.final, l.ref.get("ddim_eta1_final"), atol, rtol);
      s.eta = 0.0;
    }
    const std::vector<std::tuple<const char*, bool, const char*>> k = {{"euler", false, "k_euler_final"},
                                                                     {"heun", false, "k_heun_final"},
                                                                     {"lms", false, "k_lms_final"},
                                                                     {"dpmpp_2m", true, "k_dpmpp_2m_karras_final"}};
    for (const auto& [name, karras, key] : k) {
      s.sampler = name;
      s.karras = karras;
      at::Tensor x;
      auto g = seeded(&x);
      const auto r = run(l, s, x, cond, uncond, g);
      ok &= compare(key, r.final, l.ref.get(key), atol, rtol);
    }
    QVERIFY(ok);
  }

  void sd2VPrediction() {
    auto l = load("sd2-tiny");
    QCOMPARE(l.schedule.parameterization(), Parameterization::V);
    const auto x_T = l.ref.get("t2i_x_T");
    SamplerSettings s;
    s.steps = 10;
    s.guidance_scale = 7.5;
    auto g = make_cpu_generator(42);
    const auto x = randn_from(g, {1, 4, 8, 8});
    QVERIFY(at::equal(x, x_T));
    const auto r = run(l, s, x, crossattn(l.ref.get("t2i_cond")), crossattn(l.ref.get("t2i_uncond")), g);
    std::vector<at::Tensor> inter = {x_T};
    inter.insert(inter.end(), r.xs.begin(), r.xs.end());
    bool ok = true;
    ok &= compare("sd2 ddim_x_inter", at::cat(inter), l.ref.get("ddim_x_inter"), 5e-3, 1e-3);
    ok &= compare("sd2 ddim_pred_x0", at::cat(r.preds), l.ref.get("ddim_pred_x0"), 5e-3, 1e-3);
    ok &= compare("sd2 ddim_final", r.final, l.ref.get("ddim_final"), 5e-3, 1e-3);
    QVERIFY(ok);
  }

  // README-extra.md: the sigmas, Euler ancestral (one draw per step after the model call, none after
  // the last) and, for the v model, the other k-samplers; x_T and the conditioning as README.md.
  void kSamplersExtra_data() {
    QTest::addColumn<QString>("fixture");
    QTest::newRow("sd1 (eps)") << "sd1-tiny";
    QTest::newRow("sd2 (v)") << "sd2-tiny";
  }
  void kSamplersExtra() {
    QFETCH(QString, fixture);
    auto l = load(fixture.toStdString());
    const StateDict extra = load_safetensors(test::fixture_file(fixture.toStdString(), "reference-extra.safetensors"));
    const auto cond = crossattn(l.ref.get("t2i_cond"));
    const auto uncond = crossattn(l.ref.get("t2i_uncond"));
    const double atol = 5e-3, rtol = 1e-3;
    bool ok = true;
    const KDenoiser kd(l.schedule);
    ok &= compare("k_sigmas_default", kd.get_sigmas(10), extra.get("k_sigmas_default"), 1e-6, 1e-6);
    ok &= compare("k_sigmas_karras", get_sigmas_karras(10, kd.sigma_min(), kd.sigma_max(), 7.0),
                  extra.get("k_sigmas_karras"), 1e-6, 1e-6);
    std::vector<std::tuple<const char*, bool, const char*>> runs = {{"euler_a", false, "k_euler_a_final"},
                                                                   {"euler_a", true, "k_euler_a_karras_final"}};
    if (l.schedule.parameterization() == Parameterization::V) {
      runs.emplace_back("euler", false, "k_euler_final");
      runs.emplace_back("heun", false, "k_heun_final");
      runs.emplace_back("dpmpp_2m", true, "k_dpmpp_2m_karras_final");
    }
    for (const auto& [name, karras, key] : runs) {
      SamplerSettings s;
      s.steps = 10;
      s.guidance_scale = 7.5;
      s.sampler = name;
      s.karras = karras;
      auto g = make_cpu_generator(42);
      const auto x = randn_from(g, {1, 4, 8, 8});
      QVERIFY(at::equal(x, l.ref.get("t2i_x_T")));
      const auto r = run(l, s, x, cond, uncond, g);
      ok &= compare(key, r.final, extra.get(key), atol, rtol);
    }
    QVERIFY(ok);
  }

  void ldmTxt2img() {
    auto l = load("ldm-txt2img-tiny");
    const auto cond = crossattn(l.ref.get("e2e.c"));
    const auto uncond = crossattn(l.ref.get("e2e.uc"));
    bool ok = true;
    for (const char* name : {"ddim", "plms"}) {
      SamplerSettings s;
      s.sampler = name;
      s.steps = 10;
      s.guidance_scale = 5.0;
      auto g = make_cpu_generator(42);
      const auto x = randn_from(g, {2, 4, 8, 8});
      const std::string p = name;
      QVERIFY(at::equal(x, l.ref.get(p + ".x_T")));
      const auto r = run(l, s, x, cond, uncond, g);
      ok &= compare((p + ".x_inter").c_str(), at::stack(r.xs), l.ref.get(p + ".x_inter"), 2e-3, 1e-3);
      ok &= compare((p + ".pred_x0").c_str(), at::stack(r.preds), l.ref.get(p + ".pred_x0"), 2e-3, 1e-3);
      ok &= compare((p + ".samples").c_str(), r.final, l.ref.get(p + ".samples"), 2e-3, 1e-3);
    }
    QVERIFY(ok);
  }
};

LDM_TEST_MAIN(TestSamplerParity)
#include "test_sampler_parity.moc"
