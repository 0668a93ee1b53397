// Conditioning encoders (core/models/): parity with the reference fixtures and full-size parameter
// counts.
// Parity: tests/data/<fixture>/reference.safetensors holds the outputs of the original Python code
// (CompVis/stable-diffusion + transformers CLIPTextModel, Stability-AI/stablediffusion + open_clip,
// CompVis/latent-diffusion BERTEmbedder) on tiny random-weight models, fp32 CPU; the encoders are fed
// the reference token ids, so these tests do not depend on the tokenizers. Tolerance: the fixture
// READMEs' atol 1e-4 + rtol 1e-4 for single forward passes.
// Parameter counts: CLIP ViT-L/14 text = 123,060,480 (the published count of openai/clip-vit-large-
// patch14's text model); OpenCLIP ViT-H/14 and the LDM BERTEmbedder are derived below from their
// published architectures, term by term.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "core/error.h"
#include "core/io/safetensors.h"
#include "core/io/yaml_json.h"
#include "core/models/bert_embedder.h"
#include "core/models/class_embedder.h"
#include "core/models/clip_text_model.h"
#include "core/models/open_clip_text.h"
#include "core/nn/load_weights.h"
#include "support/errors.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

struct Fixture {
  nlohmann::json root;
  nlohmann::json cond_stage_config;
  nlohmann::json text_encoder;  // null when the config has no such key
  StateDict weights;            // under cond_stage_model., prefix removed
  StateDict reference;
};

Fixture open_fixture(const std::string& name) {
  Fixture f;
  f.root = load_yaml_as_json(test::fixture_file(name, "config.yaml"));
  f.cond_stage_config = f.root.at("model").at("params").at("cond_stage_config");
  if (f.root.contains("text_encoder")) f.text_encoder = f.root["text_encoder"];
  f.weights = load_safetensors(test::fixture_file(name, "model.safetensors")).select("cond_stage_model.");
  f.reference = test::reference(name);
  return f;
}

// Runs the encoder on the reference tokens and compares with the reference output.
void check_parity(ConditionEncoder& encoder, const Fixture& f, const char* tokens, const char* expected,
                  const char* label) {
  encoder.eval();
  torch::NoGradGuard no_grad;
  const at::Tensor ids = f.reference.get(tokens);
  const at::Tensor want = f.reference.get(expected);
  const at::Tensor got = encoder.encode(ids);
  QCOMPARE(got.sizes().vec(), want.sizes().vec());
  const auto c = test::close_to(got, want, 1e-4, 1e-4);
  qInfo("%s: %s vs %s %s, max |diff| %.3g (atol 1e-4 + rtol 1e-4)", label, tokens, expected,
        c10::str(want.sizes()).c_str(), c.max_abs);
  LDM_COMPARE_CLOSE(got, want, 1e-4, 1e-4);
}

}  // namespace

