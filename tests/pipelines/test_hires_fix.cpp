// Hires fix (A1111's two-pass text-to-image): the engine's result is the documented composition of the
// pipelines (first pass at the request's size, its latent upscaled bilinearly or its picture bicubically,
// img2img at the larger size with the request's strength and the same seed), its progress counts both
// passes, and its PNG parameters read and write the web UI's Hires fields.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "core/api/engine.h"
#include "core/error.h"
#include "core/imaging/png_metadata.h"
#include "core/io/safetensors.h"
#include "core/io/yaml_json.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/pipelines.h"
#include "core/sampling/samplers.h"
#include "core/text/tokenizer.h"
#include "support/fixtures.h"
#include "support/requests.h"
#include "support/test_main.h"

using namespace ldm;

class HiresFixTest : public QObject {
  Q_OBJECT

  static GenerationRequest request() {
    GenerationRequest r = test::sd1_tiny_request(32, 48, 6, 11);
    r.eta = 0;
    r.cfg_scale = 3;
    r.strength = 0.5;
    r.hires_scale = 2;
    return r;
  }

 private Q_SLOTS:
  void engine_result_is_the_documented_composition() {
    Engine engine;
    for (const char* upscaler : {"latent", "bicubic"}) {
      GenerationRequest r = request();
      r.hires_upscaler = upscaler;
      std::vector<int> steps;
      int total = 0;
      RunOptions o;
      o.on_step = [&](const StepInfo& s) {
        steps.push_back(s.step);
        total = s.total;
      };
      const GenerationResult res = engine.run(r, o);
      QCOMPARE(res.images.at(0).width, 64);
      QCOMPARE(res.images.at(0).height, 96);
      // DDIM with 6 steps runs the reference's 7 timesteps (range(0, 1000, 1000 // 6)); the second pass
      // int(0.5 * 6) = 3 of them (scripts/img2img.py's t_enc).
      QCOMPARE(total, 7 + 3);
      QCOMPARE(static_cast<int>(steps.size()), total);
      for (size_t i = 0; i < steps.size(); ++i) QCOMPARE(steps[i], static_cast<int>(i) + 1);

      // The same, composed here from the pipelines.
      torch::NoGradGuard ng;
      auto model = LatentDiffusion::load(load_yaml_as_json(test::fixture_file("sd1-tiny", "config.yaml")),
                                         load_safetensors(r.model));
      const auto tok = tokenizer_for(*model);
      SamplerSettings s;
      s.sampler = "ddim";
      s.steps = 6;
      s.eta = 0;
      s.guidance_scale = 3;
      const PipelineResult first = txt2img(*model, *tok, {r.prompt}, "", 32, 48, s, 11, {}, at::Tensor());
      SamplerSettings second = s;
      second.strength = 0.5;
      namespace F = torch::nn::functional;
      at::Tensor init01;
      if (std::string(upscaler) == "latent") {
        second.init_latent = F::interpolate(
            first.latent, F::InterpolateFuncOptions().size(std::vector<int64_t>{96 / model->downsampling_factor(), 64 / model->downsampling_factor()}).mode(torch::kBilinear).align_corners(false));
      } else {
        init01 = F::interpolate(first.image01,
                                F::InterpolateFuncOptions().size(std::vector<int64_t>{96, 64}).mode(torch::kBicubic).align_corners(false))
                     .clamp(0, 1);
      }
      const PipelineResult want = txt2img(*model, *tok, {r.prompt}, "", 64, 96, second, 11, {}, init01);
      const Image expected = tensor01_to_image(want.image01);
      QVERIFY2(res.images.at(0).pixels == expected.pixels, upscaler);
    }
  }

  void a1111_parameters_round_trip() {
    GenerationRequest r = request();
    const std::string text = format_parameters(r, "sd1-tiny");
    QVERIFY2(text.find("Denoising strength: 0.5, Hires upscale: 2.0, Hires upscaler: Latent") != std::string::npos, text.c_str());
    const ParsedParameters back = parse_parameters(text);
    QCOMPARE(back.request.task, Task::Txt2Img);
    QCOMPARE(back.request.hires_scale, 2.0);
    QCOMPARE(back.request.hires_upscaler, std::string("latent"));
    QCOMPARE(back.request.strength, 0.5);
    // As the web UI writes it, with a picture upscaler this program does not have.
    const ParsedParameters a = parse_parameters(
        "castle\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, Model: v1-5, Denoising strength: 0.55, "
        "Hires upscale: 1.5, Hires steps: 10, Hires upscaler: R-ESRGAN 4x+");
    QCOMPARE(a.request.task, Task::Txt2Img);
    QCOMPARE(a.request.hires_scale, 1.5);
    QCOMPARE(a.request.hires_steps, 10);
    QCOMPARE(a.request.hires_upscaler, std::string("bicubic"));
    QCOMPARE(a.request.strength, 0.55);
    QCOMPARE(a.warnings.size(), size_t{1});
    QVERIFY(a.extra.count("Hires upscale") == 0);
  }

  void bad_options_are_refused() {
    Engine engine;
    GenerationRequest r = request();
    r.hires_scale = 5;
    QVERIFY_THROWS_EXCEPTION(RequestError, engine.run(r));
    r = request();
    r.hires_upscaler = "esrgan";
    QVERIFY_THROWS_EXCEPTION(RequestError, engine.run(r));
    r = request();
    r.task = Task::Img2Img;
    QVERIFY_THROWS_EXCEPTION(RequestError, engine.run(r));
  }
};

LDM_TEST_MAIN(HiresFixTest)
#include "test_hires_fix.moc"
