// `ldm` end to end on the tiny fixtures: the txt2img image equals the reference pipeline's uint8
// image (sd1-tiny README, procedure 5) within 2 levels, the PNG carries the request, --from-png
// regenerates the same pixels, and bad input gives one-line errors with the documented exit codes.
#include <torch/torch.h>
#include <torch/version.h>

#include <QDirIterator>
#include <QRegularExpression>
#include <QSet>
#include <QtTest/QtTest>

#include <algorithm>
#include <array>
#include <map>
#include <cstring>
#include <fstream>

#include "core/api/model_info.h"
#include "core/imaging/image_io.h"
#include "core/imaging/png_metadata.h"
#include "core/io/safetensors.h"
#include "core/runtime/runtime.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

struct Run {
  int code = -1;
  QString out, err;
};

Run ldm_run(const QStringList& args) {
  QProcess p;
  p.start(QStringLiteral(LDM_CLI_PATH), args);
  p.waitForFinished(600000);
  Run r;
  r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

QString fx(const char* name) { return QString::fromStdString(test::fixture_dir(name)); }

int max_level_diff(const Image& a, const at::Tensor& ref_hwc_u8) {
  at::Tensor t = torch::from_blob(const_cast<uint8_t*>(a.pixels.data()), {a.height, a.width, a.channels}, torch::kUInt8)
                     .to(torch::kInt);
  return (t - ref_hwc_u8.squeeze(0).to(torch::kInt)).abs().max().item<int>();
}

Image gradient_image(int w, int h) {
  Image im = Image::blank(w, h, 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = im.at(x, y);
      p[0] = static_cast<uint8_t>(255 * x / std::max(1, w - 1));
      p[1] = static_cast<uint8_t>(255 * y / std::max(1, h - 1));
      p[2] = static_cast<uint8_t>((x * 7 + y * 13) % 256);
    }
  return im;
}

// The inputs of the image tasks, written into `dir`: a 32x32 init picture, its mask (a rectangle to
// repaint) and a 16x16 picture to upscale.
struct InputImages {
  QString init, mask, small;
  Image mask_pixels;  // 1 channel, 255 inside the rectangle
};
InputImages write_input_images(const QString& dir) {
  InputImages in{dir + "/init.png", dir + "/mask.png", dir + "/small.png", Image::blank(32, 32, 1)};
  save_png(in.init.toStdString(), gradient_image(32, 32));
  for (int y = 8; y < 20; ++y)
    for (int x = 10; x < 26; ++x) *in.mask_pixels.at(x, y) = 255;
  save_png(in.mask.toStdString(), in.mask_pixels);
  save_png(in.small.toStdString(), gradient_image(16, 16));
  return in;
}

// Runs a task, reads the PNG and its metadata back, then regenerates from the PNG's metadata
// (plus the same input files) and expects the same pixels.
Image run_and_regenerate(const QString& task, const QStringList& inputs, const QStringList& options, const QString& dir,
                         GenerationRequest* meta) {
  const QString out = dir + "/" + task + ".png", again = dir + "/" + task + "-again.png";
  Run r = ldm_run(QStringList{task} + inputs + options + QStringList{"--output", out});
  if (r.code != 0) qWarning("%s", qPrintable(r.err));
  [&] { QCOMPARE(r.code, 0); }();
  const Image img = load_image(out.toStdString());
  *meta = request_from_png(out.toStdString());
  r = ldm_run(QStringList{task, "--from-png", out} + inputs + QStringList{"--output", again});
  [&] { QCOMPARE(r.code, 0); }();
  [&] { QVERIFY(load_image(again.toStdString()).pixels == img.pixels); }();
  return img;
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void infoReportsFamily() {
    Run r = ldm_run({"info", "--model", fx("ldm-inpaint-tiny"), "--json"});
    QCOMPARE(r.code, 0);
    auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j["family"].get<std::string>(), std::string("ldm-inpaint"));
    QCOMPARE(j["ema_present"].get<bool>(), true);
    QCOMPARE(j["first_stage"].get<std::string>(), std::string("vq"));
    // What its weights take, and what --memory auto would do with them here.
    int64_t total = 0;
    for (const auto& [part, n] : j["parameters"].items()) total += n.get<int64_t>();
    QCOMPARE(j["memory"]["weights_bytes_fp32"].get<int64_t>(), 4 * total);
    QCOMPARE(j["memory"]["weights_bytes_half"].get<int64_t>(), 2 * total);
    QVERIFY(j["memory"]["available_bytes"].get<int64_t>() > 0);
    QCOMPARE(j["memory"]["auto_cpu_fp32"].get<std::string>(), std::string("keep"));  // a tiny model
    r = ldm_run({"info", "--model", fx("ldm-inpaint-tiny")});
    QVERIFY2(r.out.contains("--memory auto on the CPU would keep them loaded in fp32 and bf16"), qPrintable(r.out));
    // --classes: the names --class, --box and label maps take, "index<TAB>name" a line, or a JSON array.
    r = ldm_run({"info", "--model", fx("ldm-cin-tiny"), "--json"});
    const size_t cin_classes = nlohmann::json::parse(r.out.toStdString())["classes"].get<size_t>();
    r = ldm_run({"info", "--model", fx("ldm-cin-tiny"), "--classes"});
    QCOMPARE(r.code, 0);
    const QStringList lines = r.out.trimmed().split('\n');
    QCOMPARE(static_cast<size_t>(lines.size()), cin_classes);
    QVERIFY2(lines.size() > 388 && lines[388].startsWith("388\t") && lines[388].contains("giant panda", Qt::CaseInsensitive),
             qPrintable(lines.value(388)));  // test zooFamilies' --class "Giant Panda" is 388
    r = ldm_run({"info", "--model", fx("ldm-layout-tiny"), "--classes", "--json"});
    QCOMPARE(r.code, 0);
    const auto layout_names = nlohmann::json::parse(r.out.toStdString()).get<std::vector<std::string>>();
    QCOMPARE(layout_names.size(), size_t(340));  // resources/layout/openimages-layout-classes.json
    QVERIFY(std::find(layout_names.begin(), layout_names.end(), "Tortoise") != layout_names.end());  // a --box label
    r = ldm_run({"info", "--model", fx("ldm-inpaint-tiny")});
    QVERIFY2(!r.out.contains("classes:"), qPrintable(r.out));
    r = ldm_run({"info", "--model", fx("ldm-inpaint-tiny"), "--classes"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("no classes") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
    // The bundled text-guided inpainting model (BERT + mask, "hybrid") is named as what it does, not as
    // a text-to-image model (the GUI's Inpaint picker showed "LDM text-to-image · inpaint").
    r = ldm_run({"info", "--model", QString::fromStdString(ldm::bundled_model_path(ldm::Task::Inpaint))});
    QVERIFY2(r.out.contains("family:       LDM text-guided inpainting (ldm-txt2img)") && r.out.contains("tasks:        [\"inpaint\"]"),
             qPrintable(r.out));
  }

  void badInputGivesOneLineErrors() {
    QTemporaryDir tmp;
    Run r = ldm_run({"info", "--model", tmp.path() + "/missing.ckpt"});
    QCOMPARE(r.code, 3);
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    r = ldm_run({"info"});
    QCOMPARE(r.code, 2);
    // A missing required option: said once, without the command named twice ("ldm info: ldm info needs").
    const QList<QStringList> missing = {{"info"}, {"img2img", "--prompt", "x", "--output", tmp.path() + "/i.png"},
                                        {"inpaint", "--output", tmp.path() + "/j.png"}, {"upscale", "--output", tmp.path() + "/k.png"},
                                        {"semantic", "--output", tmp.path() + "/l.png"}, {"dataset"}, {"train", "export"},
                                        {"train"}};
    for (const QStringList& args : missing) {
      r = ldm_run(args);
      QCOMPARE(r.code, 2);
      QVERIFY2(r.err.trimmed().count('\n') == 0 && r.err.count(QStringLiteral("ldm ")) == 2 && r.err.contains("required"),
               qPrintable(r.err));  // "ldm X: ... (see ldm X --help)"
    }
    QCOMPARE(ldm_run({"train", "--help"}).code, 0);  // what the line above points at
    r = ldm_run({"--version"});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("ldm ")) && r.out.trimmed().count('\n') == 0 && r.out.contains(QLatin1Char('.')),
             qPrintable(r.out + r.err));
    r = ldm_run({"txt2img", "--model", fx("sd1-tiny"), "--prompt", "x", "--sampler", "bogus", "--width", "16",
                 "--height", "16", "--output", tmp.path() + "/a.png"});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("bogus"), qPrintable(r.err));
    r = ldm_run({"txt2img", "--model", fx("sd1-tiny"), "--prompt", "x", "--steps", "0", "--output", tmp.path() + "/b.png"});
    QCOMPARE(r.code, 4);
    r = ldm_run({"layout", "--model", fx("sd1-tiny"), "--box", "Cat:0.1,0.1,0.5,0.5", "--output", tmp.path() + "/c.png"});
    QVERIFY2(r.code == 4 || r.code == 3, qPrintable(r.err));  // a text model cannot do layout
    QVERIFY(!QFile::exists(tmp.path() + "/c.png"));
    // A tile the UNet cannot take was an internal tensor error (exit 1) from inside the sampler; a
    // stride between latent pixels was floored silently. Both are refused before the run.
    const QString small = write_input_images(tmp.path()).small;
    for (const QStringList& tiles : {QStringList{"--tile", "7"}, QStringList{"--tile", "64", "--tile-stride", "6"}}) {
      r = ldm_run(QStringList{"upscale", "--model", fx("ldm-sr-tiny"), "--image", small} + tiles +
                  QStringList{"--output", tmp.path() + "/t.png"});
      QCOMPARE(r.code, 4);
      const char* expected = tiles.size() == 2 ? "the tile must be a multiple of 8 pixels" : "the tile stride must be a multiple of 4";
      QVERIFY2(r.err.contains(expected) && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
      QVERIFY(!QFile::exists(tmp.path() + "/t.png"));
    }
    r = ldm_run({"txt2img", "--model", fx("sd1-tiny"), "--prompt", "x", "--memory", "little", "--output", tmp.path() + "/d.png"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--memory") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
  }

  // A misspelt name gets the nearest right one in the same line; a name close to nothing gets none.
  void typosGetTheNearestName() {
    QTemporaryDir tmp;
    const QString out = tmp.path() + "/a.png";
    struct Case {
      QStringList args;
      int code;
      QString expected;  // "" = no suggestion
    };
    const QList<Case> cases = {
        {{"txt2img", "--prompt", "x", "--negative-prompt", "blue"}, 2, "(did you mean --negative?)"},
        {{"txt2img", "--prompt", "x", "--sed", "3"}, 2, "(did you mean --seed?)"},
        {{"txt2img", "--prompt", "x", "--qqqqqq", "3"}, 2, ""},
        {{"txt2image", "--prompt", "x"}, 2, "(did you mean txt2img?)"},
        {{"txt2img", "--prompt", "x", "--sampler", "dpm++2m"}, 4, "(did you mean dpmpp_2m?)"},
        {{"txt2img", "--prompt", "x", "--sampler", "Euler a"}, 4, "(did you mean euler_a?)"},
        {{"layout", "--box", "red circel:0.1,0.1,0.5,0.5"}, 4, "did you mean \"red circle\"?"},
    };
    for (const Case& c : cases) {
      const Run r = ldm_run(c.args + QStringList{"--output", out});
      QVERIFY2(r.code == c.code, qPrintable(c.args.join(' ') + " -> " + QString::number(r.code) + ": " + r.err));
      const QString first = r.err.split('\n').first();
      if (c.expected.isEmpty()) QVERIFY2(!first.contains("did you mean"), qPrintable(first));
      else QVERIFY2(first.contains(c.expected), qPrintable(first));
    }
    QVERIFY(!QFile::exists(out));
  }

  // ldm info --png: what made a picture, and the command it prints makes the same picture again.
  void infoPngSaysWhatMadeAPicture() {
    QTemporaryDir tmp;
    const QString first = tmp.path() + "/first.png", again = tmp.path() + "/again.png";
    Run r = ldm_run({"txt2img", "--prompt", "a red circle", "--seed", "5", "--steps", "4", "--output", first});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = ldm_run({"info", "--png", first});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("made by:      ldm txt2img") && r.out.contains("shapes-txt2img (name and hash match)") &&
                 r.out.contains("Steps: 4,") && r.out.contains("Seed: 5,"),
             qPrintable(r.out));
    const QString command = r.out.section("again:", 1).trimmed();
    QCOMPARE(command, "ldm txt2img --from-png " + first);
    r = ldm_run(command.split(' ').mid(1) + QStringList{"--output", again});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(load_image(again.toStdString()).pixels == load_image(first.toStdString()).pixels);
    r = ldm_run({"info", "--png", first, "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j["request"]["seed"].get<int64_t>(), int64_t(5));
    QCOMPARE(j["task"].get<std::string>(), std::string("txt2img"));
    // A web UI picture of a model this machine does not have: info says so; --from-png refuses in one
    // line (it ran the bundled model instead) and runs with --model.
    const QString webui = tmp.path() + "/webui.png";
    save_png(webui.toStdString(), gradient_image(8, 8),
             {{"parameters", "a cat\nSteps: 3, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 64x64, Model hash: "
                             "6ce0161689, Model: v1-5-pruned-emaonly"}});
    r = ldm_run({"info", "--png", webui});
    QVERIFY2(r.code == 0 && r.out.contains("model:        model 'v1-5-pruned-emaonly' (hash 6ce0161689) not found"),
             qPrintable(r.out + r.err));
    r = ldm_run({"txt2img", "--from-png", webui, "--output", again + ".png"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("give --model") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
    QVERIFY(!QFile::exists(again + ".png"));
    r = ldm_run({"txt2img", "--from-png", webui, "--model", fx("sd1-tiny"), "--output", again + ".png"});
    QVERIFY2(r.code == 0 && load_image((again + ".png").toStdString()).width == 64, qPrintable(r.err));
    // Not a picture of ours: a bad input file; both --png and --model: a usage error.
    r = ldm_run({"info", "--png", QStringLiteral(LDM_CLI_PATH)});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.trimmed().count('\n') == 0, qPrintable(r.err));
    r = ldm_run({"info", "--png", first, "--model", fx("sd1-tiny")});
    QCOMPARE(r.code, 2);
  }

  // A prompt given to a model without a text encoder was left out without a word.
  void promptForAModelWithoutTextIsReported() {
    QTemporaryDir tmp;
    for (bool with_prompt : {true, false}) {
      const QString out = tmp.path() + (with_prompt ? "/p.png" : "/n.png");
      QStringList args{"sample", "--model", fx("ldm-uncond-kl-tiny"), "--steps", "2", "--output", out};
      if (with_prompt) args << "--prompt" << "a cat";
      const Run r = ldm_run(args);
      QVERIFY2(r.code == 0, qPrintable(r.err));
      QCOMPARE(r.err.contains("warning: this model takes no text: the prompt and negative prompt are not used"), with_prompt);
      QVERIFY(QFile::exists(out));
    }
  }

  // Options of the hires fix without --hires-scale did nothing, and an unknown upscaler passed unseen.
  void hiresOptionsNeedTheHiresFix() {
    QTemporaryDir tmp;
    const QString out = tmp.path() + "/a.png";
    for (const QStringList& o : {QStringList{"--hires-upscaler", "lanczos"}, QStringList{"--hires-steps", "5"},
                                 QStringList{"--strength", "0.5"}}) {
      const Run r = ldm_run(QStringList{"txt2img", "--prompt", "x", "--output", out} + o);
      QCOMPARE(r.code, 2);
      QVERIFY2(r.err.contains(o.first() + " is an option of the hires fix") && r.err.trimmed().count('\n') == 0,
               qPrintable(r.err));
    }
    const Run r = ldm_run({"txt2img", "--prompt", "x", "--hires-scale", "2", "--hires-upscaler", "lanczos", "--output", out});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("unknown hires upscaler 'lanczos'"), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
  }

  // The request reads a size of 0 and a negative eta, guidance or feather as "the model's default", so
  // `--eta -1`, `--cfg -2`, `--width 0` and `--feather -3` ran the model's defaults and exited 0.
  void defaultSentinelsAreNotValues() {
    QTemporaryDir tmp;
    const QString out = tmp.path() + "/a.png";
    const QString image = tmp.path() + "/in.png";
    save_png(image.toStdString(), gradient_image(64, 64));
    const QList<QStringList> cases{
        {"txt2img", "--prompt", "x", "--sampler", "ddim", "--eta", "-1"},
        {"txt2img", "--prompt", "x", "--cfg", "-2"},
        {"txt2img", "--prompt", "x", "--width", "0"},
        {"txt2img", "--prompt", "x", "--height", "-64"},
        {"inpaint", "--image", image, "--outpaint", "8", "--feather", "-3"},
    };
    for (const QStringList& c : cases) {
      const Run r = ldm_run(c + QStringList{"--steps", "1", "--output", out});
      QCOMPARE(r.code, 4);
      const QString option = c.at(c.size() - 2);
      QVERIFY2(r.err.contains(option + " must be") && r.err.trimmed().count('\n') == 0, qPrintable(c.join(' ') + ": " + r.err));
      QVERIFY(!QFile::exists(out));
    }
    // A negative seed is a random one, and the one drawn is said (it was only in --json) and recorded.
    for (const QStringList& seed : {QStringList{}, QStringList{"--seed", "-1"}}) {
      const QString png = tmp.path() + "/seed" + QString::number(seed.size()) + ".png";
      const Run r = ldm_run(QStringList{"txt2img", "--prompt", "x", "--steps", "1", "--output", png} + seed);
      QVERIFY2(r.code == 0, qPrintable(r.err));
      const QRegularExpressionMatch m = QRegularExpression("seed (\\d+) \\(random").match(r.err);
      QVERIFY2(m.hasMatch(), qPrintable(r.err));
      QCOMPARE(request_from_png(png.toStdString()).seed, m.captured(1).toLongLong());
    }
    QVERIFY(!ldm_run({"txt2img", "--prompt", "x", "--steps", "1", "--seed", "5", "--output", tmp.path() + "/s5.png"})
                 .err.contains("random"));
    // Zero is a value where it means one: no guidance noise at eta 0, a guidance scale of 0.
    const Run r = ldm_run({"txt2img", "--prompt", "x", "--sampler", "ddim", "--eta", "0", "--cfg", "0", "--steps", "1",
                           "--output", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(out));
  }

  // Layout input is parsed by app/cli/layout_input.cpp (fuzzed by tests/fuzz/fuzz_layout): a --box class
  // number past INT_MAX was std::stoi's out_of_range and a layout file holding JSON that is not an object
  // json's type_error, both exit code 1 with a message naming neither the option nor the file.
  void layoutInputErrors() {
    QTemporaryDir tmp;
    const QString out = tmp.path() + "/out.png";
    Run r = ldm_run({"layout", "--model", fx("ldm-layout-tiny"), "--box", "99999999999999999999:0.1,0.1,0.5,0.5",
                     "--output", out});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("too large") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
    // A name the model does not have, and nothing close to it: the message says where the names are.
    r = ldm_run({"layout", "--model", fx("ldm-layout-tiny"), "--box", "zzqx:0.1,0.1,0.5,0.5", "--output", out});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("ldm info --model MODEL --classes") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
    r = ldm_run({"layout", "--box", "zzqx:0.1,0.1,0.5,0.5", "--output", out});  // the bundled model: 40 shapes, listed
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("red circle, red square") && r.err.contains("pink star") && r.err.trimmed().count('\n') == 0,
             qPrintable(r.err));
    const QString file = tmp.path() + "/layout.json";
    for (const char* text : {"[{\"boxes\": []}]", "{\"boxes\": [", "{\"boxes\": [7, null]}"}) {
      QFile f(file);
      QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
      f.write(text);
      f.close();
      r = ldm_run({"layout", "--model", fx("ldm-layout-tiny"), "--layout", file, "--output", out});
      QVERIFY2(r.code == 3 || r.code == 4, qPrintable(QString(text) + " -> " + QString::number(r.code) + ": " + r.err));
      QVERIFY2(r.err.trimmed().count('\n') == 0, qPrintable(r.err));
      if (r.code == 3) QVERIFY2(r.err.contains(file), qPrintable(r.err));
    }
    QVERIFY(!QFile::exists(out));
  }

  // The CLI's way to train on a folder of pictures: ldm dataset writes one (pictures with their captions
  // beside them), both stages read it through the imaging library, and the model generates.
  void trainOnAFolderOfPictures() {
    QTemporaryDir tmp;
    const QString pictures = tmp.path() + "/pictures";
    Run r = ldm_run({"dataset", "--out", pictures, "--count", "12", "--size", "32"});
    QCOMPARE(r.code, 0);
    QFile caption(pictures + "/000004.txt");
    QVERIFY(caption.open(QIODevice::ReadOnly));
    QVERIFY(caption.readAll().trimmed().startsWith("a "));
    const QString data = "data: {target: ldm_studio.data.ImageFolder, params: {root: pictures, size: 32, crop: 32}}\n";
    const QString ae_cfg = tmp.path() + "/ae.yaml", text_cfg = tmp.path() + "/text.yaml";
    QFile ae(ae_cfg), text(text_cfg);
    QVERIFY(ae.open(QIODevice::WriteOnly) && text.open(QIODevice::WriteOnly));
    ae.write(("model:\n  target: ldm.models.autoencoder.AutoencoderKL\n  params:\n    embed_dim: 4\n"
              "    lossconfig: {target: ldm_studio.losses.EdgeL1WithDiscriminator, params: {disc_start: 20, disc_ndf: 8, disc_num_layers: 2}}\n"
              "    ddconfig: {double_z: true, z_channels: 4, resolution: 32, in_channels: 3, out_ch: 3, ch: 32, ch_mult: [1, 1, 1], "
              "num_res_blocks: 1, attn_resolutions: [], attn_type: none, dropout: 0.0}\n" + data +
              "training: {batch_size: 4, warmup_steps: 1, log_every: 1}\n").toUtf8());
    text.write(("model:\n  target: ldm.models.diffusion.ddpm.LatentDiffusion\n  params:\n    linear_start: 0.00085\n"
                "    linear_end: 0.012\n    timesteps: 1000\n    image_size: 8\n    channels: 4\n    cond_stage_key: caption\n"
                "    conditioning_key: crossattn\n    scale_by_std: true\n    use_ema: true\n"
                "    unet_config: {target: ldm.modules.diffusionmodules.openaimodel.UNetModel, params: {image_size: 8, in_channels: 4, "
                "out_channels: 4, model_channels: 32, attention_resolutions: [2], num_res_blocks: 1, channel_mult: [1, 2], "
                "num_head_channels: 16, use_spatial_transformer: true, transformer_depth: 1, context_dim: 16, legacy: false}}\n"
                "    cond_stage_config: {target: ldm.modules.encoders.modules.BERTEmbedder, params: {n_embed: 16, n_layer: 1, "
                "vocab_size: 30522, max_seq_len: 24, use_tokenizer: true}}\n" + data +
                "training: {batch_size: 4, warmup_steps: 1, log_every: 1}\n").toUtf8());
    ae.close(), text.close();
    r = ldm_run({"train", "autoencoder", "--config", ae_cfg, "--out", tmp.path() + "/ae", "--steps", "2"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("training on 11 pictures of " + pictures + " (1 more held out, 1 of them for validation)"), qPrintable(r.out));
    QVERIFY(QFile::exists(tmp.path() + "/ae/samples/step-2.png"));
    r = ldm_run({"train", "diffusion", "--config", text_cfg, "--autoencoder", tmp.path() + "/ae", "--out", tmp.path() + "/text", "--steps", "2"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("reading and encoding 11 pictures"), qPrintable(r.out));
    QVERIFY2(!r.out.contains("no caption"), qPrintable(r.out));
    r = ldm_run({"txt2img", "--model", tmp.path() + "/text", "--prompt", "a red circle", "--steps", "2", "--output", tmp.path() + "/made.png"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(tmp.path() + "/made.png"));
    // --data: the bundled recipe (its shapes world replaced, its size and crop kept) on the folder.
    r = ldm_run({"train", "autoencoder", "--data", pictures, "--out", tmp.path() + "/ae-recipe", "--steps", "1"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("training on 11 pictures of " + pictures), qPrintable(r.out));
  }

  // ldm train's --device and --step-scale are checked up front, and bundle does not continue or
  // overwrite a stage in --work that was trained towards another number of steps.
  void trainChecksDeviceAndWork() {
    QTemporaryDir tmp;
    const QString work = tmp.path() + "/work", out = tmp.path() + "/models";
    Run r = ldm_run({"train", "bundle", "--out", out, "--work", work, "--device", "tpu"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--device"), qPrintable(r.err));
    r = ldm_run({"train", "bundle", "--out", out, "--work", work, "--step-scale", "0"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--step-scale"), qPrintable(r.err));
    // --steps 0 or -1 trained the whole recipe (3000 steps, 9 minutes here) instead of refusing.
    for (const char* steps : {"0", "-1"}) {
      r = ldm_run({"train", "autoencoder", "--out", tmp.path() + "/ae", "--steps", steps});
      QCOMPARE(r.code, 2);
      QVERIFY2(r.err.contains("--steps must be at least 1") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
      QVERIFY(!QFile::exists(tmp.path() + "/ae"));
    }
    if (!torch::cuda::is_available()) {
      r = ldm_run({"train", "autoencoder", "--out", tmp.path() + "/ae", "--device", "cuda"});
      QCOMPARE(r.code, 1);
      QVERIFY2(r.err.contains("no CUDA device") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
      QVERIFY(!QFile::exists(tmp.path() + "/ae/model.safetensors"));
    }
    // A finished autoencoder stage planned for 1 step: the recipe (any --step-scale) asks more.
    QVERIFY(QDir().mkpath(work + "/autoencoder"));
    QFile cfg(work + "/autoencoder/config.yaml"), weights(work + "/autoencoder/model.safetensors");
    QVERIFY(cfg.open(QIODevice::WriteOnly) && weights.open(QIODevice::WriteOnly));
    cfg.write("model: {}\ntraining: {steps: 1, steps_done: 1}\n");
    weights.write("not read");
    cfg.close(), weights.close();
    r = ldm_run({"train", "bundle", "--out", out, "--work", work});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("trained towards 1 steps") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
    QVERIFY(weights.open(QIODevice::ReadOnly) && weights.readAll() == "not read");
  }

  void img2imgInpaintLayoutUpscaleEndToEnd() {
    QTemporaryDir tmp;
    const QString dir = tmp.path();
    const InputImages inputs = write_input_images(dir);
    const QString init = inputs.init, mask = inputs.mask, small = inputs.small;
    const QString wrong = dir + "/wrong.png";
    save_png(wrong.toStdString(), Image::blank(24, 24, 1, 255));
    GenerationRequest meta;

    // img2img with the LDM text model.
    Image img = run_and_regenerate("img2img", {"--init", init}, {"--model", fx("ldm-txt2img-tiny"), "--prompt", "a photo",
                                   "--strength", "0.6", "--steps", "8", "--seed", "5"}, dir, &meta);
    QCOMPARE(img.width, 32);
    QCOMPARE(meta.task, Task::Img2Img);
    QCOMPARE(meta.strength, 0.6);
    QCOMPARE(meta.seed, int64_t(5));

    // Inpainting with the LDM inpainting model: pixels outside the mask are the input's, bit for bit.
    img = run_and_regenerate("inpaint", {"--image", init, "--mask", mask}, {"--model", fx("ldm-inpaint-tiny"), "--steps", "8",
                             "--seed", "6"}, dir, &meta);
    QCOMPARE(meta.task, Task::Inpaint);
    const Image in = load_image(init.toStdString());
    int changed_outside = 0, changed_inside = 0;
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 32; ++x) {
        const bool differs = !std::equal(img.at(x, y), img.at(x, y) + 3, in.at(x, y));
        (*inputs.mask_pixels.at(x, y) ? changed_inside : changed_outside) += differs;
      }
    QCOMPARE(changed_outside, 0);
    QVERIFY(changed_inside > 0);
    // A mask of another size is refused with a one-line request error.
    Run r = ldm_run({"inpaint", "--model", fx("ldm-inpaint-tiny"), "--image", init, "--mask", wrong, "--output", dir + "/x.png"});
    QCOMPARE(r.code, 4);
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    QVERIFY(!QFile::exists(dir + "/x.png"));

    // Layout with OpenImages labels; the boxes are kept in the metadata.
    img = run_and_regenerate("layout", {}, {"--model", fx("ldm-layout-tiny"), "--box", "Tortoise:0.1,0.1,0.6,0.5", "--box",
                             "Tree:0.5,0.4,0.9,0.95", "--steps", "8", "--seed", "7"}, dir, &meta);
    QCOMPARE(meta.task, Task::Layout);
    QCOMPARE(static_cast<int>(meta.boxes.size()), 2);
    QCOMPARE(meta.boxes[0].label, std::string("Tortoise"));
    QCOMPARE(meta.boxes[1].x1, 0.9f);

    // Super-resolution: f times larger (the sr fixture's first stage has f = 4).
    img = run_and_regenerate("upscale", {"--image", small}, {"--model", fx("ldm-sr-tiny"), "--steps", "8", "--seed", "8"}, dir,
                             &meta);
    QCOMPARE(img.width, 64);
    QCOMPARE(img.height, 64);
    QCOMPARE(meta.task, Task::Upscale);
    // A CompVis super-resolution model runs its notebook's procedure by default: from noise, the raw
    // sample, DDIM with eta 1 (recorded, and regenerated).
    QCOMPARE(meta.start_from_input, Toggle::Off);
    QCOMPARE(meta.match_input, Toggle::Off);
    QCOMPARE(meta.sampler, std::string("ddim"));
    QCOMPARE(meta.eta, 1.0);
  }

  void bundledModelWithoutModelArgument() {
    QTemporaryDir tmp;
    const QString out = tmp.path() + "/shapes.png";
    Run r = ldm_run({"txt2img", "--prompt", "a red circle", "--steps", "10", "--seed", "1", "--output", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const Image img = load_image(out.toStdString());
    QCOMPARE(img.width, 64);
    const auto texts = read_png_text(out.toStdString());
    const PngText* params = find_png_text(texts, "parameters");
    QVERIFY(params && params->text.find("Model: shapes-txt2img") != std::string::npos);
  }

  void txt2imgMatchesReferenceAndRegenerates() {
    QTemporaryDir tmp;
    const QString out = tmp.path() + "/red.png";
    Run r = ldm_run({"txt2img", "--model", fx("sd1-tiny"), "--prompt", "a red circle", "--negative", "", "--width", "16",
                     "--height", "16", "--steps", "10", "--sampler", "ddim", "--cfg", "7.5", "--seed", "42", "--output", out,
                     "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    // auto keeps a model this small loaded, and says so.
    QCOMPARE(nlohmann::json::parse(r.out.toStdString()).value("memory", ""), std::string("keep"));
    Image img = load_image(out.toStdString());
    StateDict ref = test::reference("sd1-tiny");
    const int diff = max_level_diff(img, ref.get("ddim_image_u8"));
    qInfo("txt2img vs reference ddim_image_u8: max %d levels", diff);
    QVERIFY(diff <= 2);
    // Metadata read back.
    GenerationRequest meta = request_from_png(out.toStdString());
    QCOMPARE(meta.seed, int64_t(42));
    QCOMPARE(meta.prompt, std::string("a red circle"));
    QCOMPARE(meta.steps, 10);
    auto texts = read_png_text(out.toStdString());
    const PngText* params = find_png_text(texts, "parameters");
    QVERIFY(params != nullptr);
    QVERIFY2(params->text.find("Seed: 42") != std::string::npos, params->text.c_str());
    // Regenerate from the PNG alone: same pixels.
    const QString again = tmp.path() + "/again.png";
    r = ldm_run({"txt2img", "--from-png", out, "--output", again});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    Image img2 = load_image(again.toStdString());
    QVERIFY(img2.pixels == img.pixels);
    // The parts taking turns in memory: the same pixels again.
    const QString low = tmp.path() + "/low.png";
    r = ldm_run({"txt2img", "--from-png", out, "--memory", "low", "--output", low, "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(nlohmann::json::parse(r.out.toStdString()).value("memory", ""), std::string("low"));
    QVERIFY(load_image(low.toStdString()).pixels == img.pixels);
    // Never overwrites: the existing file is left as it was.
    const QByteArray before = [&] { QFile f(out); f.open(QIODevice::ReadOnly); return f.readAll(); }();
    r = ldm_run({"txt2img", "--from-png", again, "--output", out});
    QCOMPARE(r.code, 4);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
  }

  // What would keep the pictures from being written is refused before the run, not after it: a batch
  // image's file already there (b-1.png; b-0.png must not be written either) or a folder that is missing.
  void outputsCheckedBeforeTheRun() {
    QTemporaryDir tmp;
    const QString dir = tmp.path();
    {
      QFile f(dir + "/b-1.png");
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("keep");
    }
    Run r = ldm_run({"txt2img", "--prompt", "a red circle", "--batch", "3", "--output", dir + "/b.png"});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("b-1.png already exists"), qPrintable(r.err));
    QVERIFY(!QFile::exists(dir + "/b-0.png"));
    QFile kept(dir + "/b-1.png");
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("keep"));
    r = ldm_run({"txt2img", "--prompt", "a red circle", "--output", dir + "/missing/x.png"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("cannot write " + dir + "/missing/x.png: No such file or directory (folder " + dir + "/missing)"),
             qPrintable(r.err));
    // A file where the folder should be was "Permission denied (folder b-1.png)" (access() X_OK on a file).
    r = ldm_run({"txt2img", "--prompt", "a red circle", "--output", dir + "/b-1.png/x.png"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(dir + "/b-1.png is a file, not a folder"), qPrintable(r.err));
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot), QStringList{"b-1.png"});
  }

  // #24 defect 1: one generator draws a whole batch; each PNG records its place in the batch and
  // regenerates exactly its own image, for every task (an ancestral sampler, where later draws matter).
  void everyImageOfABatchRegenerates() {
    QTemporaryDir tmp;
    const QString dir = tmp.path();
    const InputImages inputs = write_input_images(dir);
    const QString init = inputs.init, mask = inputs.mask, small = inputs.small;
    const std::vector<std::pair<QString, QStringList>> cases = {
        {"txt2img", {"--model", fx("ldm-txt2img-tiny"), "--prompt", "a cat", "--sampler", "euler_a", "--cfg", "3"}},
        {"img2img", {"--model", fx("sd1-tiny"), "--init", init, "--prompt", "a cat", "--strength", "0.7", "--eta", "1"}},
        {"inpaint", {"--model", fx("ldm-inpaint-tiny"), "--image", init, "--mask", mask, "--eta", "1"}},
        {"layout", {"--model", fx("ldm-layout-tiny"), "--box", "Tortoise:0.1,0.1,0.6,0.5"}},
        {"upscale", {"--model", fx("ldm-sr-tiny"), "--image", small}},
    };
    for (const auto& [task, options] : cases) {
      const QString out = dir + "/" + task + ".png";
      Run r = ldm_run(QStringList{task} + options + QStringList{"--steps", "4", "--seed", "11", "--batch", "3", "--output", out});
      QVERIFY2(r.code == 0, qPrintable(r.err));
      std::vector<Image> images;
      for (int i = 0; i < 3; ++i) {
        const std::string path = (dir + "/" + task + "-" + QString::number(i) + ".png").toStdString();
        images.push_back(load_image(path));
        const GenerationRequest meta = request_from_png(path);
        QCOMPARE(meta.seed, int64_t(11));
        QCOMPARE(meta.batch, 3);
        QCOMPARE(meta.batch_index, i);
      }
      QVERIFY2(images[0].pixels != images[1].pixels, qPrintable(task));  // three different pictures
      for (int i = 0; i < 3; ++i) {
        const QString png = dir + "/" + task + "-" + QString::number(i) + ".png", again = dir + "/again-" + task + QString::number(i) + ".png";
        QStringList inputs;
        for (int k = 0; k + 1 < options.size(); ++k)
          if (options[k] == "--init" || options[k] == "--image" || options[k] == "--mask") inputs << options[k] << options[k + 1];
        r = ldm_run(QStringList{task, "--from-png", png} + inputs + QStringList{"--output", again});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(load_image(again.toStdString()).pixels == images[static_cast<size_t>(i)].pixels,
                 qPrintable(task + " image " + QString::number(i)));
      }
    }
  }

  // #24 "references that were missing": img2img follows scripts/img2img.py (README-extra.md).
  void img2imgFollowsTheScript() {
    QTemporaryDir tmp;
    const StateDict extra = load_safetensors(test::fixture_file("sd1-tiny", "reference-extra.safetensors"));
    const at::Tensor u8 = extra.get("i2i_init_u8").contiguous();
    Image init = Image::blank(static_cast<int>(u8.size(1)), static_cast<int>(u8.size(0)), 3);
    std::memcpy(init.pixels.data(), u8.data_ptr<uint8_t>(), init.pixels.size());
    const QString in = tmp.path() + "/init.png", out = tmp.path() + "/out.png";
    save_png(in.toStdString(), init);
    Run r = ldm_run({"img2img", "--model", fx("sd1-tiny"), "--init", in, "--prompt", "a red circle", "--strength", "0.6",
                     "--steps", "10", "--sampler", "ddim", "--eta", "0", "--cfg", "7.5", "--seed", "42", "--output", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const int diff = max_level_diff(load_image(out.toStdString()), extra.get("i2i_s60_eta0_image_u8"));
    qInfo("img2img vs scripts/img2img.py: max %d levels", diff);
    QVERIFY(diff <= 2);
  }

  // SD 2 inpainting follows Stability's script by default (numpy start code, the decoded picture).
  void sdInpaintingFollowsTheScript() {
    QTemporaryDir tmp;
    const StateDict ref = test::reference("sd2-inpaint-tiny");
    auto to_image = [](const at::Tensor& t, int channels) {
      const at::Tensor u8 = t.contiguous();
      Image im = Image::blank(static_cast<int>(u8.size(1)), static_cast<int>(u8.size(0)), channels);
      std::memcpy(im.pixels.data(), u8.data_ptr<uint8_t>(), im.pixels.size());
      return im;
    };
    const QString image = tmp.path() + "/image.png", mask = tmp.path() + "/mask.png", out = tmp.path() + "/out.png";
    save_png(image.toStdString(), to_image(ref.get("input.image_uint8"), 3));
    save_png(mask.toStdString(), to_image(ref.get("input.mask_uint8"), 1));
    Run r = ldm_run({"inpaint", "--model", fx("sd2-inpaint-tiny"), "--image", image, "--mask", mask, "--prompt",
                     "a red circle on a wooden table", "--steps", "10", "--cfg", "7.5", "--seed", "5005", "--output", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const int diff = max_level_diff(load_image(out.toStdString()), ref.get("image_uint8"));
    qInfo("SD 2 inpainting vs scripts/gradio/inpainting.py: max %d levels", diff);
    QVERIFY(diff <= 2);
    const GenerationRequest meta = request_from_png(out.toStdString());
    QCOMPARE(meta.eta, 1.0);  // the script's eta, the model's default
    QCOMPARE(meta.keep_unmasked, Toggle::Off);
    QCOMPARE(meta.blend_known, Toggle::Off);  // the script does not blend the known region

    // --blend-known is ours, one option away: another picture, recorded, and redone from its PNG.
    const QString blended = tmp.path() + "/blended.png", again = tmp.path() + "/again.png";
    r = ldm_run({"inpaint", "--model", fx("sd2-inpaint-tiny"), "--image", image, "--mask", mask, "--prompt",
                 "a red circle on a wooden table", "--steps", "10", "--cfg", "7.5", "--seed", "5005", "--blend-known",
                 "--output", blended});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(max_level_diff(load_image(blended.toStdString()), ref.get("image_uint8")) > 2);
    QCOMPARE(request_from_png(blended.toStdString()).blend_known, Toggle::On);
    r = ldm_run({"inpaint", "--from-png", blended, "--model", fx("sd2-inpaint-tiny"), "--image", image, "--mask", mask,
                 "--output", again});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(load_image(again.toStdString()).pixels == load_image(blended.toStdString()).pixels);
  }

  // #24 defect 0: a CompVis super-resolution model's default is its notebook's procedure: the
  // fixture's picture (10 DDIM steps, eta 1, from noise) comes out of a plain `ldm upscale`.
  void upscaleFollowsTheNotebook() {
    QTemporaryDir tmp;
    const StateDict ref = test::reference("ldm-sr-tiny");
    const at::Tensor u8 = ref.get("input.lr_uint8").contiguous();
    Image lr = Image::blank(static_cast<int>(u8.size(1)), static_cast<int>(u8.size(0)), 3);
    std::memcpy(lr.pixels.data(), u8.data_ptr<uint8_t>(), lr.pixels.size());
    const QString in = tmp.path() + "/lr.png", out = tmp.path() + "/sr.png", ours = tmp.path() + "/ours.png";
    save_png(in.toStdString(), lr);
    Run r = ldm_run({"upscale", "--model", fx("ldm-sr-tiny"), "--image", in, "--steps", "10", "--seed", "3001", "--output", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const int diff = max_level_diff(load_image(out.toStdString()), ref.get("sample_uint8"));
    qInfo("upscale vs notebook sample_uint8: max %d levels", diff);
    QVERIFY(diff <= 2);
    // LDM Studio's procedure stays one option away and differs.
    r = ldm_run({"upscale", "--model", fx("ldm-sr-tiny"), "--image", in, "--steps", "10", "--seed", "3001", "--from-input",
                 "--match-input", "--strength", "0.5", "--output", ours});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(load_image(ours.toStdString()).pixels != load_image(out.toStdString()).pixels);
    const GenerationRequest meta = request_from_png(ours.toStdString());
    QCOMPARE(meta.start_from_input, Toggle::On);
    QCOMPARE(meta.match_input, Toggle::On);
  }

  // A black mask (nothing to repaint) ran every step and returned the picture; the GUI refuses it first.
  void blackMaskIsRefused() {
    QTemporaryDir tmp;
    const QString image = tmp.path() + "/in.png", mask = tmp.path() + "/mask.png", out = tmp.path() + "/out.png";
    save_png(image.toStdString(), gradient_image(64, 64));
    save_png(mask.toStdString(), Image::blank(64, 64, 1, 0));
    Run r = ldm_run({"inpaint", "--image", image, "--mask", mask, "--steps", "2", "--output", out});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("the mask is black everywhere") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
    // With outpainting margins the black mask is fine: the margins are what is painted.
    r = ldm_run({"inpaint", "--image", image, "--mask", mask, "--outpaint", "0,0,16,0", "--steps", "2", "--output", out});
    QVERIFY2(r.code == 0 && load_image(out.toStdString()).width == 80, qPrintable(r.err));
  }

  // An input whose sides are not multiples of the UNet's downsampling (a 66x50 photo for a model of
  // multiples of 4) was refused. It is padded with its edge pixels and the result cropped: the picture
  // is the top-left of what the padded input gives.
  void upscaleTakesAnyInputSize() {
    QTemporaryDir tmp;
    const Image odd = gradient_image(66, 50);
    Image padded = Image::blank(68, 52, 3);
    for (int y = 0; y < 52; ++y)
      for (int x = 0; x < 68; ++x) std::memcpy(padded.at(x, y), odd.at(std::min(x, 65), std::min(y, 49)), 3);
    const QString in = tmp.path() + "/odd.png", in_padded = tmp.path() + "/padded.png";
    save_png(in.toStdString(), odd);
    save_png(in_padded.toStdString(), padded);
    Run r = ldm_run({"upscale", "--image", in, "--steps", "3", "--seed", "7", "--output", tmp.path() + "/a.png"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("padded to 68x52") && r.err.contains("cropped back to 264x200"), qPrintable(r.err));
    r = ldm_run({"upscale", "--image", in_padded, "--steps", "3", "--seed", "7", "--output", tmp.path() + "/b.png"});
    QVERIFY2(r.code == 0 && !r.err.contains("padded"), qPrintable(r.err));
    const Image a = load_image((tmp.path() + "/a.png").toStdString()), b = load_image((tmp.path() + "/b.png").toStdString());
    QCOMPARE(a.width, 264);
    QCOMPARE(a.height, 200);
    QCOMPARE(b.width, 272);
    for (int y = 0; y < a.height; ++y) QVERIFY2(std::memcmp(a.at(0, y), b.at(0, y), 3 * a.width) == 0, qPrintable(QString::number(y)));
  }

  // A request far beyond the memory this machine has free: refused before it runs, in one line that says
  // how much it needs (16384x16384 on the bundled model grew to 22.7 GB resident within a minute on a
  // 24 GB machine, on its way to the kernel's out-of-memory killer). 8 of them need hundreds of GB.
  void requestTooLargeForMemoryIsRefusedFirst() {
    // Without MemAvailable the engine cannot check, and the request would start: not here.
    if (available_memory_bytes() <= 0) QSKIP("the kernel does not say how much memory is available");
    QTemporaryDir tmp;
    QElapsedTimer timer;
    timer.start();
    const Run r = ldm_run({"txt2img", "--prompt", "x", "--width", "16384", "--height", "16384", "--batch", "8", "--steps", "1",
                           "--output", tmp.path() + "/huge.png"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("out of memory for 8 images of 16384x16384 on the CPU (about ") && r.err.contains("GB needed") &&
                 r.err.trimmed().count('\n') == 0,
             qPrintable(r.err));
    QVERIFY(QDir(tmp.path()).isEmpty());
    qInfo("refused after %lld ms: %s", static_cast<long long>(timer.elapsed()), qPrintable(r.err.trimmed()));
  }

  // #24 defect 2: --config and --clip-skip change what is generated (or are refused), never ignored.
  void configAndClipSkipTakeEffect() {
    QTemporaryDir tmp;
    const QString dir = tmp.path();
    const QStringList base = {"txt2img", "--model", fx("sd1-tiny") + "/model.safetensors", "--prompt", "a red circle",
                              "--width", "16", "--height", "16", "--steps", "4", "--seed", "3"};
    Run r = ldm_run(base + QStringList{"--output", dir + "/plain.png"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = ldm_run(base + QStringList{"--clip-skip", "2", "--output", dir + "/skip.png"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const Image plain = load_image((dir + "/plain.png").toStdString());
    QVERIFY(load_image((dir + "/skip.png").toStdString()).pixels != plain.pixels);
    QCOMPARE(request_from_png((dir + "/skip.png").toStdString()).clip_skip, 2);
    r = ldm_run(base + QStringList{"--clip-skip", "99", "--output", dir + "/too-far.png"});
    QCOMPARE(r.code, 4);
    r = ldm_run({"txt2img", "--model", fx("ldm-txt2img-tiny"), "--prompt", "x", "--clip-skip", "2", "--output", dir + "/bert.png"});
    QCOMPARE(r.code, 4);  // BERT has no CLIP layers to skip
    // A config with another scale factor: another picture; a config contradicting the weights: exit 3.
    QFile in(fx("sd1-tiny") + "/config.yaml");
    QVERIFY(in.open(QIODevice::ReadOnly));
    QByteArray yaml = in.readAll();
    QVERIFY(yaml.contains("scale_factor: 0.18215"));
    QFile scaled(dir + "/scaled.yaml");
    QVERIFY(scaled.open(QIODevice::WriteOnly));
    scaled.write(QByteArray(yaml).replace("scale_factor: 0.18215", "scale_factor: 0.5"));
    scaled.close();
    r = ldm_run(base + QStringList{"--config", dir + "/scaled.yaml", "--output", dir + "/scaled.png"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(load_image((dir + "/scaled.png").toStdString()).pixels != plain.pixels);
    // The picture names the config by file name (no path of this machine); --config gives it back.
    QCOMPARE(request_from_png((dir + "/scaled.png").toStdString()).model_config, std::string("scaled.yaml"));
    r = ldm_run({"txt2img", "--from-png", dir + "/scaled.png", "--output", dir + "/again-no-config.png"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("config 'scaled.yaml'") && r.err.contains("--config"), qPrintable(r.err));
    r = ldm_run({"txt2img", "--from-png", dir + "/scaled.png", "--config", dir + "/scaled.yaml", "--output", dir + "/again.png"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(load_image((dir + "/again.png").toStdString()).pixels == load_image((dir + "/scaled.png").toStdString()).pixels);
    r = ldm_run(base + QStringList{"--config", fx("ldm-inpaint-tiny") + "/config.yaml", "--output", dir + "/bad.png"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("contradicts"), qPrintable(r.err));
  }

  // #24 defect 3: every option a message or a document names exists in the option table.
  void messagesAndDocsNameExistingOptions() {
    // Each command's options, from its --help (printed from the parser's table); `known` is their union.
    QMap<QString, QSet<QString>> per_command;
    QSet<QString> known = {"help"};
    for (const QString& cmd : {"txt2img", "img2img", "inpaint", "layout", "upscale", "sample", "semantic", "info", "bench", "dataset",
                               "train autoencoder", "train diffusion", "train export", "train bundle"}) {
      Run r = ldm_run(cmd.split(' ') + QStringList{"--help"});
      QCOMPARE(r.code, 0);
      for (const QString& line : r.out.split('\n'))
        if (line.startsWith("  --")) per_command[cmd] << line.mid(4).section(' ', 0, 0);
      per_command[cmd] << "help";
      known += per_command[cmd];
    }
    QVERIFY(known.contains("from-input") && known.contains("clip-skip") && known.size() > 40);
    if (ldm_run({"--version"}).code == 0) known << "version";  // the one option of ldm itself
    const QRegularExpression option(QStringLiteral("--([a-z][a-z0-9-]*)"));
    QStringList unknown;
    // `text` after "ldm CMD" is checked against CMD's own options, anything else against them all.
    auto check = [&](const QString& where, const QString& text) {
      QSet<QString> allowed = known;
      const QRegularExpressionMatch cmd =
          QRegularExpression(QStringLiteral("^ldm\\s+(train\\s+[a-z]+|[a-z0-9]+)")).match(text);
      if (cmd.hasMatch()) {
        const QString name = cmd.captured(1).simplified();
        if (per_command.contains(name)) allowed = per_command[name];
      }
      for (auto it = option.globalMatch(text); it.hasNext();) {
        const QString name = it.next().captured(1);
        if (!allowed.contains(name)) unknown << where + ": --" + name;
      }
    };
    // Messages: string literals of the engine and the CLI (the GUI's own switches are ldm-studio's).
    const QString root = QStringLiteral(LDM_SOURCE_ROOT);
    QDirIterator files(root, {"*.cpp", "*.h"}, QDir::Files, QDirIterator::Subdirectories);
    const QRegularExpression literal(QStringLiteral("\"((?:[^\"\\\\]|\\\\.)*)\""));
    while (files.hasNext()) {
      const QString path = files.next();
      const QString rel = QDir(root).relativeFilePath(path);
      if (!(rel.startsWith("core/") || rel.startsWith("app/cli/"))) continue;
      QFile f(path);
      QVERIFY(f.open(QIODevice::ReadOnly));
      int n = 0;
      for (const QString& line : QString::fromUtf8(f.readAll()).split('\n')) {
        ++n;
        if (line.trimmed().startsWith("//")) continue;
        for (auto it = literal.globalMatch(line); it.hasNext();) check(rel + ":" + QString::number(n), it.next().captured(1));
      }
    }
    // Documents: the `ldm ...` command lines and spans of docs/cli.md and README.md.
    for (const char* doc : {"docs/cli.md", "README.md"}) {
      QFile f(root + "/" + doc);
      QVERIFY(f.open(QIODevice::ReadOnly));
      int n = 0;
      bool in_code = false;
      for (const QString& line : QString::fromUtf8(f.readAll()).split('\n')) {
        ++n;
        if (line.startsWith("```")) {
          in_code = !in_code;
          continue;
        }
        QStringList spans;
        if (in_code) spans << line;
        const QRegularExpression tick(QStringLiteral("`([^`]*)`"));
        for (auto it = tick.globalMatch(line); it.hasNext();) spans << it.next().captured(1);
        for (const QString& span : spans) {
          // Only what an `ldm` command takes (not cmake's, ctest's or ldm-studio's options).
          const QRegularExpressionMatch at = QRegularExpression(QStringLiteral("(^|[\\s/])(ldm\\s.*)$")).match(span);
          if (at.hasMatch()) check(QString(doc) + ":" + QString::number(n), at.captured(2));
          else if (span.trimmed().startsWith("--")) check(QString(doc) + ":" + QString::number(n), span.trimmed().section(' ', 0, 0));
        }
      }
    }
    QVERIFY2(unknown.isEmpty(), qPrintable(unknown.join(", ")));
  }

  // #24 defect 4: an unreadable or corrupt input image is a bad input file (exit 3), one line.
  void unreadableInputsExitThree() {
    QTemporaryDir tmp;
    const QString junk = tmp.path() + "/junk.png", good = tmp.path() + "/good.png";
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("\x89PNG\r\n\x1a\n truncated");
    f.close();
    save_png(good.toStdString(), gradient_image(32, 32));
    const QString out = tmp.path() + "/out.png";
    for (const QStringList& args :
         {QStringList{"img2img", "--model", fx("sd1-tiny"), "--prompt", "x", "--init", junk},
          QStringList{"inpaint", "--model", fx("ldm-inpaint-tiny"), "--image", junk, "--mask", good},
          QStringList{"inpaint", "--model", fx("ldm-inpaint-tiny"), "--image", good, "--mask", tmp.path() + "/missing.png"},
          QStringList{"upscale", "--model", fx("ldm-sr-tiny"), "--image", junk},
          QStringList{"txt2img", "--from-png", junk, "--prompt", "x"}}) {
      Run r = ldm_run(args + QStringList{"--output", out});
      QVERIFY2(r.code == 3, qPrintable(args.join(' ') + " -> " + QString::number(r.code) + ": " + r.err));
      QCOMPARE(r.err.trimmed().count('\n'), 0);
      QVERIFY(!QFile::exists(out));
    }
  }

  // #24 defect 5: bench runs what it reports and refuses what it cannot run.
  // #21: what this build and machine run on, without a model.
  void infoSystem() {
    Run r = ldm_run({"info", "--system", "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j["libtorch"].get<std::string>(), std::string(TORCH_VERSION));
    QVERIFY(j["threads"].get<int>() >= 1);
    QCOMPARE(j["devices"][0]["id"].get<std::string>(), std::string("cpu"));
    QVERIFY(j.contains("cuda") && j.contains("cudnn") && j.contains("blas"));
    QVERIFY(j["cuda_fast_paths"].is_array());
    // A build against a LibTorch without CUDA (Debian's) has neither graphs nor our kernels.
    if (!at::hasCUDA()) QVERIFY2(j["cuda_fast_paths"].empty(), j.dump().c_str());
    // The engine's default thread setting (LDM_THREADS=2 under ctest) is what is reported.
    if (qEnvironmentVariableIsSet("LDM_THREADS")) QCOMPARE(j["threads"].get<int>(), qEnvironmentVariableIntValue("LDM_THREADS"));
    r = ldm_run({"info", "--system"});
    QVERIFY2(r.code == 0 && r.out.contains("LibTorch") && r.out.contains("device       cpu"), qPrintable(r.out));
    if (!at::hasCUDA()) QVERIFY2(r.out.contains("CUDA paths   none"), qPrintable(r.out));
    r = ldm_run({"info"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("--system"), qPrintable(r.err));
  }

  void benchReportsWhatItRan() {
    Run r = ldm_run({"bench", "--device", "cpu", "--precision", "fp16", "--repeats", "1"});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("fp16"), qPrintable(r.err));
    r = ldm_run({"bench", "--precision", "fp8", "--repeats", "1"});
    QCOMPARE(r.code, 4);
    // Counts that mean nothing were replaced silently (repeats and batch 0 ran 1; steps -1 timed no picture).
    for (const QStringList& bad : {QStringList{"--repeats", "0"}, QStringList{"--batch", "0"}, QStringList{"--steps", "-1"},
                                   QStringList{"--width", "-64"}}) {
      r = ldm_run(QStringList{"bench"} + bad);
      QCOMPARE(r.code, 4);
      QVERIFY2(r.err.contains(bad[0]) && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
    }
    r = ldm_run({"bench", "--precision", "bf16", "--repeats", "1", "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j["precision"].get<std::string>(), std::string("bf16"));
    QCOMPARE(j["dtype"].get<std::string>(), std::string("BFloat16"));
  }

  // #21: bench builds any CompVis config with random weights and times what a generation runs: the
  // text encoder, one UNet call (a doubled batch with guidance), the decode, a whole picture, and the
  // peak memory of the timed part.
  void benchTimesAModelFromItsConfig() {
    auto info = [&](const char* fixture) {
      Run r = ldm_run({"info", "--model", fx(fixture), "--json"});
      return nlohmann::json::parse(r.out.toStdString());
    };
    auto positive_ms = [](const nlohmann::json& j, const char* key) {
      return j.contains(key) && j[key].value("median_ms", 0.0) > 0 && j[key].value("min_ms", 0.0) > 0;
    };
    Run r = ldm_run({"bench", "--config", fx("sd1-tiny") + "/config.yaml", "--steps", "2", "--repeats", "1", "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto j = nlohmann::json::parse(r.out.toStdString());
    const auto sd1 = info("sd1-tiny");
    QCOMPARE(j["unet_params"].get<int64_t>(), sd1["parameters"]["unet"].get<int64_t>());
    QCOMPARE(j["text_encoder_params"].get<int64_t>(), sd1["parameters"]["cond_stage"].get<int64_t>());
    QCOMPARE(j["size"].get<std::string>(), std::to_string(sd1["native_size"][0].get<int>()) + "x" +
                                               std::to_string(sd1["native_size"][1].get<int>()));
    for (const char* key : {"text_encoder_b2", "unet_step_cfg_b1", "vae_decode_b1", "image_2_steps_b1"})
      QVERIFY2(positive_ms(j, key), key);
    QCOMPARE(j["image_2_steps_b1"]["sampler"].get<std::string>(), std::string("ddim"));
    // On the CPU: one UNet call's peak in tensors beside the memory check's estimate of it.
    QVERIFY(j.value("unet_call_peak_tensor_bytes", int64_t(0)) > 0 && j.value("unet_call_estimated_bytes", int64_t(0)) > 0);
    QVERIFY(j["rss_after_load_bytes"].get<int64_t>() > 0);
    QVERIFY(j["peak_rss_bytes"].get<int64_t>() > j["rss_after_load_bytes"].get<int64_t>() / 2);
    const std::string from = j["peak_rss_from"].get<std::string>();
    QVERIFY2(from == "after loading" || from == "process start", from.c_str());
    QCOMPARE(j["cuda_graphs"].get<bool>(), false);  // CUDA only
    // Profiler traces: written where LibTorch has Kineto (the PyTorch wheel's), else one line that says so.
    QTemporaryDir traces;
    const std::string prefix = traces.path().toStdString() + "/t";
    r = ldm_run({"bench", "--config", fx("sd1-tiny") + "/config.yaml", "--repeats", "1", "--trace", QString::fromStdString(prefix)});
    if (r.code == 0) {
      for (const char* part : {"-unet.json", "-vae.json"}) {
        std::ifstream in(prefix + part);
        QVERIFY2(nlohmann::json::parse(in).contains("traceEvents"), part);
      }
    } else {
      QCOMPARE(r.code, 4);
      QVERIFY2(r.err.contains("Kineto") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
    }
    QCOMPARE(ldm_run({"bench", "--trace", QString::fromStdString(prefix)}).code, 4);  // needs a model

    // A super-resolution model: its UNet call takes the low-resolution image as concat input, no prompt;
    // a given size is used as it is.
    r = ldm_run({"bench", "--config", fx("ldm-sr-tiny") + "/config.yaml", "--width", "32", "--height", "48", "--repeats", "1", "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    j = nlohmann::json::parse(r.out.toStdString());
    QVERIFY(positive_ms(j, "unet_call_b1"));
    QVERIFY(!j.contains("text_encoder_b2") && !j.contains("unet_step_cfg_b1"));
    QCOMPARE(j["unet_params"].get<int64_t>(), info("ldm-sr-tiny")["parameters"]["unet"].get<int64_t>());
    QCOMPARE(j["size"].get<std::string>(), std::string("32x48"));
    // What it cannot time is refused in one line, before any work.
    r = ldm_run({"bench", "--config", fx("ldm-sr-tiny") + "/config.yaml", "--steps", "2", "--repeats", "1"});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("--steps") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
    r = ldm_run({"bench", "--arch", "sd15", "--config", fx("sd1-tiny") + "/config.yaml"});
    QCOMPARE(r.code, 4);
    r = ldm_run({"bench", "--config", fx("sd1-tiny") + "/config.yaml", "--width", "18", "--height", "16"});  // UNet: 4
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("multiples of 4"), qPrintable(r.err));
    r = ldm_run({"bench", "--steps", "2"});
    QCOMPARE(r.code, 4);
    r = ldm_run({"bench", "--config", fx("sd1-tiny") + "/missing.yaml"});
    QVERIFY2(r.code != 0 && r.err.contains("missing.yaml") && r.err.trimmed().count('\n') == 0, qPrintable(r.err));
  }

  // #20: the zoo's other families through the CLI, against their fixtures (8-bit images within 2 levels).
  void zooFamiliesMatchTheirFixtures() {
    QTemporaryDir tmp;
    const QString dir = tmp.path();
    auto run = [&](const QStringList& args, const QString& out) {
      Run r = ldm_run(args + QStringList{"--quiet", "--output", out});
      if (r.code != 0) qWarning("%s", qPrintable(r.err));
      return r.code;
    };
    auto diff_to = [&](const QString& png, const at::Tensor& ref_hwc) {
      const int d = max_level_diff(load_image(png.toStdString()), ref_hwc);
      qInfo("%s: max %d levels", qPrintable(QFileInfo(png).fileName()), d);
      return d;
    };
    // Unconditional VQ-f4: the model's default is sample_diffusion.py's DDIM eta 1; the vanilla DDPM.
    StateDict vq = test::reference("ldm-uncond-vq-tiny");
    QCOMPARE(run({"sample", "--model", fx("ldm-uncond-vq-tiny"), "--steps", "10", "--seed", "8001"}, dir + "/vq.png"), 0);
    QVERIFY(diff_to(dir + "/vq.png", vq.get("ddim.image_uint8")) <= 2);
    QCOMPARE(run({"sample", "--model", fx("ldm-uncond-vq-tiny"), "--sampler", "ddpm", "--steps", "1000", "--seed", "8008"},
                 dir + "/ddpm.png"), 0);
    QVERIFY(diff_to(dir + "/ddpm.png", vq.get("ddpm.image_uint8")) <= 2);
    // Unconditional KL-f8 with a stored scale_factor.
    QCOMPARE(run({"sample", "--model", fx("ldm-uncond-kl-tiny"), "--steps", "10", "--eta", "0", "--seed", "8101"}, dir + "/kl.png"), 0);
    QVERIFY(diff_to(dir + "/kl.png", test::reference("ldm-uncond-kl-tiny").get("ddim.image_uint8")) <= 2);
    // Class-conditional: by index and by name, a batch of 2 in one draw, guidance 3 (the model's default).
    StateDict cin = test::reference("ldm-cin-tiny");
    QCOMPARE(run({"sample", "--model", fx("ldm-cin-tiny"), "--class", "25", "--batch", "2", "--steps", "10", "--seed", "8201"},
                 dir + "/c25.png"), 0);
    QCOMPARE(run({"sample", "--model", fx("ldm-cin-tiny"), "--class", "Giant Panda", "--batch", "2", "--steps", "10", "--seed",
                  "8202"}, dir + "/c388.png"), 0);
    for (int i = 0; i < 2; ++i) {
      QVERIFY(diff_to(dir + "/c25-" + QString::number(i) + ".png", cin.get("class25.image_uint8")[i]) <= 2);
      QVERIFY(diff_to(dir + "/c388-" + QString::number(i) + ".png", cin.get("class388.image_uint8")[i]) <= 2);
    }
    QCOMPARE(request_from_png((dir + "/c388-1.png").toStdString()).class_label, 388);
    Run r = ldm_run({"sample", "--model", fx("ldm-cin-tiny"), "--class", "shark", "--output", dir + "/x.png"});
    QCOMPARE(r.code, 2);  // ambiguous: great white, tiger, hammerhead...
    QVERIFY2(r.err.contains("ambiguous") || r.err.contains("closest"), qPrintable(r.err));
    QVERIFY2(r.err.contains("shark"), qPrintable(r.err));
    r = ldm_run({"sample", "--model", fx("ldm-cin-tiny"), "--output", dir + "/y.png"});
    QCOMPARE(r.code, 4);  // a class-conditional model needs a class
    r = ldm_run({"sample", "--model", fx("ldm-uncond-vq-tiny"), "--class", "3", "--output", dir + "/z.png"});
    QCOMPARE(r.code, 2);  // an unconditional model has no classes
    // Semantic synthesis: 8-bit label maps at their own size (32x32, and 48x64, larger than training).
    StateDict sem = test::reference("ldm-semantic-tiny");
    for (int m = 0; m < 2; ++m) {
      const at::Tensor labels = sem.get("map" + std::to_string(m) + ".labels_uint8").contiguous();
      Image map = Image::blank(static_cast<int>(labels.size(1)), static_cast<int>(labels.size(0)), 1);
      std::memcpy(map.pixels.data(), labels.data_ptr<uint8_t>(), map.pixels.size());
      const QString labels_png = dir + "/labels" + QString::number(m) + ".png", out = dir + "/sem" + QString::number(m) + ".png";
      save_png(labels_png.toStdString(), map);
      QCOMPARE(run({"semantic", "--model", fx("ldm-semantic-tiny"), "--segmentation", labels_png, "--steps", "10", "--seed",
                    QString::number(8301 + m)}, out), 0);
      QVERIFY(diff_to(out, sem.get("map" + std::to_string(m) + ".image_uint8")) <= 2);
      // The PNG carries the map: --from-png alone regenerates the picture.
      const QString again = dir + "/sem-again" + QString::number(m) + ".png";
      QCOMPARE(run({"semantic", "--from-png", out}, again), 0);
      QVERIFY(load_image(again.toStdString()).pixels == load_image(out.toStdString()).pixels);
      if (m == 0) {
        // The same map painted in colours, with a palette (labels by name and by index).
        std::map<int, std::array<uint8_t, 3>> colours;
        Image painted = Image::blank(map.width, map.height, 3);
        for (int k = 0; k < map.width * map.height; ++k) {
          const int l = map.pixels[static_cast<size_t>(k)];
          colours[l] = {static_cast<uint8_t>(l * 7), static_cast<uint8_t>(255 - l), static_cast<uint8_t>(l * 13 % 256)};
          std::memcpy(painted.pixels.data() + 3 * k, colours[l].data(), 3);
        }
        nlohmann::json palette = nlohmann::json::object();
        for (const auto& [l, c] : colours) palette[std::to_string(l)] = {c[0], c[1], c[2]};
        QFile pf(dir + "/palette.json");
        QVERIFY(pf.open(QIODevice::WriteOnly));
        pf.write(QByteArray::fromStdString(palette.dump()));
        pf.close();
        save_png((dir + "/painted.png").toStdString(), painted);
        QCOMPARE(run({"semantic", "--model", fx("ldm-semantic-tiny"), "--segmentation", dir + "/painted.png", "--palette",
                      dir + "/palette.json", "--steps", "10", "--seed", "8301"}, dir + "/from-colours.png"), 0);
        QVERIFY(load_image((dir + "/from-colours.png").toStdString()).pixels == load_image(out.toStdString()).pixels);
        // A colour picture without a palette, and a label the model does not have, are clear errors.
        r = ldm_run({"semantic", "--model", fx("ldm-semantic-tiny"), "--segmentation", dir + "/painted.png", "--output", dir + "/p.png"});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.contains("palette"), qPrintable(r.err));
        save_png((dir + "/bad.png").toStdString(), Image::blank(32, 32, 1, 200));
        r = ldm_run({"semantic", "--model", fx("ldm-semantic-tiny"), "--segmentation", dir + "/bad.png", "--output", dir + "/q.png"});
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains("200"), qPrintable(r.err));
      }
    }
  }
};

LDM_TEST_MAIN(TestCli)
#include "test_cli.moc"
