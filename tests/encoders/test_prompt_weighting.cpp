// Prompt weighting and long prompts (core/text/prompt_weighting.h, pipelines encode_prompts) against
// tests/data/sd1-tiny/reference-weights.{json,safetensors} (README-weights.md): the AUTOMATIC1111 web
// UI's parse, chunks and multipliers for seven prompts, and the conditioning its "Original" emphasis
// gives on the fixture's text encoder (tolerance 1e-5, the issue's).
#include <torch/torch.h>

#include <QtTest/QtTest>
#include <fstream>

#include "core/error.h"
#include "core/io/safetensors.h"
#include "core/io/yaml_json.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/pipelines.h"
#include "core/text/prompt_weighting.h"
#include "core/text/tokenizer.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

nlohmann::json reference_json() {
  std::ifstream in(test::fixture_file("sd1-tiny", "reference-weights.json"));
  return nlohmann::json::parse(in);
}

std::shared_ptr<LatentDiffusion> load_fixture(const std::string& name) {
  return LatentDiffusion::load(load_yaml_as_json(test::fixture_file(name, "config.yaml")),
                               load_safetensors(test::fixture_file(name, "model.safetensors")));
}

}  // namespace

class PromptWeightingTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void parse_matches_reference() {
    const auto ref = reference_json();
    const auto& prompts = ref.at("prompts");
    QCOMPARE(prompts.size(), size_t{7});
    for (size_t i = 0; i < prompts.size(); ++i) {
      const auto got = parse_prompt_weights(prompts[i].get<std::string>());
      const auto& want = ref.at("parsed")[i];
      QCOMPARE(got.size(), want.size());
      for (size_t k = 0; k < got.size(); ++k) {
        QCOMPARE(QString::fromStdString(got[k].text), QString::fromStdString(want[k][0].get<std::string>()));
        QCOMPARE(got[k].weight, want[k][1].get<double>());  // the same float64 products, bit for bit
      }
    }
  }

  void parse_edge_cases() {
    // Unbalanced closers are text; a weight outside round brackets is text; escapes are literal.
    auto p = parse_prompt_weights("a) b] :1.5) \\\\ c");
    QCOMPARE(p.size(), size_t{1});
    QCOMPARE(QString::fromStdString(p[0].text), QString("a) b] :1.5) \\ c"));
    p = parse_prompt_weights("");
    QCOMPARE(p.size(), size_t{1});
    QCOMPARE(p[0].weight, 1.0);
    p = parse_prompt_weights("((a:2)) [b");
    QCOMPARE(p.size(), size_t{3});
    QCOMPARE(p[0].weight, 2.0 * 1.1);
    QCOMPARE(p[2].weight, 1.0 / 1.1);
    // A malformed number is not a weight: the bracket stays open and closes at the end as x1.1.
    p = parse_prompt_weights("(a:1.2.3)");
    QCOMPARE(p.back().weight, 1.1);
  }

  void chunks_match_reference() {
    const auto ref = reference_json();
    const auto tokenizer = make_tokenizer("clip_sd1");
    for (size_t i = 0; i < ref.at("prompts").size(); ++i) {
      const auto got = chunk_weighted_prompt(*tokenizer, ref["prompts"][i].get<std::string>());
      const auto& want = ref.at("chunks")[i];
      QCOMPARE(got.chunks.size(), want.size());
      for (size_t c = 0; c < want.size(); ++c) {
        QCOMPARE(got.chunks[c].tokens, want[c].at("tokens").get<std::vector<int64_t>>());
        QCOMPARE(got.chunks[c].multipliers, want[c].at("multipliers").get<std::vector<double>>());
      }
    }
  }

  void plain_prompts_chunk_like_the_tokenizers() {
    // Without brackets and within 75 tokens a chunk is exactly what the model's own tokenizer gives
    // (SD 2's open_clip pads with 0 after the end token).
    for (const char* kind : {"clip_sd1", "clip_sd2"}) {
      const auto tokenizer = make_tokenizer(kind);
      for (const char* prompt : {"a red circle on a blue field", "", "word, word, word"}) {
        const auto w = chunk_weighted_prompt(*tokenizer, prompt);
        QCOMPARE(w.chunks.size(), size_t{1});
        QCOMPARE(w.chunks[0].tokens, tokenizer->encode(prompt).ids);
        QVERIFY(!w.weighted());
      }
    }
    QVERIFY_THROWS_EXCEPTION(RequestError, chunk_weighted_prompt(*make_tokenizer("bert"), "a"));
  }

  void conditioning_matches_reference() {
    const auto ref = reference_json();
    const StateDict z = load_safetensors(test::fixture_file("sd1-tiny", "reference-weights.safetensors"));
    auto model = load_fixture("sd1-tiny");
    const auto tokenizer = tokenizer_for(*model);
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < ref.at("prompts").size(); ++i) {
      const at::Tensor want = z.get("z" + std::to_string(i));
      const at::Tensor got = encode_prompts(*model, *tokenizer, {ref["prompts"][i].get<std::string>()}, nullptr);
      QCOMPARE(got.sizes().vec(), want.sizes().vec());
      const auto c = test::close_to(got, want, 1e-5, 0);
      qInfo("z%zu %s: max |diff| %.3g", i, c10::str(want.sizes()).c_str(), c.max_abs);
      LDM_COMPARE_CLOSE(got, want, 1e-5, 0);
    }
  }

  void guidance_pads_the_shorter_side_with_the_empty_prompt() {
    auto model = load_fixture("sd1-tiny");
    const auto tokenizer = tokenizer_for(*model);
    torch::NoGradGuard no_grad;
    const std::string long_prompt = reference_json()["prompts"][6].get<std::string>();  // two chunks
    at::Tensor cond, uncond;
    encode_prompt_pair(*model, *tokenizer, {long_prompt}, {"blurry"}, true, &cond, &uncond, nullptr);
    QCOMPARE(cond.size(1), int64_t{154});
    QCOMPARE(uncond.size(1), int64_t{154});
    const at::Tensor neg = encode_prompts(*model, *tokenizer, {"blurry"}, nullptr);
    const at::Tensor empty = encode_prompts(*model, *tokenizer, {""}, nullptr);
    QVERIFY(torch::equal(uncond.narrow(1, 0, 77), neg));
    QVERIFY(torch::equal(uncond.narrow(1, 77, 77), empty));
    // A batch pads its shorter prompts the same way.
    const at::Tensor batch = encode_prompts(*model, *tokenizer, {"blurry", long_prompt}, nullptr);
    QCOMPARE(batch.size(1), int64_t{154});
    LDM_COMPARE_CLOSE(batch[0].unsqueeze(0), uncond, 1e-6, 1e-6);
    // Without guidance the negative is not encoded.
    at::Tensor c2, u2;
    encode_prompt_pair(*model, *tokenizer, {"a"}, {"b"}, false, &c2, &u2, nullptr);
    QVERIFY(!u2.defined());
  }
};

LDM_TEST_MAIN(PromptWeightingTest)
#include "test_prompt_weighting.moc"
