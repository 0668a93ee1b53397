// `ldm` end to end on the tiny fixtures: the txt2img image equals the reference pipeline's uint8
// image (sd1-tiny README, procedure 5) within 2 levels, the PNG carries the request, --from-png
// regenerates the same pixels, and bad input gives one-line errors with the documented exit codes.
#include <torch/torch.h>

#include <QtTest/QtTest>

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
