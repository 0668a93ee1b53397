// Model opening: config beside the checkpoint vs architecture detection from shapes alone,
// EMA mapping, and configs or files that contradict the weights. Expected values come from
// each fixture's config.yaml (written by the fixture generator), not from our own output.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <fstream>

#include "core/api/engine.h"
#include "core/error.h"
#include "core/io/model_loader.h"
#include "core/io/safetensors.h"
#include "core/io/yaml_json.h"
#include "core/models/unet_config.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;
using json = nlohmann::json;

class TestModelLoader : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void detectsEveryFamily_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("firstStage");
    QTest::addColumn<QString>("cond");
    QTest::newRow("sd1") << "sd1-tiny" << "sd1" << "kl" << "clip";
    QTest::newRow("sd2") << "sd2-tiny" << "sd2" << "kl" << "openclip";
    QTest::newRow("ldm txt2img") << "ldm-txt2img-tiny" << "ldm-txt2img" << "kl" << "bert";
    QTest::newRow("ldm inpaint") << "ldm-inpaint-tiny" << "ldm-inpaint" << "vq" << "first-stage";
    QTest::newRow("ldm sr") << "ldm-sr-tiny" << "ldm-sr" << "vq" << "identity";
    QTest::newRow("ldm layout") << "ldm-layout-tiny" << "ldm-layout" << "vq" << "bert-layout";
  }
  void detectsEveryFamily() {
    QFETCH(QString, fixture);
    QFETCH(QString, family);
    QFETCH(QString, firstStage);
    QFETCH(QString, cond);
    const std::string dir = test::fixture_dir(fixture.toStdString());
    for (const char* file : {"model.safetensors", "model.ckpt"}) {
      OpenOptions opt;
      opt.ignore_config = true;
      LoadedModel m = open_model(dir + "/" + file, opt);
      QCOMPARE(QString::fromStdString(m.desc.family), family);
      QCOMPARE(QString::fromStdString(m.desc.first_stage), firstStage);
      QCOMPARE(QString::fromStdString(m.desc.cond_stage), cond);
      QCOMPARE(QString::fromStdString(m.desc.config_source), QString("detected from tensor shapes"));
      // The detected architecture agrees with the fixture's config.yaml on everything shapes determine.
      const json cfg = load_yaml_as_json(dir + "/config.yaml")["model"]["params"];
      const json det = m.desc.config["model"]["params"];
      json u = cfg["unet_config"]["params"];
      const json& du = det["unet_config"]["params"];
      // Detection writes num_res_blocks per level; a config may give one number for all levels.
      if (u["num_res_blocks"].is_number())
        u["num_res_blocks"] = std::vector<int64_t>(u["channel_mult"].size(), u["num_res_blocks"].get<int64_t>());
      for (const char* k : {"in_channels", "out_channels", "model_channels", "num_res_blocks", "channel_mult",
                            "attention_resolutions", "context_dim", "transformer_depth", "num_classes"}) {
        if (u.contains(k)) QVERIFY2(u[k] == du[k], (std::string(k) + ": config " + u[k].dump() + " detected " + du[k].dump()).c_str());
      }
      QCOMPARE(du.value("use_linear_in_transformer", false), u.value("use_linear_in_transformer", false));
      const json& f = cfg["first_stage_config"]["params"];
      const json& df = det["first_stage_config"]["params"];
      QCOMPARE(df["embed_dim"], f["embed_dim"]);
      for (const char* k : {"ch", "ch_mult", "num_res_blocks", "z_channels", "double_z", "in_channels", "out_ch"}) {
        QVERIFY2(f["ddconfig"][k] == df["ddconfig"][k], k);
      }
      if (f.contains("n_embed")) QCOMPARE(df["n_embed"], f["n_embed"]);
      // LatentDiffusion's rule when the config leaves conditioning_key unset: concat_mode
      // (default True) -> "concat".
      const std::string expected_key =
          cfg.contains("conditioning_key") ? cfg["conditioning_key"].get<std::string>()
                                           : (cfg.value("concat_mode", true) ? "concat" : "crossattn");
      QCOMPARE(QString::fromStdString(det["conditioning_key"].get<std::string>()), QString::fromStdString(expected_key));
      QCOMPARE(du.value("resblock_updown", false), u.value("resblock_updown", false));
    }
    // With the config beside it, the config is the source.
    LoadedModel m = open_model(dir);
    QCOMPARE(QString::fromStdString(m.desc.config_source), QString::fromStdString(dir + "/config.yaml"));
    QVERIFY(m.desc.parameters.at("unet") > 0);
    QVERIFY(m.desc.parameters.at("first_stage") > 0);
  }

  // --vae: the first stage's weights come from another file (A1111's "SD VAE"); the engine's picture
  // follows them, and a file that is not this model's first stage is refused naming the key.
  void vaeReplacesTheFirstStage() {
    QTemporaryDir dir;
    const std::string model = test::fixture_file("sd1-tiny", "model.safetensors");
    const StateDict all = load_safetensors(model);
    StateDict same, changed, wrong, partial;
    for (const auto& k : all.select("first_stage_model.").keys()) {
      at::Tensor t = all.get("first_stage_model." + k);
      same.set(k, t);
      changed.set(k, k == "decoder.conv_out.bias" ? t + 0.2 : t);
      wrong.set(k, k == "decoder.conv_out.weight" ? torch::zeros({3, 1, 3, 3}) : t);
      if (k != "decoder.conv_out.bias") partial.set(k, t);
    }
    same.set("loss.discriminator.main.0.weight", torch::zeros({2}));  // a VAE file's discriminator: ignored
    StateDict prefixed;
    prefixed.merge(changed, "first_stage_model.");
    const std::string d = dir.path().toStdString();
    save_safetensors(same, d + "/same.safetensors");
    save_safetensors(changed, d + "/changed.safetensors");
    save_safetensors(prefixed, d + "/prefixed.safetensors");
    save_safetensors(wrong, d + "/wrong.safetensors");
    save_safetensors(partial, d + "/partial.safetensors");

    OpenOptions o;
    o.vae_path = d + "/changed.safetensors";
    const LoadedModel m = open_model(model, o);
    QVERIFY(torch::allclose(m.weights.get("first_stage_model.decoder.conv_out.bias"),
                            all.get("first_stage_model.decoder.conv_out.bias") + 0.2));
    for (const char* bad : {"wrong", "partial"}) {
      o.vae_path = d + "/" + bad + ".safetensors";
      try {
        open_model(model, o);
        QFAIL("a VAE that does not fit was accepted");
      } catch (const LoadError& e) {
        qInfo("%s", e.what());
        QVERIFY(std::string(e.what()).find("decoder.conv_out.") != std::string::npos);
      }
    }

    Engine engine;
    GenerationRequest r;
    r.model = model;
    r.prompt = "a red circle";
    r.width = r.height = 64;
    r.steps = 2;
    r.seed = 3;
    const Image plain = engine.run(r).images.at(0);
    r.vae = d + "/same.safetensors";
    QVERIFY(engine.run(r).images.at(0).pixels == plain.pixels);
    r.vae = d + "/changed.safetensors";
    const GenerationResult changed_run = engine.run(r);
    QVERIFY(changed_run.images.at(0).pixels != plain.pixels);
    QCOMPARE(QString::fromStdString(changed_run.request.vae), QString::fromStdString(r.vae));
    r.vae = d + "/prefixed.safetensors";
    QVERIFY(engine.run(r).images.at(0).pixels == changed_run.images.at(0).pixels);
    r.vae.clear();
    QVERIFY(engine.run(r).images.at(0).pixels == plain.pixels);
  }

  void emaFollowsConfig() {
    // ldm-inpaint-tiny carries EMA weights that differ from the raw ones; its config leaves
    // use_ema unset (LatentDiffusion default: true), so EMA must be used.
    const std::string dir = test::fixture_dir("ldm-inpaint-tiny");
    StateDict raw = load_safetensors(dir + "/model.safetensors");
    const std::string key = "model.diffusion_model.input_blocks.0.0.weight";
    const at::Tensor ema = raw.get("model_ema.diffusion_modelinput_blocks00weight");
    QVERIFY(!torch::equal(ema, raw.get(key)));
    LoadedModel m = open_model(dir);
    QVERIFY(m.desc.has_ema);
    QVERIFY(m.desc.ema_applied);
    QVERIFY(torch::equal(m.weights.get(key), ema));
    QVERIFY(!m.weights.has_prefix("model_ema."));
    OpenOptions off;
    off.ema = EmaMode::Ignore;
    LoadedModel r = open_model(dir, off);
    QVERIFY(!r.desc.ema_applied);
    QVERIFY(torch::equal(r.weights.get(key), raw.get(key)));
    // sd1-tiny's config says use_ema: false and it has no EMA.
    LoadedModel s = open_model(test::fixture_dir("sd1-tiny"));
    QVERIFY(!s.desc.has_ema && !s.desc.ema_applied);
  }

  void contradictingConfigIsRefused() {
    QTemporaryDir tmp;
    const std::string dir = test::fixture_dir("sd1-tiny");
    std::ifstream in(dir + "/config.yaml");
    std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t pos = yaml.find("model_channels: 32");
    QVERIFY(pos != std::string::npos);
    yaml.replace(pos, 18, "model_channels: 64");
    const std::string cfg = tmp.path().toStdString() + "/wrong.yaml";
    std::ofstream(cfg) << yaml;
    OpenOptions opt;
    opt.config_path = cfg;
    try {
      open_model(dir, opt);
      QFAIL("no error");
    } catch (const LoadError& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find("contradicts") != std::string::npos && msg.find("model_channels") != std::string::npos, e.what());
    }
  }

  // Found by tests/fuzz/fuzz_config_yaml (corpus: tests/fuzz/corpus/config_yaml/regress_*): a config.yaml
  // is user input, so a crafted one is a one-line LoadError naming the file, never a crash or json's
  // own exception.
  void craftedConfigIsRefused_data() {
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("needle");
    // A recursive alias: yaml-cpp hands back a cycle, which overflowed the stack.
    QTest::newRow("recursive alias") << "a: &x [1, 2, {b: *x}]\nmodel: {params: {}}\n" << "recursive YAML alias";
    // Aliases of aliases: 9^8 values ("billion laughs").
    QTest::newRow("alias bomb") << "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                                   "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                                   "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
                                << "YAML aliases";
    // Values of the wrong kind escaped as nlohmann::json::type_error (no file named, exit code 1).
    QTest::newRow("use_ema string") << "model:\n  params:\n    use_ema: \"yes\"\n" << "wrong type";
    QTest::newRow("embed_dim string") << "model:\n  params:\n    first_stage_config:\n      target: x\n      params:\n"
                                         "        embed_dim: four\n"
                                      << "wrong type";
    QTest::newRow("params a string") << "model:\n  params: hello\n" << "wrong type";
  }
  void craftedConfigIsRefused() {
    QFETCH(QString, yaml);
    QFETCH(QString, needle);
    QTemporaryDir tmp;
    const std::string cfg = tmp.path().toStdString() + "/crafted.yaml";
    std::ofstream(cfg) << yaml.toStdString();
    OpenOptions opt;
    opt.config_path = cfg;
    try {
      open_model(test::fixture_dir("sd1-tiny"), opt);
      QFAIL("no error");
    } catch (const LoadError& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find(needle.toStdString()) != std::string::npos && msg.find(cfg) != std::string::npos, e.what());
      QVERIFY2(msg.find('\n') == std::string::npos, e.what());
    }
  }

  // From fuzz_config_yaml (ASan): a first_stage_config or unet_config without `params:` made
  // check_config_matches index a const json by a missing key, which read freed memory. Such a config is
  // not wrong about the weights, so it loads; the asan preset runs this test under AddressSanitizer.
  void configSectionWithoutParams() {
    QTemporaryDir tmp;
    for (const char* yaml : {"model:\n  params:\n    first_stage_config:\n      target: x\n      paraos:\n        embed_dim: four\n",
                             "model:\n  params:\n    unet_config:\n      target: ldm.modules.diffusionmodules.openaimodel.UNetModel\n"}) {
      const std::string cfg = tmp.path().toStdString() + "/partial.yaml";
      std::ofstream(cfg) << yaml;
      OpenOptions opt;
      opt.config_path = cfg;
      try {
        const LoadedModel m = open_model(test::fixture_dir("sd1-tiny"), opt);
        QCOMPARE(m.desc.config_source, cfg);
      } catch (const LoadError& e) {
        QVERIFY2(std::string(e.what()).find(cfg) != std::string::npos, e.what());
      }
    }
  }

  // Also from fuzz_config_yaml: invalid UTF-8 in a value made nlohmann's dump() (used in the error message)
  // throw type_error 316, and a float field of 1e300 was cast to int64 (undefined behaviour).
  void configValuesAreChecked() {
    QVERIFY_THROWS_EXCEPTION(LoadError, parse_yaml_as_json("model:\n  params:\n    x: \"\xff\xfe\"\n", "bad.yaml"));
    QVERIFY_THROWS_EXCEPTION(LoadError, parse_yaml_as_json("\xc3: 1\n", "bad.yaml"));
    QCOMPARE(parse_yaml_as_json("name: caf\xc3\xa9\n")["name"].get<std::string>(), std::string("caf\xc3\xa9"));
    const nlohmann::json p = {{"in_channels", 4}, {"out_channels", 4}, {"model_channels", 1e300}, {"num_res_blocks", 1}};
    QVERIFY_THROWS_EXCEPTION(LoadError, UNetConfig::from_compvis(p));
  }

  void unknownArchitectureIsRefused() {
    QTemporaryDir tmp;
    StateDict d;
    d.set("encoder.layer.0.weight", torch::zeros({4, 4}));
    const std::string path = tmp.path().toStdString() + "/lora.safetensors";
    save_safetensors(d, path);
    try {
      open_model(path);
      QFAIL("no error");
    } catch (const LoadError& e) {
      const std::string msg = e.what();
      QVERIFY2(msg.find("not a latent diffusion checkpoint") != std::string::npos, e.what());
      QVERIFY2(msg.find(path) != std::string::npos, e.what());
    }
  }

  void resolvesFilesBesideCheckpoint() {
    QTemporaryDir tmp;
    const std::string base = tmp.path().toStdString();
    QVERIFY(QFile::copy(QString::fromStdString(test::fixture_file("sd2-tiny", "model.safetensors")),
                        QString::fromStdString(base + "/mine.safetensors")));
    QVERIFY(QFile::copy(QString::fromStdString(test::fixture_file("sd2-tiny", "config.yaml")),
                        QString::fromStdString(base + "/mine.yaml")));
    ModelFiles f = resolve_model_files(base + "/mine.safetensors");
    QCOMPARE(f.config, base + "/mine.yaml");
    LoadedModel m = open_model(base + "/mine.safetensors");
    QCOMPARE(m.desc.parameterization, std::string("v"));  // from the config
    QVERIFY_THROWS_EXCEPTION(LoadError, resolve_model_files(base + "/missing.ckpt"));
  }
};

LDM_TEST_MAIN(TestModelLoader)
#include "test_model_loader.moc"
