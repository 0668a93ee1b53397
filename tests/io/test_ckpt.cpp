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

  // What PyTorch Lightning checkpoints hold beside the state dict (callback state, numpy scalars in
  // hyper-parameters, protocol-2 bytes) is on the allow-list as data: such a file loads.
  void lightningExtrasLoad() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/lightning.ckpt";
    float data[3] = {1.5f, -2.0f, 7.0f};
    std::string p = pickle(1, 2);
    p.pop_back();  // STOP
    p += "X\x09\x00\x00\x00" "callbacks" "cpytorch_lightning.callbacks.model_checkpoint\nModelCheckpoint\n)Rs"s;
    p += "X\x07\x00\x00\x00" "hparams" "cnumpy.core.multiarray\nscalar\ncnumpy\ndtype\nX\x02\x00\x00\x00" "f8\x85R"
         "c_codecs\nencode\nX\x01\x00\x00\x00" "aX\x06\x00\x00\x00" "latin1\x86R\x86Rs."s;
    test::ZipWriter::save(path, tiny_ckpt(p, std::string(reinterpret_cast<char*>(data), sizeof data)));
    StateDict d = load_ckpt(path);
    QCOMPARE(d.keys(), std::vector<std::string>{"w"});
  }

  // fuzz_ckpt finding (2026-12-03, tests/fuzz/corpus/ckpt/regress_empty_tensor_offset_past_storage): a
  // 0-element tensor whose storage offset (252) lies past its 3-element storage escaped as a c10::Error
  // from narrow(); torch.save accepts it, so it loads as an empty tensor of its shape.
  void emptyTensorWithOffsetPastItsStorage() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/empty.ckpt";
    test::ZipWriter::save(path, tiny_ckpt(pickle(/*offset=*/120, /*size=*/0), std::string(12, '\0')));
    const StateDict d = load_ckpt(path);
    const at::Tensor w = d.get("w");
    QCOMPARE(w.numel(), int64_t{0});
    QCOMPARE(w.dim(), int64_t{1});
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
    // The unpickler's allow-list (core/io/pickle.cpp): one row per class of refusal. Kind 12 calls the
    // global named by the needle through GLOBAL + REDUCE, kind 13 through protocol 4's STACK_GLOBAL.
    QTest::newRow("posix.system") << 12 << "posix.system";
    QTest::newRow("subprocess.Popen") << 12 << "subprocess.Popen";
    QTest::newRow("builtins.exec") << 12 << "builtins.exec";
    QTest::newRow("builtins.getattr") << 12 << "builtins.getattr";
    QTest::newRow("builtins.__import__") << 12 << "builtins.__import__";
    QTest::newRow("__builtin__.eval") << 12 << "__builtin__.eval";
    QTest::newRow("functools.partial") << 12 << "functools.partial";
    QTest::newRow("operator.attrgetter") << 12 << "operator.attrgetter";
    QTest::newRow("importlib.import_module") << 12 << "importlib.import_module";
    QTest::newRow("torch._utils other") << 12 << "torch._utils._rebuild_device_tensor_from_numpy";
    QTest::newRow("torch.load") << 12 << "torch.load";
    QTest::newRow("unknown module") << 12 << "mymodule.Helper";
    QTest::newRow("stack global os.system") << 13 << "os.system";
    QTest::newRow("stack global builtins.exec") << 13 << "builtins.exec";
    QTest::newRow("allowed global, bad args") << 14 << "malformed tensor";
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
      case 12: {
        const std::string global = needle.toStdString();
        const size_t dot = global.rfind('.');
        test::ZipWriter::save(path, tiny_ckpt("\x80\x02\x63" + global.substr(0, dot) + "\n" + global.substr(dot + 1) +
                                                  "\nX\x02\x00\x00\x00id\x85R."s,
                                              floats));
        break;
      }
      case 13: {  // SHORT_BINUNICODE module, name; STACK_GLOBAL; EMPTY_TUPLE; REDUCE
        const std::string global = needle.toStdString();
        const size_t dot = global.rfind('.');
        const std::string module = global.substr(0, dot), name = global.substr(dot + 1);
        test::ZipWriter::save(path, tiny_ckpt("\x80\x04\x8c"s + static_cast<char>(module.size()) + module + "\x8c" +
                                                  static_cast<char>(name.size()) + name + "\x93)R."s,
                                              floats));
        break;
      }
      case 14:  // _rebuild_tensor_v2("x",): an allowed global called with arguments it does not take
        test::ZipWriter::save(path, tiny_ckpt("\x80\x02\x63torch._utils\n_rebuild_tensor_v2\nX\x01\x00\x00\x00x\x85R."s, floats));
        break;
    }
    const std::string err = load_error(path);
    QVERIFY2(!err.empty(), "no LoadError");
    QVERIFY2(err.find(needle.toStdString()) != std::string::npos, err.c_str());
    QVERIFY2(err.find(path) != std::string::npos, err.c_str());
    QVERIFY(err.find('\n') == std::string::npos);
    if (kind == 2 || kind == 3 || kind == 12 || kind == 13) QVERIFY2(err.find("may be malicious") != std::string::npos, err.c_str());
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
