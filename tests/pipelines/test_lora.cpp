// LoRA (core/pipelines/lora.h) on the sd1-tiny and sd2-tiny fixtures, with LoRA files written here in
// the kohya-ss and the diffusers/PEFT namings. The expected merged weights are computed in the test from
// the file's tensors (W + strength * alpha / rank * up @ down) on the module names both tools document.
#include <torch/torch.h>

#include <QtTest/QtTest>
#include <filesystem>

#include "core/api/engine.h"
#include "core/error.h"
#include "core/io/safetensors.h"
#include "core/io/yaml_json.h"
#include "core/models/text_encoder.h"
#include "core/models/unet_model.h"
#include "core/pipelines/latent_diffusion.h"
#include "core/pipelines/lora.h"
#include "support/fixtures.h"
#include "support/requests.h"
#include "support/test_main.h"

using namespace ldm;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<LatentDiffusion> load_fixture(const std::string& name, bool low_memory = false) {
  return LatentDiffusion::load(load_yaml_as_json(test::fixture_file(name, "config.yaml")),
                               load_safetensors(test::fixture_file(name, "model.safetensors")), at::kFloat, at::kCPU,
                               low_memory);
}

std::map<std::string, at::Tensor> weights_of(LatentDiffusion& m) {
  std::map<std::string, at::Tensor> w;
  for (const auto& p : m.unet().named_parameters()) w["model.diffusion_model." + p.key()] = p.value().detach().clone();
  for (const auto& p : m.cond_stage()->named_parameters()) w["cond_stage_model." + p.key()] = p.value().detach().clone();
  return w;
}

bool all_equal(const std::map<std::string, at::Tensor>& a, const std::map<std::string, at::Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [k, v] : a)
    if (!torch::equal(v, b.at(k))) return false;
  return true;
}

// A module of the sd1-tiny model: its kohya name, PEFT name, CompVis weight, and down/up shapes.
struct Case {
  const char* kohya;
  const char* peft;
  const char* compvis;
  std::vector<int64_t> down, up;
};

const int64_t kRank = 4;
const std::vector<Case> kSd1Cases = {
    {"lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q",
     "unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q",
     "model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn1.to_q.weight", {kRank, 32}, {32, kRank}},
    {"lora_unet_up_blocks_1_attentions_1_transformer_blocks_0_attn2_to_k",
     "unet.up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k",
     "model.diffusion_model.output_blocks.3.1.transformer_blocks.0.attn2.to_k.weight", {kRank, 32}, {32, kRank}},
    // LoCon: a 3x3 convolution of a ResBlock, and a 1x1 projection (a convolution in SD 1.x)
    {"lora_unet_down_blocks_0_resnets_0_conv1", "unet.down_blocks.0.resnets.0.conv1",
     "model.diffusion_model.input_blocks.1.0.in_layers.2.weight", {kRank, 32, 3, 3}, {32, kRank, 1, 1}},
    {"lora_unet_mid_block_attentions_0_proj_in", "unet.mid_block.attentions.0.proj_in",
     "model.diffusion_model.middle_block.1.proj_in.weight", {kRank, 64, 1, 1}, {64, kRank, 1, 1}},
    {"lora_te_text_model_encoder_layers_0_self_attn_q_proj", "text_encoder.text_model.encoder.layers.0.self_attn.q_proj",
     "cond_stage_model.transformer.text_model.encoder.layers.0.self_attn.q_proj.weight", {kRank, 32}, {32, kRank}},
};

struct Written {
  std::string path;
  std::map<std::string, at::Tensor> delta;  // CompVis weight -> strength-1 delta
};

// A LoRA over `cases` with random factors drawn from `seed`; kohya names with alpha = rank / 2, or
// PEFT names (no alpha: scale 1, so the factors are halved to give the same deltas).
Written write_lora(const std::string& path, const std::vector<Case>& cases, uint64_t seed, bool peft,
                   const std::map<std::string, std::string>& metadata = {}, double scale = 0.1) {
  torch::manual_seed(seed);
  StateDict sd;
  Written w{path, {}};
  for (const Case& c : cases) {
    const at::Tensor down = torch::randn(c.down) * scale, up = torch::randn(c.up) * scale;
    const double alpha = kRank / 2.0;
    if (peft) {
      sd.set(std::string(c.peft) + ".lora_A.weight", down);
      sd.set(std::string(c.peft) + ".lora_B.weight", up * (alpha / kRank));
    } else {
      sd.set(std::string(c.kohya) + ".lora_down.weight", down);
      sd.set(std::string(c.kohya) + ".lora_up.weight", up);
      sd.set(std::string(c.kohya) + ".alpha", torch::full({}, alpha));
    }
    w.delta[c.compvis] = torch::mm(up.flatten(1), down.flatten(1)) * (alpha / kRank);
  }
  sd.metadata = metadata;
  fs::remove(path);
  save_safetensors(sd, path);
  return w;
}

}  // namespace

class LoraTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::string file(const char* name) const { return (fs::path(dir_.path().toStdString()) / name).string(); }

 private Q_SLOTS:
  void merged_weights_are_the_documented_sum() {
    auto model = load_fixture("sd1-tiny");
    const auto original = weights_of(*model);
    const Written a = write_lora(file("a.safetensors"), kSd1Cases, 1, false);
    const Written b = write_lora(file("b.safetensors"), kSd1Cases, 2, false);
    LoraMerger merger(*model);
    merger.set({{a.path, 0.7, 0.7}, {b.path, -0.4, -0.4}});
    const auto merged = weights_of(*model);
    int changed = 0;
    for (const auto& [name, w] : merged) {
      at::Tensor want = original.at(name);
      if (a.delta.count(name)) {
        want = want + (0.7 * a.delta.at(name) + -0.4 * b.delta.at(name)).reshape(want.sizes());
        ++changed;
      }
      LDM_COMPARE_CLOSE(w, want, 1e-6, 1e-6);
    }
    QCOMPARE(changed, static_cast<int>(kSd1Cases.size()));
    // Text encoder and UNet strengths apart (<lora:name:te:unet>).
    merger.set({{a.path, 0.0, 1.0}});
    const auto unet_only = weights_of(*model);
    QVERIFY(torch::equal(unet_only.at(kSd1Cases[4].compvis), original.at(kSd1Cases[4].compvis)));
    QVERIFY(!torch::equal(unet_only.at(kSd1Cases[0].compvis), original.at(kSd1Cases[0].compvis)));
  }

  void removing_restores_bit_for_bit() {
    auto model = load_fixture("sd1-tiny");
    const auto original = weights_of(*model);
    const Written a = write_lora(file("c.safetensors"), kSd1Cases, 3, false);
    const Written b = write_lora(file("d.safetensors"), kSd1Cases, 4, false);
    LoraMerger merger(*model);
    for (int i = 0; i < 100; ++i) {
      merger.set({{a.path, 0.8, 0.8}});
      merger.set({{a.path, 0.8, 0.8}, {b.path, 1.3, 1.3}});
      merger.set({});
    }
    QVERIFY(all_equal(weights_of(*model), original));
  }

  void peft_and_kohya_names_give_the_same_weights() {
    auto model = load_fixture("sd1-tiny");
    const Written k = write_lora(file("k.safetensors"), kSd1Cases, 5, false);
    const Written p = write_lora(file("p.safetensors"), kSd1Cases, 5, true);
    LoraMerger merger(*model);
    merger.set({{k.path, 1.0, 1.0}});
    const auto with_kohya = weights_of(*model);
    merger.set({{p.path, 1.0, 1.0}});
    const auto with_peft = weights_of(*model);
    for (const auto& [name, w] : with_kohya) LDM_COMPARE_CLOSE(with_peft.at(name), w, 1e-7, 1e-6);
  }

  void open_clip_q_k_v_go_to_their_third_of_in_proj() {
    auto model = load_fixture("sd2-tiny");
    const auto original = weights_of(*model);
    const std::vector<Case> cases = {
        {"lora_te_text_model_encoder_layers_1_self_attn_k_proj", "text_encoder.text_model.encoder.layers.1.self_attn.k_proj",
         "cond_stage_model.model.transformer.resblocks.1.attn.in_proj_weight", {kRank, 32}, {32, kRank}},
        // SD 2.x projections are Linear layers
        {"lora_unet_mid_block_attentions_0_proj_in", "unet.mid_block.attentions.0.proj_in",
         "model.diffusion_model.middle_block.1.proj_in.weight", {kRank, 64}, {64, kRank}}};
    const Written a = write_lora(file("sd2.safetensors"), cases, 6, false, {{"ss_base_model_version", "sd_v2"}});
    LoraMerger merger(*model);
    merger.set({{a.path, 1.0, 1.0}});
    const auto merged = weights_of(*model);
    const at::Tensor in_proj = merged.at(cases[0].compvis), before = original.at(cases[0].compvis);
    QVERIFY(torch::equal(in_proj.narrow(0, 0, 32), before.narrow(0, 0, 32)));    // q
    LDM_COMPARE_CLOSE(in_proj.narrow(0, 32, 32), before.narrow(0, 32, 32) + a.delta.at(cases[0].compvis), 1e-6, 1e-6);
    QVERIFY(torch::equal(in_proj.narrow(0, 64, 32), before.narrow(0, 64, 32)));  // v
    LDM_COMPARE_CLOSE(merged.at(cases[1].compvis), original.at(cases[1].compvis) + a.delta.at(cases[1].compvis), 1e-6, 1e-6);
  }

  void bad_files_are_refused_and_nothing_is_half_applied() {
    auto model = load_fixture("sd2-tiny");
    const auto original = weights_of(*model);
    LoraMerger merger(*model);
    auto refused = [&](const std::string& path, const char* needle) {
      try {
        merger.set({{path, 1.0, 1.0}});
      } catch (const LoadError& e) {
        qInfo("%s", e.what());
        return std::string(e.what()).find(needle) != std::string::npos;
      }
      return false;
    };
    // Made for SD 1.x (kohya's metadata), loaded on SD 2.x.
    const Written sd1 = write_lora(file("sd1.safetensors"), {kSd1Cases[0]}, 7, false, {{"ss_base_model_version", "sd_v1"}});
    QVERIFY(refused(sd1.path, "made for Stable Diffusion 1.x; the model is Stable Diffusion 2.x"));
    // A good module followed by an unknown one: the error names the key, and the first is not applied.
    std::vector<Case> cases = {kSd1Cases[0], {"lora_unet_not_a_module", "", "", {kRank, 32}, {32, kRank}}};
    write_lora(file("unknown.safetensors"), cases, 8, false);
    QVERIFY(refused(file("unknown.safetensors"), "lora_unet_not_a_module.alpha"));
    // Wrong shape.
    cases = {kSd1Cases[0], {kSd1Cases[1].kohya, "", "", {kRank, 48}, {32, kRank}}};
    write_lora(file("shape.safetensors"), cases, 9, false);
    QVERIFY(refused(file("shape.safetensors"), "attn2_to_k.lora_down.weight"));
    // LyCORIS kinds this program does not read.
    StateDict loha;
    loha.set("lora_unet_mid_block_attentions_0_proj_in.hada_w1_a", torch::zeros({4, 4}));
    save_safetensors(loha, file("loha.safetensors"));
    QVERIFY(refused(file("loha.safetensors"), "(LoHa)"));
    QVERIFY(all_equal(weights_of(*model), original));
    // After a good LoRA, a bad one leaves the good one in place.
    const Written good = write_lora(file("good.safetensors"), {kSd1Cases[0]}, 10, false);
    merger.set({{good.path, 1.0, 1.0}});
    const auto with_good = weights_of(*model);
    QVERIFY(refused(file("shape.safetensors"), "attn2_to_k"));
    QVERIFY(all_equal(weights_of(*model), with_good));
    QCOMPARE(merger.applied().size(), size_t{1});
  }

  void prompt_tags() {
    std::string p = "a cat <lora:style_one:0.8>, on a mat <lora:two> <lyco:three:0.5:1.5>";
    const auto tags = extract_lora_tags(&p);
    QCOMPARE(QString::fromStdString(p), QString("a cat , on a mat  "));
    QCOMPARE(tags.size(), size_t{3});
    QCOMPARE(QString::fromStdString(tags[0].path), QString("style_one"));
    QCOMPARE(tags[0].strength, 0.8);
    QCOMPARE(tags[0].unet_strength, 0.8);
    QCOMPARE(tags[1].strength, 1.0);
    QCOMPARE(tags[2].strength, 0.5);
    QCOMPARE(tags[2].unet_strength, 1.5);
    std::string bad = "<lora:x:abc>";
    QVERIFY_THROWS_EXCEPTION(RequestError, extract_lora_tags(&bad));
  }

  void engine_applies_tags_and_flags_and_restores() {
    // The engine: --lora and a prompt tag give the same picture; the next request without a LoRA
    // gives the picture of the model as loaded.
    const Written a = write_lora(file("style.safetensors"), kSd1Cases, 11, false, {}, 1.0);
    qputenv("LDM_LORA_PATH", dir_.path().toUtf8());
    Engine engine;
    GenerationRequest r = test::sd1_tiny_request(64, 64, 3, 5);
    const Image plain = engine.run(r).images.at(0);
    GenerationRequest with_flag = r;
    with_flag.loras = {{a.path, 2.0, 2.0}};
    const Image flagged = engine.run(with_flag).images.at(0);
    GenerationRequest with_tag = r;
    with_tag.prompt = "a red circle<lora:style:2>";
    const GenerationResult tagged = engine.run(with_tag);
    QVERIFY(flagged.pixels != plain.pixels);
    QVERIFY(tagged.images.at(0).pixels == flagged.pixels);
    QCOMPARE(QString::fromStdString(tagged.request.prompt), QString("a red circle<lora:style:2>"));  // recorded as given
    QVERIFY(engine.run(r).images.at(0).pixels == plain.pixels);
    GenerationRequest missing = r;
    missing.prompt = "<lora:nothing_here>";
    QVERIFY_THROWS_EXCEPTION(RequestError, engine.run(missing));
    missing.prompt = "<lora:../etc/passwd>";
    QVERIFY_THROWS_EXCEPTION(RequestError, engine.run(missing));
  }

  void low_memory_models_apply_loras_to_parts_loaded_again() {
    // With low_memory the UNet and the text encoder take turns: each time one is loaded again from the
    // checkpoint, the LoRA sum is applied again, and removing the LoRAs restores the loaded weights.
    auto resident = load_fixture("sd1-tiny");
    auto low = load_fixture("sd1-tiny", true);
    const auto original = weights_of(*resident);
    const Written a = write_lora(file("low_a.safetensors"), kSd1Cases, 21, false);
    const Written b = write_lora(file("low_b.safetensors"), kSd1Cases, 22, true);
    const std::vector<LoraRef> both = {{a.path, 0.8, 0.5}, {b.path, -0.3, 1.2}};
    LoraMerger(*resident).set(both);
    LoraMerger low_merger(*low);
    low_merger.set(both);
    for (int turn = 0; turn < 2; ++turn) {  // weights_of loads the UNet, then the text encoder (freeing the UNet)
      QVERIFY(all_equal(weights_of(*low), weights_of(*resident)));
      QVERIFY(!low->unet_loaded());
    }
    low_merger.set({{a.path, 0.8, 0.5}});  // with the UNet not loaded: its sum changes for its next turn
    LoraMerger(*resident).set({{a.path, 0.8, 0.5}});
    QVERIFY(!all_equal(weights_of(*resident), original));
    QVERIFY(all_equal(weights_of(*low), weights_of(*resident)));
    low_merger.set({});
    QVERIFY(all_equal(weights_of(*low), original));
    QVERIFY(low->unet_loaded() == false && low->first_stage_loaded());
  }

  void engine_low_memory_gives_the_same_pictures() {
    // MemoryUse::Low against Keep through the engine, with a LoRA and without: the same bytes.
    const Written a = write_lora(file("mem.safetensors"), kSd1Cases, 31, false, {}, 1.0);
    GenerationRequest r = test::sd1_tiny_request(64, 64, 3, 7);
    r.batch = 2;
    GenerationRequest with_lora = r;
    with_lora.loras = {{a.path, 1.5, 1.5}};
    RunOptions keep, low;
    keep.memory = MemoryUse::Keep;
    low.memory = MemoryUse::Low;
    Engine engine;
    for (const GenerationRequest& req : {r, with_lora, r}) {
      const GenerationResult k = engine.run(req, keep);
      const GenerationResult l = engine.run(req, low);
      QCOMPARE(l.images.size(), size_t{2});
      for (size_t i = 0; i < 2; ++i) QVERIFY(l.images[i].pixels == k.images[i].pixels);
    }
  }
};

LDM_TEST_MAIN(LoraTest)
#include "test_lora.moc"
