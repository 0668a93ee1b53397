// .ckpt reader: every fixture's model.ckpt loads to the same tensors as its model.safetensors
// (both written by the fixture generator from one state dict), and malformed or malicious
// archives are refused with a one-line error naming the file.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <fstream>

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/ckpt.h"
#include "core/io/safetensors.h"
#include "support/fixtures.h"
#include "support/test_main.h"
#include "support/zip_writer.h"

using namespace ldm;
using namespace std::string_literals;

namespace {

std::string load_error(const std::string& path) {
  try {
    load_ckpt(path);
  } catch (const LoadError& e) {
    return e.what();
  }
  return {};
}

std::string tiny_ckpt(const std::string& pickle, const std::string& storage_bytes) {
  test::ZipWriter z;
  z.add("archive/data.pkl", pickle);
  z.add("archive/data/0", storage_bytes);
  z.add("archive/version", "3\n");
  return z.finish();
}

}  // namespace

class TestCkpt : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void ckptEqualsSafetensors_data() {
    QTest::addColumn<QString>("fixture");
    for (const char* f : {"sd1-tiny", "sd2-tiny", "ldm-txt2img-tiny", "ldm-inpaint-tiny", "ldm-sr-tiny", "ldm-layout-tiny"}) {
      QTest::newRow(f) << f;
    }
  }
  void ckptEqualsSafetensors() {
    QFETCH(QString, fixture);
    const std::string name = fixture.toStdString();
    StateDict a = load_ckpt(test::fixture_file(name, "model.ckpt"));
    StateDict b = load_safetensors(test::fixture_file(name, "model.safetensors"));
    QCOMPARE(a.keys(), b.keys());
    for (const auto& k : a.keys()) {
      QVERIFY2(a.info(k).dtype == b.info(k).dtype, k.c_str());
      if (a.info(k).shape != b.info(k).shape) {
        // The fixture generator's safetensors writer stores 0-d tensors (logit_scale) as [1].
        qInfo("%s: ckpt shape %s, safetensors shape %s", k.c_str(), c10::str(a.info(k).shape).c_str(),
              c10::str(b.info(k).shape).c_str());
        QVERIFY2(a.info(k).numel() == 1 && b.info(k).numel() == 1, k.c_str());
        QVERIFY2(torch::equal(a.get(k, at::kDouble).reshape({1}), b.get(k, at::kDouble).reshape({1})), k.c_str());
        continue;
      }
      // Compare as stored (no conversion), bit for bit.
      at::Tensor ta = a.get(k, at::kDouble), tb = b.get(k, at::kDouble);
      QVERIFY2(torch::equal(ta, tb), k.c_str());
    }
    QCOMPARE(a.metadata.at("global_step"), std::string("0"));
    // The format is recognised from the bytes, not the extension.
    QCOMPARE(load_checkpoint(test::fixture_file(name, "model.ckpt")).size(), b.size());
  }

  void handBuiltCheckpoint() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/tiny.ckpt";
    float data[3] = {1.5f, -2.0f, 7.0f};
    test::ZipWriter::save(path, tiny_ckpt(pickle(1, 2), std::string(reinterpret_cast<char*>(data), sizeof data)));
    StateDict d = load_ckpt(path);
    QCOMPARE(d.keys(), std::vector<std::string>{"w"});
    QVERIFY(torch::equal(d.get("w"), torch::tensor({-2.0f, 7.0f})));
  }

  void rejectsBadInput_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("needle");
    QTest::newRow("not a zip") << 0 << "not a PyTorch checkpoint";
    QTest::newRow("truncated") << 1 << "truncated";
    QTest::newRow("os.system") << 2 << "os.system";
    QTest::newRow("builtins.eval") << 3 << "builtins.eval";
    QTest::newRow("zip bomb") << 4 << "over the limit";
    QTest::newRow("lying deflate size") << 5 << "declared size";
    QTest::newRow("view outside storage") << 6 << "outside its storage";
    QTest::newRow("short storage") << 7 << "shorter than";
    QTest::newRow("no data.pkl") << 8 << "no data.pkl";
    QTest::newRow("legacy format") << 9 << "legacy";
    QTest::newRow("garbage pickle") << 10 << "pickle";
    QTest::newRow("no state dict") << 11 << "no state dict";
  }
  void rejectsBadInput() {
    QFETCH(int, kind);
    QFETCH(QString, needle);
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/bad.ckpt";
    const std::string floats(12, '\0');
    switch (kind) {
      case 0: test::ZipWriter::save(path, "hello world, not a checkpoint"); break;
      case 1: {
        std::ifstream in(test::fixture_file("sd1-tiny", "model.ckpt"), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        test::ZipWriter::save(path, bytes.substr(0, bytes.size() / 2));
        break;
      }
      case 2: test::ZipWriter::save(path, tiny_ckpt("\x80\x02\x63os\nsystem\nX\x02\x00\x00\x00id\x85R."s, floats)); break;
      case 3: test::ZipWriter::save(path, tiny_ckpt("\x80\x02\x63\x62uiltins\neval\nX\x01\x00\x00\x00" "1\x85R."s, floats)); break;
      case 4: {  // 1 GB of zeros claimed by a small deflated data.pkl
        test::ZipWriter z;
        z.add("archive/data.pkl", std::string(1 << 20, '\0'), true, int64_t(3) << 30);
        test::ZipWriter::save(path, z.finish());
        break;
      }
      case 5: {
        test::ZipWriter z;
        z.add("archive/data.pkl", std::string(1 << 20, 'a'), true, 1000);
        test::ZipWriter::save(path, z.finish());
        break;
      }
      case 6: test::ZipWriter::save(path, tiny_ckpt(pickle(2, 2), floats)); break;
      case 7: test::ZipWriter::save(path, tiny_ckpt(pickle(0, 2, 9), floats)); break;
      case 8: {
        test::ZipWriter z;
        z.add("archive/other", "x");
        test::ZipWriter::save(path, z.finish());
        break;
      }
      case 9: test::ZipWriter::save(path, std::string("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15)); break;
      case 10: test::ZipWriter::save(path, tiny_ckpt("\x80\x02\xff\xfe", floats)); break;
      case 11: test::ZipWriter::save(path, tiny_ckpt("\x80\x02}q\x00."s, floats)); break;
    }
    const std::string err = load_error(path);
    QVERIFY2(!err.empty(), "no LoadError");
    QVERIFY2(err.find(needle.toStdString()) != std::string::npos, err.c_str());
    QVERIFY2(err.find(path) != std::string::npos, err.c_str());
    QVERIFY(err.find('\n') == std::string::npos);
  }

 private:
  // {'state_dict': {'w': tensor(storage '0' of `numel` floats, offset, size [2], stride [1])}}
  static std::string pickle(int offset, int size, int numel = 3) {
    std::string p = "\x80\x02}X\x0a\x00\x00\x00state_dict}X\x01\x00\x00\x00w"s;
    p += "ctorch._utils\n_rebuild_tensor_v2\n(";
    p += "(X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x00" "0X\x03\x00\x00\x00" "cpuK"s;
    p += static_cast<char>(numel);
    p += "tQK";
    p += static_cast<char>(offset);
    p += "K";
    p += static_cast<char>(size);
    p += "\x85K\x01\x85\x89" "ccollections\nOrderedDict\n)RtRss.";
    return p;
  }
};

LDM_TEST_MAIN(TestCkpt)
#include "test_ckpt.moc"
