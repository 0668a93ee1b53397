// Convolutional (tiled) sampling: LatentDiffusion.apply_model with split_input_params
// (ldm/models/diffusion/ddpm.py). With a per-pixel model, unfold -> model -> weight -> fold ->
// normalise must give back the untiled result everywhere (no seams), a constant input stays
// constant, and patches that do not cover the latent are refused. Independent of any network.
#include <torch/torch.h>

#include "core/error.h"
#include "core/pipelines/tiled_sampling.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

class TestTiling : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void no_seams_with_a_pointwise_model() {
    SplitInputParams p;
    p.ks = {16, 16};
    p.stride = {8, 8};
    p.vqf = 4;
    const ModelFn pointwise = [](const at::Tensor& x, const at::Tensor&, const Conditioning& c) {
      return c.concat.defined() ? x * 2.0 + c.concat : x * 2.0;
    };
    const auto t = torch::zeros({1}, torch::kLong);
    Conditioning none;
    const auto constant = torch::full({1, 3, 32, 32}, 0.25);
    LDM_COMPARE_CLOSE(apply_model_split(pointwise, constant, t, none, p), torch::full({1, 3, 32, 32}, 0.5), 1e-6, 0.0);
    const auto x = torch::randn({2, 3, 40, 40});
    Conditioning c;
    c.concat = torch::randn({2, 3, 40, 40});  // the low-res image is cut into the same patches
    LDM_COMPARE_CLOSE(apply_model_split(pointwise, x, t, c, p), x * 2.0 + c.concat, 1e-5, 1e-5);
    p.tie_braker = true;
    LDM_COMPARE_CLOSE(apply_model_split(pointwise, x, t, c, p), x * 2.0 + c.concat, 1e-5, 1e-5);
  }

  void patch_outputs_are_blended_by_border_distance() {
    // Each patch returns its own index: the blend at a pixel is the weighted mean of the indices of
    // the patches covering it, so values stay within [0, L-1] and are exact where one patch covers.
    SplitInputParams p;
    p.ks = {8, 8};
    p.stride = {4, 4};
    int calls = 0;
    const ModelFn index = [&calls](const at::Tensor& x, const at::Tensor&, const Conditioning&) {
      return torch::full_like(x, static_cast<double>(calls++));
    };
    const auto out = apply_model_split(index, torch::zeros({1, 1, 16, 16}), torch::zeros({1}, torch::kLong), {}, p);
    QCOMPARE(calls, 9);
    QCOMPARE(out[0][0][0][0].item<float>(), 0.0f);    // top-left corner: patch 0 only
    QCOMPARE(out[0][0][15][15].item<float>(), 8.0f);  // bottom-right corner: patch 8 only
    QVERIFY(out.min().item<float>() >= 0.0f && out.max().item<float>() <= 8.0f);
  }

  void refuses_uncovered_latents_and_plans_tiles() {
    SplitInputParams p;
    p.ks = {16, 16};
    p.stride = {8, 8};
    const ModelFn id = [](const at::Tensor& x, const at::Tensor&, const Conditioning&) { return x; };
    QVERIFY_THROWS_EXCEPTION(RequestError,
                             apply_model_split(id, torch::zeros({1, 3, 36, 36}), torch::zeros({1}, torch::kLong), {}, p));
    SplitInputParams planned;
    QVERIFY(plan_split(256, 256, 128, 64, 4, &planned));  // 256x256 -> 1024x1024: 3x3 tiles of 128
    QCOMPARE(planned.ks[0], int64_t{128});
    QCOMPARE(planned.stride[0], int64_t{64});
    QVERIFY(!plan_split(64, 64, 128, 64, 4, &planned));   // fits one tile: no splitting
    QVERIFY(plan_split(200, 256, 128, 64, 4, &planned));  // stride shrinks per axis to cover exactly
    QCOMPARE((200 - planned.ks[0]) % planned.stride[0], int64_t{0});
    QCOMPARE((256 - planned.ks[1]) % planned.stride[1], int64_t{0});
  }
};

LDM_TEST_MAIN(TestTiling)
#include "test_tiling.moc"