class TestTextEncoders : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sd1ClipText() {
    Fixture f = open_fixture("sd1-tiny");
    const ClipTextConfig a = ClipTextConfig::from_compvis(f.cond_stage_config, f.text_encoder);
    const ClipTextConfig b = ClipTextConfig::from_state_dict(f.weights, f.text_encoder);
    for (const ClipTextConfig& c : {a, b}) {
      QCOMPARE(c.width, int64_t(32));
      QCOMPARE(c.layers, int64_t(2));
      QCOMPARE(c.heads, int64_t(2));
      QCOMPARE(c.vocab_size, int64_t(49408));
      QCOMPARE(c.max_positions, int64_t(77));
      QCOMPARE(c.intermediate_size, int64_t(128));
      QVERIFY(c.quick_gelu);
    }
    FrozenClipEmbedder encoder(b);
    encoder.load(f.weights);
    QCOMPARE(count_parameters(encoder), f.weights.parameter_count());
    QCOMPARE(encoder.context_dim(), int64_t(32));
    QCOMPARE(encoder.max_length(), int64_t(77));
    check_parity(encoder, f, "tokens", "text_out", "sd1-tiny CLIP");
    check_parity(encoder, f, "tokens", "text_out", "sd1-tiny CLIP");  // no state between calls
  }

  // clip skip 2 on a 2-layer model = layer 0 only, then final_layer_norm: the same as a 1-layer
  // model holding layer 0's weights.
  void sd1ClipSkip() {
    Fixture f = open_fixture("sd1-tiny");
    ClipTextConfig c = ClipTextConfig::from_state_dict(f.weights, f.text_encoder);
    c.clip_skip = 2;
    FrozenClipEmbedder skipped(c);
    skipped.load(f.weights);
    ClipTextConfig one = c;
    one.layers = 1;
    one.clip_skip = 1;
    FrozenClipEmbedder truncated(one);
    LoadOptions options;
    options.ignore_unexpected = {"transformer.text_model.encoder.layers.1."};
    load_weights(truncated, f.weights, options);
    torch::NoGradGuard no_grad;
    const at::Tensor ids = f.reference.get("tokens");
    const at::Tensor s = skipped.encode(ids);
    QVERIFY(torch::equal(s, truncated.encode(ids)));
    QVERIFY((s - f.reference.get("text_out")).abs().max().item<double>() > 1e-2);  // it does change the output
    c.clip_skip = 3;
    QVERIFY_THROWS_EXCEPTION(RequestError, c.validate());
  }

  void sd2OpenClipText() {
    Fixture f = open_fixture("sd2-tiny");
    QVERIFY(f.weights.info("model.token_embedding.weight").dtype == DType::F16);
    const OpenClipTextConfig a = OpenClipTextConfig::from_compvis(f.cond_stage_config, f.text_encoder);
    const OpenClipTextConfig b = OpenClipTextConfig::from_state_dict(f.weights, f.text_encoder);
    for (const OpenClipTextConfig& c : {a, b}) {
      QCOMPARE(c.width, int64_t(32));
      QCOMPARE(c.layers, int64_t(3));
      QCOMPARE(c.heads, int64_t(2));
      QCOMPARE(c.mlp_width, int64_t(128));
      QCOMPARE(c.context_length, int64_t(77));
      QCOMPARE(c.embed_dim, int64_t(32));
      QCOMPARE(c.skip_last_layers, int64_t(1));  // layer: penultimate
    }
    FrozenOpenClipEmbedder encoder(a);
    encoder.load(f.weights);  // fp16 in the file, upcast to fp32
    QCOMPARE(count_parameters(encoder), f.weights.parameter_count());
    check_parity(encoder, f, "tokens", "text_out", "sd2-tiny OpenCLIP");
  }

  void ldmTxt2imgBert() {
    Fixture f = open_fixture("ldm-txt2img-tiny");
    const BertEmbedderConfig a = BertEmbedderConfig::from_compvis(f.cond_stage_config);
    const BertEmbedderConfig b = BertEmbedderConfig::from_state_dict(f.weights);
    for (const BertEmbedderConfig& c : {a, b}) {
      QCOMPARE(c.n_embed, int64_t(8));
      QCOMPARE(c.n_layer, int64_t(2));
      QCOMPARE(c.vocab_size, int64_t(30522));
      QCOMPARE(c.max_seq_len, int64_t(77));
      QCOMPARE(c.heads, int64_t(8));
      QCOMPARE(c.dim_head, int64_t(64));
      QCOMPARE(c.ff_mult, int64_t(4));
      QVERIFY(c.use_tokenizer);
    }
    BertEmbedder encoder(a);
    encoder.load(f.weights);
    // to_logits stays in the file but not in the module.
    QCOMPARE(count_parameters(encoder) + f.weights.parameter_count("transformer.to_logits."),
             f.weights.parameter_count());
    check_parity(encoder, f, "tokens.input_ids", "bert.embeddings", "ldm-txt2img-tiny BERT");
    // Without the to_logits rule the loader would refuse the checkpoint.
    BertEmbedder strict(a);
    QVERIFY(test::error_message<LoadError>([&] { load_weights(strict, f.weights); }).find("transformer.to_logits.weight") !=
            std::string::npos);
  }

  void ldmLayoutBert() {
    Fixture f = open_fixture("ldm-layout-tiny");
    const BertEmbedderConfig a = BertEmbedderConfig::from_compvis(f.cond_stage_config);
    const BertEmbedderConfig b = BertEmbedderConfig::from_state_dict(f.weights);
    for (const BertEmbedderConfig& c : {a, b}) {
      QCOMPARE(c.vocab_size, int64_t(8192));
      QCOMPARE(c.max_seq_len, int64_t(92));
      QCOMPARE(c.n_embed, int64_t(8));
      QVERIFY(!c.use_tokenizer);
    }
    auto encoder = make_condition_encoder(f.cond_stage_config);
    QVERIFY(dynamic_cast<BertEmbedder*>(encoder.get()));
    encoder->load(f.weights);
    check_parity(*encoder, f, "tokens", "cond.c", "ldm-layout-tiny BERT (layout tokens)");
  }

  void classEmbedder() {
    // No fixture uses it: the reference is a plain nn.Embedding lookup with an added axis.
    nlohmann::json cfg = {{"target", "ldm.modules.encoders.modules.ClassEmbedder"},
                          {"params", {{"embed_dim", 16}, {"n_classes", 1001}, {"key", "class_label"}}}};
    auto encoder = make_condition_encoder(cfg);
    StateDict w;
    const at::Tensor table = torch::randn({1001, 16});
    w.set("embedding.weight", table);
    encoder->load(w);
    QCOMPARE(ClassEmbedderConfig::from_state_dict(w).n_classes, int64_t(1001));
    torch::NoGradGuard no_grad;
    const at::Tensor out = encoder->encode(torch::tensor({3, 1000}, torch::kLong));
    QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{2, 1, 16}));
    QVERIFY(torch::equal(out[0][0], table[3]) && torch::equal(out[1][0], table[1000]));
    QVERIFY_THROWS_EXCEPTION(RequestError, encoder->encode(torch::tensor({1001}, torch::kLong)));
  }

  void detectFromShapes() {
    QVERIFY(dynamic_cast<FrozenClipEmbedder*>(
        make_condition_encoder(open_fixture("sd1-tiny").weights, open_fixture("sd1-tiny").text_encoder).get()));
    Fixture sd2 = open_fixture("sd2-tiny");
    QVERIFY(dynamic_cast<FrozenOpenClipEmbedder*>(make_condition_encoder(sd2.weights, sd2.text_encoder).get()));
    QVERIFY(dynamic_cast<BertEmbedder*>(make_condition_encoder(open_fixture("ldm-layout-tiny").weights).get()));
  }

  void configErrors() {
    Fixture f = open_fixture("sd1-tiny");
    // Width 32 gives no head count: the text_encoder key must say it.
    std::string e = test::error_message<LoadError>([&] { ClipTextConfig::from_state_dict(f.weights); });
    QVERIFY2(e.find("text_encoder.heads") != std::string::npos, e.c_str());
    // The tiny version name is unknown without the text_encoder key.
    e = test::error_message<LoadError>([&] { ClipTextConfig::from_compvis(f.cond_stage_config); });
    QVERIFY2(e.find("cond_stage_config.params.version") != std::string::npos, e.c_str());
    // A missing tensor is named.
    StateDict w = f.weights;
    w.erase("transformer.text_model.embeddings.position_embedding.weight");
    e = test::error_message<LoadError>([&] { ClipTextConfig::from_state_dict(w, f.text_encoder); });
    QVERIFY2(e.find("transformer.text_model.embeddings.position_embedding.weight") != std::string::npos, e.c_str());
    // Wrong target.
    e = test::error_message<LoadError>([&] { OpenClipTextConfig::from_compvis(f.cond_stage_config, f.text_encoder); });
    QVERIFY2(e.find("FrozenOpenCLIPEmbedder") != std::string::npos, e.c_str());
    // Weights that do not fit the config are refused, naming the tensor.
    ClipTextConfig wide = ClipTextConfig::from_state_dict(f.weights, f.text_encoder);
    wide.intermediate_size = 64;
    FrozenClipEmbedder wrong(wide);
    e = test::error_message<LoadError>([&] { wrong.load(f.weights); });
    QVERIFY2(e.find("mlp.fc1.weight") != std::string::npos, e.c_str());
    // Too many tokens.
    FrozenClipEmbedder ok(ClipTextConfig::from_state_dict(f.weights, f.text_encoder));
    QVERIFY_THROWS_EXCEPTION(RequestError, ok.encode(torch::zeros({1, 78}, torch::kLong)));
  }

  // Full-size architectures, built with random weights (up to 2.3 GB at a time): run by the
  // slow-labelled CTest entry test_text_encoders_full_size, which sets LDM_TEST_FULL_SIZE=1.
  void fullSizeParameterCounts() {
    if (qEnvironmentVariableIntValue("LDM_TEST_FULL_SIZE") != 1) QSKIP("run by test_text_encoders_full_size");
    {
      FrozenClipEmbedder clip(ClipTextConfig::vit_l14());
      QCOMPARE(count_parameters(clip), int64_t(123060480));
      QCOMPARE(clip.context_dim(), int64_t(768));
    }
    {
      // OpenCLIP ViT-H-14 text tower: width 1024, 24 layers, 16 heads, mlp 4x, vocab 49408, ctx 77, embed 1024.
      const int64_t w = 1024, L = 24, V = 49408, ctx = 77, E = 1024;
      const int64_t block = 2 * w                  // ln_1
                            + 3 * w * w + 3 * w    // attn.in_proj_weight, in_proj_bias
                            + w * w + w            // attn.out_proj
                            + 2 * w                // ln_2
                            + w * 4 * w + 4 * w    // mlp.c_fc
                            + 4 * w * w + w;       // mlp.c_proj
      const int64_t expected = V * w + ctx * w + L * block + 2 * w /*ln_final*/ + w * E /*text_projection*/ +
                               1 /*logit_scale*/;
      QCOMPARE(expected, int64_t(354032641));
      FrozenOpenClipEmbedder open_clip(OpenClipTextConfig::vit_h14());
      QCOMPARE(count_parameters(open_clip), expected);
    }
    {
      // LDM txt2img-1p4B BERTEmbedder(n_embed 1280, n_layer 32, vocab 30522, max_seq_len 77): x-transformers
      // Encoder with 8 heads x 64, q/k/v without bias, feed-forward 4x; to_logits not part of the module.
      const int64_t d = 1280, depth = 32, V = 30522, n = 77, inner = 8 * 64;
      const int64_t attn = 2 * d + 3 * d * inner + inner * d + d;
      const int64_t ff = 2 * d + d * 4 * d + 4 * d + 4 * d * d + d;
      const int64_t expected = V * d + n * d + depth * (attn + ff) + 2 * d;
      BertEmbedderConfig c;
      BertEmbedder bert(c);
      QCOMPARE(count_parameters(bert), expected);
      qInfo("full size: CLIP ViT-L/14 text 123060480, OpenCLIP ViT-H/14 text 354032641, BERTEmbedder %lld "
            "(+ to_logits %lld)", static_cast<long long>(expected), static_cast<long long>(d * V + V));
    }
  }
};

LDM_TEST_MAIN(TestTextEncoders)
#include "test_text_encoders.moc"
