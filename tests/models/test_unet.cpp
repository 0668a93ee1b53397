// UNetModel parity against the reference fixtures (tests/data/*/README.md), built both from the
// CompVis config.yaml and from tensor shapes alone; reduced precision; full-size parameter
// counts; shape-detection errors.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cmath>
#include <cstdlib>
#include <iterator>
#include <map>

#include "core/error.h"
#include "core/io/yaml_json.h"
#include "core/models/unet_config.h"
#include "core/models/unet_model.h"
#include "core/nn/attention.h"
#include "core/nn/layers.h"
#include "core/nn/load_weights.h"
#include "core/runtime/cpu_allocator.h"
#include "support/errors.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

StateDict model_weights(const std::string& fixture) {
  return load_safetensors(test::fixture_file(fixture, "model.safetensors"));
}

// The UNet weights a fixture's reference used: the EMA copy (model_ema.<name without dots>) for the
// fixtures that sample inside ema_scope() (README: "All sampling references use EMA weights").
StateDict unet_weights(const StateDict& full, bool use_ema) {
  StateDict unet = full.select("model.diffusion_model.");
  if (!use_ema) return unet;
  StateDict ema;
  for (const auto& key : unet.keys()) {
    std::string flat = "model_ema.diffusion_model";
    for (char ch : key) {
      if (ch != '.') flat += ch;
    }
    if (!full.contains(flat)) throw std::runtime_error("fixture lacks EMA tensor " + flat);
    ema.set(key, full.get(flat));
  }
  return ema;
}

UNetConfig config_from_yaml(const std::string& fixture) {
  nlohmann::json cfg = load_yaml_as_json(test::fixture_file(fixture, "config.yaml"));
  return UNetConfig::from_compvis(cfg.at("model").at("params").at("unet_config"));
}

UNetModel build(const UNetConfig& config, const StateDict& weights) {
  UNetModel model(config);
  LoadOptions opts;
  opts.what = "UNet";
  load_weights(*model, weights, opts);
  model->eval();
  return model;
}

// Heads as documented in each fixture README (not recoverable from shapes).
UNetHeads heads_of(const std::string& fixture) {
  UNetHeads h;
  if (fixture == "sd1-tiny") h.num_heads = 2;
  else if (fixture == "sd2-tiny") h.num_head_channels = 8;
  else if (fixture == "ldm-txt2img-tiny") h.num_heads = 4;
  else if (fixture == "ldm-inpaint-tiny") h.num_heads = 2;
  else h.num_head_channels = 16;  // ldm-sr-tiny, ldm-layout-tiny
  return h;
}

struct UNetCase {
  at::Tensor x, t, context, expected;
};

// eps of the first DDIM step (t = 901), recovered from the stored x_T and pred_x0[0]:
// pred_x0 = (x - sqrt(1-a) eps) / sqrt(a)  =>  eps = (x - sqrt(a) pred_x0) / sqrt(1-a),
// with a = alphas_cumprod[901] from the checkpoint buffer. The inversion shrinks the reference's
// rounding error by sqrt(a)/sqrt(1-a) < 1, so the single-forward tolerance applies.
at::Tensor eps_from_first_ddim_step(const StateDict& full, const at::Tensor& x_T, const at::Tensor& pred_x0_0) {
  const double a = full.get("alphas_cumprod")[901].item<double>();
  return ((x_T.to(at::kDouble) - std::sqrt(a) * pred_x0_0.to(at::kDouble)) / std::sqrt(1.0 - a)).to(at::kFloat);
}

UNetCase case_of(const std::string& fixture, const StateDict& full) {
  StateDict ref = test::reference(fixture);
  UNetCase c;
  if (fixture == "sd1-tiny" || fixture == "sd2-tiny") {
    c = {ref.get("unet_x"), ref.get("unet_t"), ref.get("unet_context"), ref.get("unet_out")};
  } else if (fixture == "ldm-txt2img-tiny") {
    c = {ref.get("unet.x"), ref.get("unet.t"), ref.get("unet.context"), ref.get("unet.eps")};
  } else if (fixture == "ldm-inpaint-tiny") {
    at::Tensor x_T = ref.get("ddim.x_T");
    c.x = at::cat({x_T, ref.get("cond.c")}, 1);  // concat conditioning: [1, 3+4, 8, 8]
    c.t = at::full({x_T.size(0)}, 901, at::kLong);
    c.expected = eps_from_first_ddim_step(full, x_T, ref.get("ddim.pred_x0")[0]);
  } else if (fixture == "ldm-sr-tiny") {
    at::Tensor x_T = ref.get("ddim.x_T");
    c.x = at::cat({x_T, ref.get("example.LR_image").permute({0, 3, 1, 2})}, 1);  // [1, 3+3, 16, 16]
    c.t = at::full({x_T.size(0)}, 901, at::kLong);
    c.expected = eps_from_first_ddim_step(full, x_T, ref.get("ddim.pred_x0")[0]);
  } else if (fixture == "ldm-layout-tiny") {
    at::Tensor x_T = ref.get("ddim.x_T");
    c.x = x_T;
    c.t = at::full({x_T.size(0)}, 901, at::kLong);
    c.context = ref.get("cond.c");  // BERT over layout tokens [4, 92, 8]
    c.expected = eps_from_first_ddim_step(full, x_T, ref.get("ddim.pred_x0")[0]);
  }
  return c;
}

