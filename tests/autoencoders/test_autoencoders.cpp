// First-stage autoencoders (AutoencoderKL, VQModelInterface) against the reference fixtures
// (tests/data/*/reference.safetensors, computed by the original CompVis code in float32 on CPU;
// tolerances from each fixture README: single VAE/VQ passes atol 1e-4 rtol 1e-4), plus config
// detection from shapes, full-size parameter counts and tiled decoding.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "core/error.h"
#include "core/io/safetensors.h"
#include "core/io/yaml_json.h"
#include "core/models/autoencoder_config.h"
#include "core/models/autoencoder_kl.h"
#include "core/models/decode_tiled.h"
#include "core/models/first_stage.h"
#include "core/models/first_stage_split.h"
#include "core/models/vq_model.h"
#include "core/nn/load_weights.h"
#include "core/runtime/cpu_allocator.h"
#include "support/errors.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

constexpr double kAtol = 1e-4, kRtol = 1e-4;  // README: single forward passes (VAE/VQ)

struct Loaded {
  AutoencoderConfig config;
  std::shared_ptr<FirstStageModel> model;
};

StateDict first_stage_weights(const std::string& fixture) {
  return load_safetensors(test::fixture_file(fixture, "model.safetensors")).select("first_stage_model.");
}

Loaded load_fixture(const std::string& fixture, c10::ScalarType dtype = at::kFloat) {
  Loaded l;
  l.config = AutoencoderConfig::from_compvis_model(load_yaml_as_json(test::fixture_file(fixture, "config.yaml")));
  l.model = load_first_stage(l.config, first_stage_weights(fixture), dtype);
  return l;
}

// Compares and reports the max abs diff (the numbers quoted in reports come from these lines).
#define CHECK_PARITY(label, actual, expected, atol, rtol)                                             \
  do {                                                                                               \
    auto _cc = ldm::test::close_to((actual), (expected), (atol), (rtol));                           \
    qInfo("%s: max |diff| %.3g (atol %g, rtol %g)", label, _cc.max_abs, double(atol), double(rtol)); \
    LDM_COMPARE_CLOSE(actual, expected, atol, rtol);                                                 \
  } while (0)

// Parameter count of the reference architecture computed from the config by formula (independent
// of the module code): ldm.modules.diffusionmodules.model Encoder/Decoder + AutoencoderKL/VQModel.
int64_t formula_parameter_count(const AutoencoderConfig& c) {
  auto conv = [](int64_t cin, int64_t cout, int64_t k) { return cin * cout * k * k + cout; };
  auto norm = [](int64_t ch) { return 2 * ch; };
  auto resnet = [&](int64_t cin, int64_t cout) {
    return norm(cin) + conv(cin, cout, 3) + norm(cout) + conv(cout, cout, 3) + (cin != cout ? conv(cin, cout, 1) : 0);
  };
  auto attn = [&](int64_t ch) { return c.attn_type == "none" ? 0 : norm(ch) + 4 * conv(ch, ch, 1); };
  const int64_t levels = static_cast<int64_t>(c.ch_mult.size());
  auto has_attn = [&](int64_t level) {
    for (auto r : c.attn_resolutions)
      if (r == (c.resolution >> level)) return true;
    return false;
  };
  int64_t n = conv(c.in_channels, c.ch, 3);  // encoder
  int64_t block_in = c.ch;
  for (int64_t i = 0; i < levels; ++i) {
    for (int64_t b = 0; b < c.num_res_blocks; ++b) {
      n += resnet(block_in, c.ch * c.ch_mult[i]);
      block_in = c.ch * c.ch_mult[i];
      if (has_attn(i)) n += attn(block_in);
    }
    if (i != levels - 1) n += conv(block_in, block_in, 3);
  }
  n += 2 * resnet(block_in, block_in) + attn(block_in) + norm(block_in) +
       conv(block_in, c.double_z ? 2 * c.z_channels : c.z_channels, 3);
  block_in = c.ch * c.ch_mult.back();  // decoder
  n += conv(c.z_channels, block_in, 3) + 2 * resnet(block_in, block_in) + attn(block_in);
  for (int64_t i = levels - 1; i >= 0; --i) {
    for (int64_t b = 0; b < c.num_res_blocks + 1; ++b) {
      n += resnet(block_in, c.ch * c.ch_mult[i]);
      block_in = c.ch * c.ch_mult[i];
      if (has_attn(i)) n += attn(block_in);
    }
    if (i != 0) n += conv(block_in, block_in, 3);
  }
  n += norm(block_in) + conv(block_in, c.out_ch, 3);
  if (c.is_kl()) {
    n += conv(2 * c.z_channels, 2 * c.embed_dim, 1) + conv(c.embed_dim, c.z_channels, 1);
  } else {
    n += conv(c.z_channels, c.embed_dim, 1) + conv(c.embed_dim, c.z_channels, 1) + c.n_embed * c.embed_dim;
  }
  return n;
}

}  // namespace

