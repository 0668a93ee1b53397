// `ldm` end to end on the tiny fixtures: the txt2img image equals the reference pipeline's uint8
// image (sd1-tiny README, procedure 5) within 2 levels, the PNG carries the request, --from-png
// regenerates the same pixels, and bad input gives one-line errors with the documented exit codes.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <algorithm>

#include "core/imaging/image_io.h"
#include "core/imaging/png_metadata.h"
#include "core/io/safetensors.h"
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
  }

  void badInputGivesOneLineErrors() {
    QTemporaryDir tmp;
    Run r = ldm_run({"info", "--model", tmp.path() + "/missing.ckpt"});
    QCOMPARE(r.code, 3);
    QCOMPARE(r.err.trimmed().count('\n'), 0);
    r = ldm_run({"info"});
    QCOMPARE(r.code, 2);
    r = ldm_run({"txt2img", "--model", fx("sd1-tiny"), "--prompt", "x", "--sampler", "bogus", "--width", "16",
                 "--height", "16", "--output", tmp.path() + "/a.png"});
    QCOMPARE(r.code, 4);
    QVERIFY2(r.err.contains("bogus"), qPrintable(r.err));
    r = ldm_run({"txt2img", "--model", fx("sd1-tiny"), "--prompt", "x", "--steps", "0", "--output", tmp.path() + "/b.png"});
    QCOMPARE(r.code, 4);
    r = ldm_run({"layout", "--model", fx("sd1-tiny"), "--box", "Cat:0.1,0.1,0.5,0.5", "--output", tmp.path() + "/c.png"});
    QVERIFY2(r.code == 4 || r.code == 3, qPrintable(r.err));  // a text model cannot do layout
    QVERIFY(!QFile::exists(tmp.path() + "/c.png"));
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
    const QString init = dir + "/init.png", mask = dir + "/mask.png", small = dir + "/small.png", wrong = dir + "/wrong.png";
    save_png(init.toStdString(), gradient_image(32, 32));
    Image m = Image::blank(32, 32, 1);
    for (int y = 8; y < 20; ++y)
      for (int x = 10; x < 26; ++x) *m.at(x, y) = 255;
    save_png(mask.toStdString(), m);
    save_png(small.toStdString(), gradient_image(16, 16));
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
        (*m.at(x, y) ? changed_inside : changed_outside) += differs;
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
    QCOMPARE(meta.strength, kUpscaleStrength);  // the upscaler's default, recorded and regenerated
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
    // Never overwrites: the existing file is left as it was.
    const QByteArray before = [&] { QFile f(out); f.open(QIODevice::ReadOnly); return f.readAll(); }();
    r = ldm_run({"txt2img", "--from-png", again, "--output", out});
    QCOMPARE(r.code, 4);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
  }
};

LDM_TEST_MAIN(TestCli)
#include "test_cli.moc"