bool uses_ema(const std::string& fixture) {
  return fixture == "ldm-inpaint-tiny" || fixture == "ldm-sr-tiny" || fixture == "ldm-layout-tiny";
}

nlohmann::json comparable(const UNetConfig& c) {
  nlohmann::json j = c.to_json();
  j.erase("image_size");
  j.erase("legacy");  // only matters when channels are not divisible by the heads; not in the shapes
  // Rates beyond the deepest level (bsr_sr lists 16 with 4 levels) create nothing.
  std::vector<int64_t> reachable;
  for (int64_t r : j["attention_resolutions"].get<std::vector<int64_t>>()) {
    if (r <= (int64_t(1) << (c.levels() - 1))) reachable.push_back(r);
  }
  j["attention_resolutions"] = reachable;
  // disable_self_attentions of a level without attention layers has nothing to act on.
  if (j.contains("disable_self_attentions")) {
    auto flags = j["disable_self_attentions"].get<std::vector<bool>>();
    bool any = false;
    for (size_t l = 0; l < flags.size(); ++l) {
      flags[l] = flags[l] && c.has_attention_at(int64_t(1) << l);
      any = any || flags[l];
    }
    if (any) j["disable_self_attentions"] = flags;
    else j.erase("disable_self_attentions");
  }
  return j;
}

std::string load_error_of(const StateDict& w) {
  return test::error_message<LoadError>([&] { UNetConfig::from_state_dict(w); });
}

// unet_config.params of released configs (read from the repositories named in each comment).
nlohmann::json sd15_params() {  // CompVis/stable-diffusion configs/stable-diffusion/v1-inference.yaml
  return nlohmann::json::parse(R"({"image_size": 32, "in_channels": 4, "out_channels": 4, "model_channels": 320,
    "attention_resolutions": [4, 2, 1], "num_res_blocks": 2, "channel_mult": [1, 2, 4, 4], "num_heads": 8,
    "use_spatial_transformer": true, "transformer_depth": 1, "context_dim": 768, "use_checkpoint": true,
    "legacy": false})");
}
nlohmann::json sd2_params() {  // Stability-AI/stablediffusion configs/stable-diffusion/v2-inference.yaml
  return nlohmann::json::parse(R"({"use_checkpoint": true, "use_fp16": true, "image_size": 32, "in_channels": 4,
    "out_channels": 4, "model_channels": 320, "attention_resolutions": [4, 2, 1], "num_res_blocks": 2,
    "channel_mult": [1, 2, 4, 4], "num_head_channels": 64, "use_spatial_transformer": true,
    "use_linear_in_transformer": true, "transformer_depth": 1, "context_dim": 1024, "legacy": false})");
}
nlohmann::json ldm_txt2img_params() {  // configs/latent-diffusion/txt2img-1p4B-eval.yaml
  return nlohmann::json::parse(R"({"image_size": 32, "in_channels": 4, "out_channels": 4, "model_channels": 320,
    "attention_resolutions": [4, 2, 1], "num_res_blocks": 2, "channel_mult": [1, 2, 4, 4], "num_heads": 8,
    "use_spatial_transformer": true, "transformer_depth": 1, "context_dim": 1280, "use_checkpoint": true,
    "legacy": false})");
}

const char* kFixtures[] = {"sd1-tiny", "sd2-tiny", "ldm-txt2img-tiny", "ldm-inpaint-tiny", "ldm-sr-tiny",
                           "ldm-layout-tiny"};

}  // namespace