class TestAutoencoders : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { torch::manual_seed(0); }

  // sd1-tiny: vae_enc_in -> posterior mean / clamped logvar; vae_dec_in -> decode; and the sampled
  // latents -> decode_first_stage (1/scale_factor first).
  void sd1Parity() {
    torch::NoGradGuard ng;
    auto l = load_fixture("sd1-tiny");
    QVERIFY(l.config.is_kl());
    QCOMPARE(l.config.downsampling_factor(), int64_t(2));
    QCOMPARE(l.config.scale_factor, 0.18215);
    auto ref = test::reference("sd1-tiny");
    auto enc = l.model->encode(ref.get("vae_enc_in"));
    QVERIFY(enc.is_posterior());
    CHECK_PARITY("sd1 vae_enc_mean", enc.posterior->mean, ref.get("vae_enc_mean"), kAtol, kRtol);
    CHECK_PARITY("sd1 vae_enc_logvar", enc.posterior->logvar, ref.get("vae_enc_logvar"), kAtol, kRtol);
    CHECK_PARITY("sd1 vae_dec_out", l.model->decode(ref.get("vae_dec_in")), ref.get("vae_dec_out"), kAtol, kRtol);
    const double s = l.config.scale_factor;
    CHECK_PARITY("sd1 ddim_image", l.model->decode(ref.get("ddim_final") / s), ref.get("ddim_image"), kAtol, kRtol);
    CHECK_PARITY("sd1 plms_image", l.model->decode(ref.get("plms_final") / s), ref.get("plms_image"), kAtol, kRtol);
  }

  // sd2-tiny: weights stored as F16 (upcast, computed in float32 like the reference).
  void sd2Parity() {
    torch::NoGradGuard ng;
    auto l = load_fixture("sd2-tiny");
    auto ref = test::reference("sd2-tiny");
    CHECK_PARITY("sd2 ddim_image", l.model->decode(ref.get("ddim_final") / l.config.scale_factor),
                 ref.get("ddim_image"), kAtol, kRtol);
  }

  // ldm-txt2img-tiny (KL f4): moments, mode, a seeded posterior sample, decodes.
  void txt2imgParity() {
    torch::NoGradGuard ng;
    auto l = load_fixture("ldm-txt2img-tiny");
    QCOMPARE(l.config.downsampling_factor(), int64_t(4));
    auto ref = test::reference("ldm-txt2img-tiny");
    auto* kl = dynamic_cast<AutoencoderKL*>(l.model.get());
    QVERIFY(kl);
    auto enc = kl->encode(ref.get("kl.input"));
    const auto& post = *enc.posterior;
    CHECK_PARITY("txt2img kl.moments", at::cat({post.mean, post.logvar}, 1), ref.get("kl.moments"), kAtol, kRtol);
    CHECK_PARITY("txt2img kl.mode", enc.mode(), ref.get("kl.mode"), kAtol, kRtol);
    auto gen = at::make_generator<at::CPUGeneratorImpl>(7);  // torch.manual_seed(7)
    auto sample = enc.sample(gen);  // one draw: the macro evaluates its arguments twice
    CHECK_PARITY("txt2img kl.sample_seed7", sample, ref.get("kl.sample_seed7"), kAtol, kRtol);
    CHECK_PARITY("txt2img kl.decode_of_mode", kl->decode(ref.get("kl.mode")), ref.get("kl.decode_of_mode"), kAtol,
                 kRtol);
    const double s = l.config.scale_factor;
    QCOMPARE(s, 0.18215);
    CHECK_PARITY("txt2img kl.decode_first_stage_of_latent", kl->decode(ref.get("unet.x").slice(0, 0, 1) / s),
                 ref.get("kl.decode_first_stage_of_latent"), kAtol, kRtol);
    CHECK_PARITY("txt2img ddim.decoded", kl->decode(ref.get("ddim.samples") / s), ref.get("ddim.decoded"), kAtol, kRtol);
    CHECK_PARITY("txt2img plms.decoded", kl->decode(ref.get("plms.samples") / s), ref.get("plms.decoded"), kAtol, kRtol);
  }

  // ldm-inpaint-tiny (VQ f4, attn_type none): encoded masked image (not quantised), decodes.
  void inpaintParity() {
    torch::NoGradGuard ng;
    auto l = load_fixture("ldm-inpaint-tiny");
    QVERIFY(l.config.is_vq());
    QCOMPARE(l.config.attn_type, std::string("none"));
    QCOMPARE(l.config.scale_factor, 1.0);
    auto ref = test::reference("ldm-inpaint-tiny");
    auto* vq = dynamic_cast<VQModel*>(l.model.get());
    QVERIFY(vq);
    auto enc = vq->encode(ref.get("batch.masked_image"));
    QVERIFY(!enc.is_posterior());
    CHECK_PARITY("inpaint cond.encoded_masked_image", enc.latent, ref.get("cond.encoded_masked_image"), kAtol, kRtol);
    QVERIFY(torch::equal(enc.sample(), enc.latent));
    auto samples = ref.get("ddim.samples");
    CHECK_PARITY("inpaint decoded_noquant", vq->decode(samples, true), ref.get("decoded_noquant"), kAtol, kRtol);
    CHECK_PARITY("inpaint decoded", vq->decode(samples), ref.get("decoded"), kAtol, kRtol);
    CHECK_PARITY("inpaint decoded (interface)", l.model->decode(samples), ref.get("decoded"), kAtol, kRtol);
  }

  // ldm-layout-tiny (VQ f4 with mid-block attention).
  void layoutParity() {
    torch::NoGradGuard ng;
    auto l = load_fixture("ldm-layout-tiny");
    QCOMPARE(l.config.attn_type, std::string("vanilla"));
    auto ref = test::reference("ldm-layout-tiny");
    auto* vq = dynamic_cast<VQModel*>(l.model.get());
    auto samples = ref.get("ddim.samples");
    CHECK_PARITY("layout decoded_noquant", vq->decode(samples, true), ref.get("decoded_noquant"), kAtol, kRtol);
    CHECK_PARITY("layout decoded", vq->decode(samples), ref.get("decoded"), kAtol, kRtol);
  }

  // ldm-sr-tiny (VQ f4): reconstruction = decode(encode(x)) (quantised), samples decoded.
  void srParity() {
    torch::NoGradGuard ng;
    auto l = load_fixture("ldm-sr-tiny");
    auto ref = test::reference("ldm-sr-tiny");
    auto* vq = dynamic_cast<VQModel*>(l.model.get());
    auto x = ref.get("logs.input");
    QVERIFY(torch::equal(x, ref.get("example.image").permute({0, 3, 1, 2})));
    auto z = vq->encode(x).sample();
    CHECK_PARITY("sr logs.reconstruction", vq->decode(z), ref.get("logs.reconstruction"), kAtol, kRtol);
    auto samples = ref.get("ddim.samples");
    CHECK_PARITY("sr logs.sample_noquant", vq->decode(samples, true), ref.get("logs.sample_noquant"), kAtol, kRtol);
    CHECK_PARITY("sr logs.sample", vq->decode(samples), ref.get("logs.sample"), kAtol, kRtol);
  }

  // ldm-sr-tiny tiled case: split_input_params ks 16, stride 8 (latent pixels), vqf 4 on a 32x32
  // latent (3x3 patches); encode side 15x15 image patches of 16 px (README "Convolutional sampling").
  void srSplitParity() {
    torch::NoGradGuard ng;
    auto l = load_fixture("ldm-sr-tiny");
    auto ref = test::reference("ldm-sr-tiny");
    SplitInputParams p;
    p.ks = {16, 16};
    p.stride = {8, 8};
    p.vqf = 4;
    auto samples = ref.get("tiled.ddim.samples");
    CHECK_PARITY("sr tiled.logs.sample_noquant", decode_first_stage_split(*l.model, samples, p, true),
                 ref.get("tiled.logs.sample_noquant"), kAtol, kRtol);
    CHECK_PARITY("sr tiled.logs.sample", decode_first_stage_split(*l.model, samples, p),
                 ref.get("tiled.logs.sample"), kAtol, kRtol);
    auto z = encode_first_stage_split(*l.model, ref.get("tiled.logs.input"), p);
    QVERIFY(z.sizes() == samples.sizes());
    CHECK_PARITY("sr tiled.logs.reconstruction", decode_first_stage_split(*l.model, z, p),
                 ref.get("tiled.logs.reconstruction"), kAtol, kRtol);
    // delta_border: 0 at the border, 0.5 at the centre of an odd-sized patch.
    auto db = split_delta_border(5, 5);
    QCOMPARE(db[0][0].item<float>(), 0.0f);
    QCOMPARE(db[2][2].item<float>(), 0.5f);
  }

  // The config read from tensor shapes alone equals the config.yaml one (resolution aside, which
  // shapes cannot show), and a model built from it loads and computes the same.
  void configFromShapes_data() {
    QTest::addColumn<QString>("fixture");
    for (const char* f : {"sd1-tiny", "sd2-tiny", "ldm-txt2img-tiny", "ldm-inpaint-tiny", "ldm-sr-tiny", "ldm-layout-tiny"})
      QTest::newRow(f) << QString(f);
  }
  void configFromShapes() {
    QFETCH(QString, fixture);
    const std::string name = fixture.toStdString();
    auto weights = first_stage_weights(name);
    auto yaml = AutoencoderConfig::from_compvis_model(load_yaml_as_json(test::fixture_file(name, "config.yaml")));
    auto shapes = AutoencoderConfig::from_state_dict(weights);
    QVERIFY(shapes.kind == yaml.kind);
    QCOMPARE(shapes.ch, yaml.ch);
    QVERIFY(shapes.ch_mult == yaml.ch_mult);
    QCOMPARE(shapes.num_res_blocks, yaml.num_res_blocks);
    QCOMPARE(shapes.attn_resolutions.size(), yaml.attn_resolutions.size());
    QCOMPARE(shapes.z_channels, yaml.z_channels);
    QCOMPARE(shapes.double_z, yaml.double_z);
    QCOMPARE(shapes.embed_dim, yaml.embed_dim);
    QCOMPARE(shapes.n_embed, yaml.n_embed);
    QCOMPARE(shapes.in_channels, yaml.in_channels);
    QCOMPARE(shapes.out_ch, yaml.out_ch);
    QCOMPARE(shapes.attn_type, yaml.attn_type);
    QCOMPARE(shapes.downsampling_factor(), yaml.downsampling_factor());
    auto model = load_first_stage(shapes, weights);
    QCOMPARE(count_parameters(*model), formula_parameter_count(yaml));
    torch::NoGradGuard ng;
    auto x = torch::rand({1, 3, 16, 16}) * 2 - 1;
    auto a = model->decode(model->encode(x).mode());
    auto b = load_first_stage(yaml, weights)->decode(model->encode(x).mode());
    QVERIFY(torch::equal(a, b));
  }

  void shapeErrorsNameTheKey() {
    auto weights = first_stage_weights("sd1-tiny");
    auto bad = weights;
    bad.set("decoder.conv_in.weight", torch::zeros({64, 4, 3}));
    auto msg = test::error_message<LoadError>([&] { AutoencoderConfig::from_state_dict(bad); });
    QVERIFY2(msg.find("decoder.conv_in.weight") != std::string::npos, msg.c_str());
    auto missing = weights;
    missing.erase("post_quant_conv.weight");
    msg = test::error_message<LoadError>([&] { AutoencoderConfig::from_state_dict(missing); });
    QVERIFY2(msg.find("post_quant_conv.weight") != std::string::npos, msg.c_str());
    auto odd = weights;
    odd.set("quant_conv.weight", torch::zeros({6, 8, 1, 1}));
    msg = test::error_message<LoadError>([&] { AutoencoderConfig::from_state_dict(odd); });
    QVERIFY2(msg.find("quant_conv.weight") != std::string::npos, msg.c_str());
    // Loading into a model of another shape lists the mismatched key.
    auto config = AutoencoderConfig::from_state_dict(weights);
    config.z_channels = 8;
    config.embed_dim = 8;
    msg = test::error_message<LoadError>([&] { load_first_stage(config, weights); });
    QVERIFY2(msg.find("quant_conv.weight") != std::string::npos, msg.c_str());
    nlohmann::json unknown = {{"target", "ldm.models.autoencoder.IdentityFirstStage"}, {"params", nlohmann::json::object()}};
    msg = test::error_message<LoadError>([&] { AutoencoderConfig::from_compvis(unknown); });
    QVERIFY2(msg.find("IdentityFirstStage") != std::string::npos, msg.c_str());
  }

  // SD / LDM txt2img-f8 KL autoencoder: 83,653,863 parameters (published count of the SD VAE).
  void parameterCountKlF8() {
    nlohmann::json fsc = {{"target", "ldm.models.autoencoder.AutoencoderKL"},
                          {"params",
                           {{"embed_dim", 4},
                            {"ddconfig",
                             {{"double_z", true}, {"z_channels", 4}, {"resolution", 256}, {"in_channels", 3},
                              {"out_ch", 3}, {"ch", 128}, {"ch_mult", {1, 2, 4, 4}}, {"num_res_blocks", 2},
                              {"attn_resolutions", nlohmann::json::array()}, {"dropout", 0.0}}}}}};
    auto c = AutoencoderConfig::from_compvis(fsc);
    QCOMPARE(c.downsampling_factor(), int64_t(8));
    auto model = make_first_stage(c);
    QCOMPARE(count_parameters(*model), int64_t(83653863));
    QCOMPARE(formula_parameter_count(c), int64_t(83653863));  // the formula itself is right
  }

  // LDM zoo models/first_stage_models/vq-f4/config.yaml.
  void parameterCountVqF4() {
    nlohmann::json fsc = {{"target", "ldm.models.autoencoder.VQModel"},
                          {"params",
                           {{"embed_dim", 3},
                            {"n_embed", 8192},
                            {"ddconfig",
                             {{"double_z", false}, {"z_channels", 3}, {"resolution", 256}, {"in_channels", 3},
                              {"out_ch", 3}, {"ch", 128}, {"ch_mult", {1, 2, 4}}, {"num_res_blocks", 2},
                              {"attn_resolutions", nlohmann::json::array()}, {"dropout", 0.0}}}}}};
    auto c = AutoencoderConfig::from_compvis(fsc);
    QCOMPARE(c.downsampling_factor(), int64_t(4));
    auto model = make_first_stage(c);
    const int64_t expected = formula_parameter_count(c);
    qInfo("VQ-f4 parameters: %lld (formula %lld)", static_cast<long long>(count_parameters(*model)),
          static_cast<long long>(expected));
    QCOMPARE(count_parameters(*model), expected);
  }

  // AutoencoderConfig::decode_peak_bytes, which the engine adds to its check before a run, against the
  // bytes the caching CPU allocator saw in tensors at once during one decode (weights excluded): the
  // tiny KL (sd1-tiny, ldm-txt2img-tiny: mid attention) and VQ fixtures, and full-size random-weight
  // decoders of the zoo (SD's KL-f8; cin256's VQ-f8 with level attention and 16384 codes).
  void decodePeakEstimate_data() {
    QTest::addColumn<QString>("config");
    QTest::addColumn<int>("side");
    for (const char* f : {"sd1-tiny", "ldm-txt2img-tiny", "ldm-uncond-vq-tiny"}) {
      const QString path = QString::fromStdString(test::fixture_file(f, "config.yaml"));
      QTest::newRow((std::string(f) + "/32").c_str()) << path << 32;
      QTest::newRow((std::string(f) + "/64").c_str()) << path << 64;
    }
    for (const char* zoo : {"configs-latent-diffusion-lsun_churches-ldm-kl-8", "models-ldm-cin256"})
      QTest::newRow(zoo) << QString::fromStdString(test::fixture_file("zoo-configs", std::string(zoo) + ".yaml")) << 24;
  }
  void decodePeakEstimate() {
    QFETCH(QString, config);
    QFETCH(int, side);
    if (!install_cpu_caching_allocator())
      QSKIP("the caching CPU allocator is off (LDM_CPU_CACHE_MB=0): nothing counts the bytes");
    torch::NoGradGuard ng;
    const AutoencoderConfig c = AutoencoderConfig::from_compvis_model(load_yaml_as_json(config.toStdString()));
    std::shared_ptr<FirstStageModel> model = make_first_stage(c);
    model->eval();
    const int64_t batch = 2;
    const at::Tensor z = torch::randn({batch, c.latent_channels(), side, side});
    reset_cpu_peak();
    const auto before = static_cast<int64_t>(cpu_cache_stats().allocated_bytes);
    const at::Tensor out = model->decode(z);  // VQ: quantised first, as the pipelines decode
    const auto measured = static_cast<int64_t>(cpu_cache_stats().peak_allocated_bytes) - before;
    const int64_t estimate = c.decode_peak_bytes(batch, side, side, 4);
    const double ratio = static_cast<double>(estimate) / static_cast<double>(measured);
    qInfo("%s, %dx%d latent, batch 2: measured %.1f MB, estimated %.1f MB (x%.2f)", QTest::currentDataTag(),
          side, side, measured / 1e6, estimate / 1e6, ratio);
    // As the UNet's estimate: not below what runs, nor far above.
    QVERIFY2(ratio >= 0.75 && ratio <= 1.5, qPrintable(QString::number(ratio)));
  }

  // Tiled decoding against one-piece decoding. Tiles see zero padding at their own borders, so
  // the two agree only up to the decoder's receptive field (about 13 latent pixels here); the
  // linear ramps must beat hard seams (no overlap) and a latent that fits one tile is unchanged.
  void tiledDecodeAgrees() {
    torch::NoGradGuard ng;
    {
      auto l = load_fixture("ldm-txt2img-tiny");  // KL f4 with mid-block attention (global)
      auto z = test::reference("ldm-txt2img-tiny").get("ddim.samples") / l.config.scale_factor;  // [2, 4, 8, 8]
      auto full = l.model->decode(z);
      QVERIFY(torch::equal(decode_tiled(*l.model, z, 8, 2), full));
      auto tiled = decode_tiled(*l.model, z, 6, 4);  // 2x2 tiles of 6 with overlap 4
      QVERIFY(tiled.sizes() == full.sizes());
      qInfo("KL (attention) 8x8 latent, tiles 6/4: max |tiled - untiled| %.4g (output max |x| %.3g)",
            (tiled - full).abs().max().item<double>(), full.abs().max().item<double>());
    }
    auto l = load_fixture("ldm-inpaint-tiny");  // VQ f4 without attention: local receptive field
    auto z = torch::randn({1, 3, 32, 32}, at::make_generator<at::CPUGeneratorImpl>(3));
    auto full = l.model->decode(z);
    auto ramp = decode_tiled(*l.model, z, 16, 8);
    auto hard = decode_tiled(*l.model, z, 16, 0);
    const double ramp_mean = (ramp - full).abs().mean().item<double>();
    const double hard_mean = (hard - full).abs().mean().item<double>();
    qInfo("VQ 32x32 latent, tiles 16/8: max |diff| %.4g, mean %.4g; hard seams 16/0: max %.4g, mean %.4g; "
          "output mean |x| %.3g",
          (ramp - full).abs().max().item<double>(), ramp_mean, (hard - full).abs().max().item<double>(), hard_mean,
          full.abs().mean().item<double>());
    QVERIFY(ramp_mean < hard_mean);
    // Random-weight tiny decoders react strongly to zero padding (O(1) activations), so the
    // differences left near tile borders are large in absolute terms; blending must still beat
    // hard seams in both mean and max error.
    QVERIFY((ramp - full).abs().max().item<double>() < (hard - full).abs().max().item<double>());
  }

  // A constant latent decodes to a seamless image: in the interior, where the one-piece decode is
  // constant, the ramp-blended tiles show no step at the tile seams, unlike hard seams (no overlap),
  // which keeps the check sensitive. Attention-free VQ model.
  void tiledDecodeSeamless() {
    torch::NoGradGuard ng;
    auto l = load_fixture("ldm-inpaint-tiny");
    auto z = torch::full({1, 3, 48, 48}, 0.3);
    auto jumps = [](const at::Tensor& img) {
      // Beyond the decoder's receptive field (~13 latent px) from the image border, where the
      // one-piece decode of a constant latent is constant.
      auto in = img.slice(2, 56, -56).slice(3, 56, -56);
      auto dx = (in.slice(3, 1) - in.slice(3, 0, -1)).abs().max().item<double>();
      auto dy = (in.slice(2, 1) - in.slice(2, 0, -1)).abs().max().item<double>();
      return std::max(dx, dy);
    };
    auto full = l.model->decode(z);
    const double j_full = jumps(full);
    const double j_ramp = jumps(decode_tiled(*l.model, z, 24, 12));
    const double j_hard = jumps(decode_tiled(*l.model, z, 24, 0));
    qInfo("constant latent, max neighbour jump in the interior: untiled %.4g, tiled 24/12 %.4g, hard seams 24/0 %.4g",
          j_full, j_ramp, j_hard);
    QVERIFY(j_full < 1e-4);
    QVERIFY(j_ramp < 0.1 * j_hard);
  }

  // Reduced precision runs (GroupNorm in float32) and stays close to float32.
  void reducedPrecision() {
    torch::NoGradGuard ng;
    auto ref = test::reference("ldm-layout-tiny");
    auto samples = ref.get("ddim.samples");
    std::vector<c10::ScalarType> dtypes{at::kBFloat16};
    const bool cuda = torch::cuda::is_available();
    if (cuda) dtypes.push_back(at::kHalf);
    for (auto dt : dtypes) {
      auto l = load_fixture("ldm-layout-tiny", dt);
      auto* vq = dynamic_cast<VQModel*>(l.model.get());
      const auto device = cuda ? at::Device(at::kCUDA) : at::Device(at::kCPU);
      vq->to(device);
      auto out = vq->decode(samples.to(device, dt), true).to(at::kCPU, at::kFloat);
      QVERIFY(torch::isfinite(out).all().item<bool>());
      const double d = (out - ref.get("decoded_noquant")).abs().max().item<double>();
      qInfo("%s decode_noquant vs fp32 reference: max |diff| %.4g", c10::toString(dt), d);
      QVERIFY(d < (dt == at::kHalf ? 0.05 : 0.25));
      auto enc = vq->encode(ref.get("decoded").to(device, dt)).latent;
      QCOMPARE(enc.scalar_type(), dt);
    }
  }
};

LDM_TEST_MAIN(TestAutoencoders)
#include "test_autoencoders.moc"