class TestUNet : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::manual_seed(0); }

  // Scores chunked over queries equal the plain softmax(q k^T / sqrt(d)) v.
  void attentionChunking() {
    torch::NoGradGuard ng;
    at::Tensor q = torch::randn({2, 3, 50, 8}), k = torch::randn({2, 3, 37, 8}), v = torch::randn({2, 3, 37, 8});
    at::Tensor ref = at::matmul(at::softmax(at::matmul(q.to(at::kDouble), k.to(at::kDouble).transpose(-1, -2)) /
                                                std::sqrt(8.0), -1),
                                v.to(at::kDouble));
    LDM_COMPARE_CLOSE(attention_chunked(q, k, v, 2 * 3 * 37 * 7), ref, 1e-5, 1e-5);  // 8 chunks of 7 rows
    LDM_COMPARE_CLOSE(attention_chunked(q, k, v), ref, 1e-5, 1e-5);
    LDM_COMPARE_CLOSE(attention(q, k, v), ref, 1e-5, 1e-5);
    at::Tensor half = attention_chunked(q.to(at::kBFloat16), k.to(at::kBFloat16), v.to(at::kBFloat16), 300);
    QVERIFY(half.scalar_type() == at::kBFloat16);
    LDM_COMPARE_CLOSE(half, ref, 5e-2, 5e-2);
  }

  // ldm::Conv2d and ldm::Linear draw the init torch::nn's modules draw (training and random-weight
  // benchmarks depend on it) and compute the same function; inside SkipParameterInit they draw nothing.
  void layersInitLikeTorch() {
    torch::NoGradGuard ng;
    auto same = [](const at::Tensor& a, const at::Tensor& b) { return a.defined() == b.defined() && (!a.defined() || at::equal(a, b)); };
    for (bool bias : {true, false}) {
      torch::manual_seed(7);
      torch::nn::Conv2d theirs(torch::nn::Conv2dOptions(6, 5, 3).stride(2).padding(1).bias(bias));
      torch::manual_seed(7);
      Conv2d ours(Conv2dOptions(6, 5, 3).stride(2).padding(1).bias(bias));
      QVERIFY(same(ours->weight, theirs->weight));
      QVERIFY(same(ours->bias, theirs->bias));
      QCOMPARE(ours->named_parameters().keys(), theirs->named_parameters().keys());
      const at::Tensor x = torch::randn({2, 6, 9, 7});
      QVERIFY(at::equal(ours->forward(x), theirs->forward(x)));

      torch::manual_seed(8);
      torch::nn::Linear their_linear(torch::nn::LinearOptions(12, 4).bias(bias));
      torch::manual_seed(8);
      Linear our_linear(LinearOptions(12, 4).bias(bias));
      QVERIFY(same(our_linear->weight, their_linear->weight));
      QVERIFY(same(our_linear->bias, their_linear->bias));
      QCOMPARE(our_linear->named_parameters().keys(), their_linear->named_parameters().keys());
      const at::Tensor y = torch::randn({3, 5, 12});
      // at::linear (Python's F.linear) folds the bias into the product; LibTorch 1.13's module adds it
      // afterwards: the same function up to rounding.
      LDM_COMPARE_CLOSE(our_linear->forward(y), their_linear->forward(y), 1e-6, 1e-6);
      QVERIFY(at::equal(our_linear->forward(y), at::linear(y, their_linear->weight, their_linear->bias)));
    }
    // The weights are not all zero or constant: a real draw happened.
    Conv2d drawn(Conv2dOptions(4, 4, 3));
    QVERIFY(drawn->weight.std().item<double>() > 0.01);

    torch::manual_seed(9);
    const at::Tensor expected = torch::rand({4});
    torch::manual_seed(9);
    {
      const SkipParameterInit no_init;
      QVERIFY(SkipParameterInit::active());
      Conv2d conv(Conv2dOptions(64, 64, 3));
      Linear linear(64, 64);
      QCOMPARE(conv->weight.sizes().vec(), (std::vector<int64_t>{64, 64, 3, 3}));
      QCOMPARE(linear->bias.sizes().vec(), (std::vector<int64_t>{64}));
    }
    QVERIFY(!SkipParameterInit::active());
    QVERIFY(at::equal(torch::rand({4}), expected));  // the generator was not used
  }

  // unet_out of every fixture, model built from config.yaml and from shapes (same weights).
  void parity_data() {
    QTest::addColumn<QString>("fixture");
    for (const char* f : kFixtures) QTest::newRow(f) << QString(f);
  }
  void parity() {
    QFETCH(QString, fixture);
    const std::string name = fixture.toStdString();
    torch::NoGradGuard ng;
    StateDict full = model_weights(name);
    StateDict weights = unet_weights(full, uses_ema(name));
    UNetCase c = case_of(name, full);

    UNetConfig from_yaml = config_from_yaml(name);
    UNetConfig from_shapes = UNetConfig::from_state_dict(weights, heads_of(name));
    QCOMPARE(QString::fromStdString(comparable(from_shapes).dump()), QString::fromStdString(comparable(from_yaml).dump()));

    for (const auto* cfg : {&from_yaml, &from_shapes}) {
      UNetModel model = build(*cfg, weights);
      // The analytic layout equals the module's parameters, name by name.
      auto shapes = cfg->parameter_shapes();
      auto params = model->named_parameters(true);
      QCOMPARE(params.size(), shapes.size());
      for (size_t i = 0; i < shapes.size(); ++i) {
        QCOMPARE(params[shapes[i].first].sizes().vec(), shapes[i].second);
      }
      QCOMPARE(count_parameters(*model), cfg->parameter_count());
      QCOMPARE(count_parameters(*model), weights.parameter_count());

      at::Tensor out = model->forward(c.x, c.t, c.context);
      auto close = test::close_to(out, c.expected, 1e-4, 1e-4);
      qInfo("%s (%s): max |diff| %.3g over %lld values (max |ref| %.3g)", name.c_str(),
            cfg == &from_yaml ? "config.yaml" : "shapes", close.max_abs, static_cast<long long>(out.numel()),
            c.expected.abs().max().item<double>());
      // README tolerance for single forward passes: atol 1e-4, rtol 1e-4.
      LDM_COMPARE_CLOSE(out, c.expected, 1e-4, 1e-4);
    }
  }

  // UNetConfig::forward_peak_bytes, which the engine uses to refuse a size that cannot fit before it
  // runs, against the bytes the caching CPU allocator saw in tensors at once during one forward pass
  // (weights excluded), for the fixtures' and the bundled models' architectures at two sizes.
  void forwardPeakEstimate_data() {
    QTest::addColumn<QString>("config");
    // One of each layout of layers (sd2-tiny and the LDM text, layout and super-resolution fixtures repeat
    // sd1-tiny's or ldm-inpaint-tiny's; the bundled inpainting and class models, shapes-txt2img's).
    for (const char* f : {"sd1-tiny", "ldm-inpaint-tiny"})
      QTest::newRow(f) << QString::fromStdString(test::fixture_file(f, "config.yaml"));
    for (const char* m : {"shapes-txt2img", "shapes-upscale", "shapes-semantic"})
      QTest::newRow(m) << QStringLiteral(LDM_RESOURCES_DIR "/models/%1/config.yaml").arg(m);
  }
  void forwardPeakEstimate() {
    QFETCH(QString, config);
    if (!install_cpu_caching_allocator())
      QSKIP("the caching CPU allocator is off (LDM_CPU_CACHE_MB=0): nothing counts the bytes");
    torch::NoGradGuard ng;
    const nlohmann::json cfg = load_yaml_as_json(config.toStdString());
    const UNetConfig c = UNetConfig::from_compvis(cfg.at("model").at("params").at("unet_config"));
    UNetModel model(c);
    model->eval();
    for (int64_t side : {64, 96}) {
      const int64_t batch = 2;
      const at::Tensor x = torch::randn({batch, c.in_channels, side, side});
      const at::Tensor t = torch::full({batch}, 500, torch::kLong);
      at::Tensor context, y;
      if (c.context_dim > 0) context = torch::randn({batch, 77, c.context_dim});
      if (c.class_embedding == UNetClassEmbedding::Classes) y = torch::zeros({batch}, torch::kLong);
      reset_cpu_peak();
      const auto before = static_cast<int64_t>(cpu_cache_stats().allocated_bytes);
      const at::Tensor out = model->forward(x, t, context, y);
      const auto measured = static_cast<int64_t>(cpu_cache_stats().peak_allocated_bytes) - before;
      const int64_t estimate = c.forward_peak_bytes(batch, side, side, 4);
      const double ratio = static_cast<double>(estimate) / static_cast<double>(measured);
      qInfo("%s at %lldx%lld, batch 2: measured %.1f MB, estimated %.1f MB (x%.2f)", qPrintable(config.section('/', -2, -2)),
            static_cast<long long>(side), static_cast<long long>(side), measured / 1e6, estimate / 1e6, ratio);
      // An estimate to refuse on: not below what runs (else a fitting request is refused only when
      // memory is tight), nor far above (else one that fits is refused).
      QVERIFY2(ratio >= 0.75 && ratio <= 1.5, qPrintable(QString::number(ratio)));
    }
  }

  // Fractional timesteps (k-diffusion) and float timesteps give the same result as int64.
  void floatTimesteps() {
    torch::NoGradGuard ng;
    StateDict full = model_weights("sd1-tiny");
    StateDict weights = unet_weights(full, false);
    UNetModel model = build(config_from_yaml("sd1-tiny"), weights);
    UNetCase c = case_of("sd1-tiny", full);
    LDM_COMPARE_CLOSE(model->forward(c.x, c.t.to(at::kFloat), c.context), c.expected, 1e-4, 1e-4);
    at::Tensor frac = model->forward(c.x, c.t.to(at::kFloat) + 0.5, c.context);
    QVERIFY(torch::isfinite(frac).all().item<bool>());
  }

  // bf16 (CPU) and fp16 (CUDA when present): finite and loosely close to the fp32 reference.
  void reducedPrecision_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("dtype");
    for (const char* f : {"sd1-tiny", "sd2-tiny", "ldm-inpaint-tiny"}) {
      QTest::newRow((std::string(f) + "/bf16").c_str()) << QString(f) << QString("bf16");
      QTest::newRow((std::string(f) + "/fp16").c_str()) << QString(f) << QString("fp16");
    }
  }
  void reducedPrecision() {
    QFETCH(QString, fixture);
    QFETCH(QString, dtype);
    const std::string name = fixture.toStdString();
    const bool fp16 = dtype == "fp16";
    at::Device device = at::kCPU;
    if (fp16) {
      if (!torch::cuda::is_available()) QSKIP("fp16 needs CUDA (LibTorch CPU kernels lack half convolutions)");
      device = at::kCUDA;
    }
    torch::NoGradGuard ng;
    StateDict full = model_weights(name);
    StateDict weights = unet_weights(full, uses_ema(name));
    UNetCase c = case_of(name, full);
    UNetModel model = build(config_from_yaml(name), weights);
    model->to(device, fp16 ? at::kHalf : at::kBFloat16);
    at::Tensor out = model->forward(c.x.to(device), c.t.to(device), c.context.defined() ? c.context.to(device) : c.context);
    QVERIFY(out.scalar_type() == at::kFloat);  // returned in the dtype of x
    out = out.cpu();
    QVERIFY(torch::isfinite(out).all().item<bool>());
    const double scale = c.expected.abs().max().item<double>();
    auto close = test::close_to(out, c.expected, 0.0, 0.0);
    qInfo("%s %s: max |diff| vs fp32 reference %.3g (max |ref| %.3g)", name.c_str(), qPrintable(dtype), close.max_abs,
          scale);
    // Loose: bf16 keeps 8 mantissa bits; errors compound over ~30 layers.
    QVERIFY2(close.max_abs < 0.1 * scale + 0.05, "reduced-precision output too far from the fp32 reference");
    const double rel = ((out - c.expected).norm() / c.expected.norm()).item<double>();
    QVERIFY2(rel < 0.05, qPrintable(QString("relative L2 error %1").arg(rel)));
  }

  // Released full-size configurations. SD 1.5 and SD 2.x counts are the published ones;
  // txt2img-1p4B-eval.yaml differs from v1-inference.yaml only in context_dim 1280 vs 768, which
  // widens to_k and to_v of attn2 in its 16 transformer blocks (inner widths 5x320, 5x640, 6x1280).
  void fullSizeParameterCounts() {
    const int64_t sd15 = 859520964, sd2 = 865910724;
    const int64_t txt2img = sd15 + 2 * (1280 - 768) * (5 * 320 + 5 * 640 + 6 * 1280);
    QCOMPARE(UNetConfig::from_compvis(sd15_params()).parameter_count(), sd15);
    QCOMPARE(UNetConfig::from_compvis(sd2_params()).parameter_count(), sd2);
    QCOMPARE(UNetConfig::from_compvis(ldm_txt2img_params()).parameter_count(), txt2img);
    qInfo("txt2img-1p4B UNet parameters: %lld", static_cast<long long>(txt2img));
    // Building the modules themselves takes ~3.5 GB each: opt in with LDM_TEST_FULL_UNET=1.
    if (std::getenv("LDM_TEST_FULL_UNET") == nullptr) return;
    for (const auto& [params, expected] : {std::pair{sd15_params(), sd15}, std::pair{sd2_params(), sd2},
                                           std::pair{ldm_txt2img_params(), txt2img}}) {
      UNetModel model(UNetConfig::from_compvis(params));
      QCOMPARE(count_parameters(*model), expected);
    }
  }

  // Shapes -> config of the full-size layouts (built as shape-only StateDicts).
  void detectsFullSizeFamilies() {
    for (const auto& params : {sd15_params(), sd2_params(), ldm_txt2img_params()}) {
      UNetConfig expected = UNetConfig::from_compvis(params);
      StateDict shapes_only;
      for (const auto& [key, shape] : expected.parameter_shapes()) {
        shapes_only.set(key, at::empty(shape, at::TensorOptions().device(at::kMeta)));
      }
      UNetConfig detected = UNetConfig::from_state_dict(shapes_only);
      QCOMPARE(QString::fromStdString(comparable(detected).dump()), QString::fromStdString(comparable(expected).dump()));
    }
  }

  // Config -> shapes -> config round trip over the layouts of the released configs (zoo
  // models/ldm/*/config.yaml, SD inpainting, an x4-upscaler-like layout) and the options no fixture
  // uses (conv_resample off, per-level num_res_blocks, class labels).
  void detectsEveryZooLayout() {
    const char* layouts[] = {
        // lsun_churches256: scale-shift norm, resblock_updown, 5 levels
        R"({"in_channels": 4, "out_channels": 4, "model_channels": 192, "attention_resolutions": [1, 2, 4, 8],
            "num_res_blocks": 2, "channel_mult": [1, 2, 2, 4, 4], "num_heads": 8, "use_scale_shift_norm": true,
            "resblock_updown": true})",
        // lsun_beds256 / celeba256 / ffhq256
        R"({"in_channels": 3, "out_channels": 3, "model_channels": 224, "attention_resolutions": [8, 4, 2],
            "num_res_blocks": 2, "channel_mult": [1, 2, 3, 4], "num_head_channels": 32})",
        // inpainting_big
        R"({"in_channels": 7, "out_channels": 3, "model_channels": 256, "attention_resolutions": [8, 4, 2],
            "num_res_blocks": 2, "channel_mult": [1, 2, 3, 4], "num_heads": 8, "resblock_updown": true})",
        // bsr_sr
        R"({"in_channels": 6, "out_channels": 3, "model_channels": 160, "attention_resolutions": [16, 8],
            "num_res_blocks": 2, "channel_mult": [1, 2, 2, 4], "num_head_channels": 32})",
        // cin256
        R"({"in_channels": 4, "out_channels": 4, "model_channels": 256, "attention_resolutions": [4, 2, 1],
            "num_res_blocks": 2, "channel_mult": [1, 2, 4], "num_head_channels": 32, "use_spatial_transformer": true,
            "transformer_depth": 1, "context_dim": 512})",
        // cin256-v2
        R"({"in_channels": 3, "out_channels": 3, "model_channels": 192, "attention_resolutions": [8, 4, 2],
            "num_res_blocks": 2, "channel_mult": [1, 2, 3, 5], "num_heads": 1, "use_spatial_transformer": true,
            "transformer_depth": 1, "context_dim": 512})",
        // layout2img-openimages256
        R"({"in_channels": 3, "out_channels": 3, "model_channels": 128, "attention_resolutions": [32, 16, 8],
            "num_res_blocks": 2, "channel_mult": [1, 4, 8], "num_head_channels": 32, "use_spatial_transformer": true,
            "transformer_depth": 3, "context_dim": 512})",
        // SD 1.x inpainting, SD 2.x inpainting (9 input channels)
        R"({"in_channels": 9, "out_channels": 4, "model_channels": 320, "attention_resolutions": [4, 2, 1],
            "num_res_blocks": 2, "channel_mult": [1, 2, 4, 4], "num_heads": 8, "use_spatial_transformer": true,
            "transformer_depth": 1, "context_dim": 768, "legacy": false})",
        R"({"in_channels": 9, "out_channels": 4, "model_channels": 320, "attention_resolutions": [4, 2, 1],
            "num_res_blocks": 2, "channel_mult": [1, 2, 4, 4], "num_head_channels": 64, "use_spatial_transformer": true,
            "use_linear_in_transformer": true, "transformer_depth": 1, "context_dim": 1024, "legacy": false})",
        // x4-upscaler-like: class labels, self-attention disabled on some levels
        R"({"num_classes": 1000, "in_channels": 7, "out_channels": 4, "model_channels": 256,
            "attention_resolutions": [2, 4, 8], "num_res_blocks": 2, "channel_mult": [1, 2, 2, 4],
            "disable_self_attentions": [true, true, true, false], "num_heads": 8, "use_spatial_transformer": true,
            "transformer_depth": 1, "context_dim": 1024, "legacy": false, "use_linear_in_transformer": true})",
        // parameter-free resampling, per-level res blocks, 'sequential' class embedding
        R"({"in_channels": 4, "out_channels": 4, "model_channels": 64, "attention_resolutions": [2],
            "num_res_blocks": [1, 2, 3], "channel_mult": [1, 2, 2], "num_heads": 4, "conv_resample": false,
            "num_classes": "sequential", "adm_in_channels": 16})",
    };
    for (const char* text : layouts) {
      nlohmann::json params = nlohmann::json::parse(text);
      UNetConfig expected = UNetConfig::from_compvis(params);
      StateDict shapes_only;
      for (const auto& [key, shape] : expected.parameter_shapes()) {
        shapes_only.set(key, at::empty(shape, at::TensorOptions().device(at::kMeta)));
      }
      UNetHeads heads;
      heads.num_heads = expected.num_heads;
      heads.num_head_channels = expected.num_heads > 0 ? -1 : expected.num_head_channels;
      UNetConfig detected = UNetConfig::from_state_dict(shapes_only, heads);
      QCOMPARE(QString::fromStdString(comparable(detected).dump()), QString::fromStdString(comparable(expected).dump()));
    }
    // The module built from the small one names and shapes its parameters as the plan (the reference's
    // state-dict keys) says, the nested label_emb.0.0 of the 'sequential' class embedding included.
    const UNetConfig small = UNetConfig::from_compvis(nlohmann::json::parse(layouts[std::size(layouts) - 1]));
    UNetModel built(small);
    std::map<std::string, std::vector<int64_t>> module_shapes, plan_shapes;
    for (const auto& p : built->named_parameters()) module_shapes[p.key()] = p.value().sizes().vec();
    for (const auto& [key, shape] : small.parameter_shapes()) plan_shapes[key] = shape;
    QVERIFY(plan_shapes.count("label_emb.0.0.weight") && plan_shapes.count("label_emb.0.2.bias"));
    QCOMPARE(module_shapes, plan_shapes);
  }

  // The code paths no fixture takes run and use their inputs: class labels, scale-shift norm,
  // resblock_updown, the new QKV order, parameter-free resampling.
  void syntheticOptionsForward() {
    torch::NoGradGuard ng;
    for (const char* text : {
             R"({"in_channels": 3, "out_channels": 3, "model_channels": 32, "attention_resolutions": [2],
                 "num_res_blocks": 1, "channel_mult": [1, 2], "num_heads": 2, "use_scale_shift_norm": true,
                 "resblock_updown": true, "use_new_attention_order": true, "num_classes": 10})",
             R"({"in_channels": 3, "out_channels": 3, "model_channels": 32, "attention_resolutions": [1],
                 "num_res_blocks": [1, 2], "channel_mult": [1, 1], "num_head_channels": 16, "conv_resample": false,
                 "num_classes": 10})"}) {
      UNetModel model(UNetConfig::from_compvis(nlohmann::json::parse(text)));
      model->eval();
      at::Tensor x = torch::randn({2, 3, 8, 8}), t = torch::tensor({5, 700}, at::kLong);
      at::Tensor a = model->forward(x, t, {}, torch::tensor({1, 2}, at::kLong));
      at::Tensor b = model->forward(x, t, {}, torch::tensor({3, 2}, at::kLong));
      QCOMPARE(a.sizes().vec(), (std::vector<int64_t>{2, 3, 8, 8}));
      QVERIFY(torch::isfinite(a).all().item<bool>());
      QVERIFY(!torch::equal(a[0], b[0]));  // the label changes the output...
      QVERIFY(torch::allclose(a[1], b[1]));  // ...of its own batch element only
      QVERIFY_THROWS_EXCEPTION(c10::Error, model->forward(x, t));  // labels required
    }
  }

  // LDM Studio's coordinate channels: the first convolution reads [x, coord x, coord y]; with the
  // coordinate weights at zero the network is the plain one, and it equals a plain 6-channel UNet fed
  // the pixel-centre ramps from -1 to 1 (computed here independently), at a non-square size.
  void coordinateChannels() {
    torch::NoGradGuard ng;
    const char* text = R"({"in_channels": 4, "out_channels": 4, "model_channels": 32, "attention_resolutions": [2],
                 "num_res_blocks": 1, "channel_mult": [1, 2], "num_head_channels": 32, "use_spatial_transformer": true,
                 "context_dim": 8, "legacy": false})";
    nlohmann::json p = nlohmann::json::parse(text);
    UNetModel plain(UNetConfig::from_compvis(p));
    p["coord_channels"] = 2;
    const UNetConfig cc = UNetConfig::from_compvis(p);
    QCOMPARE(cc.to_json().value("coord_channels", 0), 2);
    UNetModel coords(cc);
    QCOMPARE(coords->named_parameters()["input_blocks.0.0.weight"].sizes().vec(), (std::vector<int64_t>{32, 6, 3, 3}));
    plain->eval();
    coords->eval();
    for (auto& q : coords->named_parameters()) {
      const at::Tensor src = plain->named_parameters()[q.key()];
      if (q.key() == "input_blocks.0.0.weight") {
        q.value().zero_();
        q.value().narrow(1, 0, 4).copy_(src);
      } else {
        q.value().copy_(src);
      }
    }
    const at::Tensor x = torch::randn({2, 4, 8, 12}), t = torch::tensor({5, 700}, at::kLong), ctx = torch::randn({2, 3, 8});
    QVERIFY(torch::allclose(plain->forward(x, t, ctx), coords->forward(x, t, ctx), 1e-5, 1e-6));
    coords->named_parameters()["input_blocks.0.0.weight"].narrow(1, 4, 2).normal_();
    QVERIFY(!torch::allclose(plain->forward(x, t, ctx), coords->forward(x, t, ctx), 1e-3, 1e-3));
    // The ramps the network appends, computed independently of the UNet.
    const at::Tensor xs = (torch::arange(12).to(at::kFloat) + 0.5) / 6.0 - 1.0;
    const at::Tensor ys = (torch::arange(8).to(at::kFloat) + 0.5) / 4.0 - 1.0;
    const at::Tensor in = torch::cat({x, torch::stack({xs.view({1, 12}).expand({8, 12}), ys.view({8, 1}).expand({8, 12})})
                                             .unsqueeze(0).expand({2, 2, 8, 12})}, 1);
    // Same network evaluated as a plain UNet with 6 input channels fed the explicit ramps.
    p.erase("coord_channels");
    p["in_channels"] = 6;
    p["out_channels"] = 4;
    UNetModel explicit_in(UNetConfig::from_compvis(p));
    explicit_in->eval();
    for (auto& q : explicit_in->named_parameters()) q.value().copy_(coords->named_parameters()[q.key()]);
    QVERIFY(torch::allclose(explicit_in->forward(in, t, ctx), coords->forward(x, t, ctx), 1e-5, 1e-6));
    p["coord_channels"] = 3;
    p["in_channels"] = 4;
    QVERIFY_THROWS_EXCEPTION(LoadError, UNetConfig::from_compvis(p));
  }

  void wrongShapesNameTheKey() {
    StateDict base = model_weights("sd1-tiny").select("model.diffusion_model.");
    QVERIFY(load_error_of(base).empty());
    struct Case {
      std::string key;
      std::vector<int64_t> shape;  // empty: remove the key
    };
    const std::vector<Case> cases = {
        {"time_embed.0.weight", {100, 32}},
        {"input_blocks.1.0.in_layers.2.weight", {32, 48, 3, 3}},
        {"input_blocks.0.0.weight", {32, 4, 3}},
        {"middle_block.1.transformer_blocks.0.attn2.to_k.weight", {64, 16}},
        {"output_blocks.2.1.proj_out.weight", {32, 32, 3, 3}},
        {"out.2.weight", {4, 16, 3, 3}},
        {"middle_block.1.proj_in.weight", {}},  // named as its layer, middle_block.1
        {"input_blocks.1.0.skip_connection.weight", {64, 32, 1, 1}},
        {"input_blocks.1.0.unknown.weight", {3}},
        {"something_else.weight", {3}},
    };
    for (const auto& c : cases) {
      StateDict w = base;
      if (c.shape.empty()) w.erase(c.key);
      else w.set(c.key, at::zeros(c.shape));
      const std::string msg = load_error_of(w);
      QVERIFY2(!msg.empty(), qPrintable(QString::fromStdString("no LoadError for " + c.key)));
      const std::string named = c.key == "middle_block.1.proj_in.weight" ? "middle_block.1" : c.key;
      QVERIFY2(msg.find(named) != std::string::npos, qPrintable(QString::fromStdString(c.key + " not named in: " + msg)));
    }
    // An empty or foreign state dict is a LoadError too.
    QVERIFY(!load_error_of(StateDict()).empty());
  }

  void compvisConfigErrors() {
    nlohmann::json p = sd15_params();
    p["use_magic"] = true;
    QVERIFY_THROWS_EXCEPTION(LoadError, UNetConfig::from_compvis(p));
    p = sd15_params();
    p.erase("num_heads");
    QVERIFY_THROWS_EXCEPTION(LoadError, UNetConfig::from_compvis(p));
    p = sd15_params();
    p["dims"] = 3;
    QVERIFY_THROWS_EXCEPTION(LoadError, UNetConfig::from_compvis(p));
    // A first level wider than model_channels cannot build the reference's output layer:
    // refused when the config is read, not halfway through a forward pass.
    p = sd15_params();
    p["channel_mult"] = {2, 2, 4, 4};
    try {
      UNetConfig::from_compvis(p);
      QFAIL("channel_mult [2, ...] accepted");
    } catch (const LoadError& e) {
      QVERIFY2(std::string(e.what()).find("channel_mult must start with 1") != std::string::npos, e.what());
    }
    // The unet_config node itself (target + params) is accepted.
    nlohmann::json node = {{"target", "ldm.modules.diffusionmodules.openaimodel.UNetModel"}, {"params", sd15_params()}};
    QCOMPARE(UNetConfig::from_compvis(node).context_dim, int64_t(768));
  }
};

LDM_TEST_MAIN(TestUNet)
#include "test_unet.moc"
