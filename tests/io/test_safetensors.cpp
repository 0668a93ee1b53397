// safetensors reader/writer: round trip, the fixtures, and malformed files of every kind.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cstdio>
#include <fstream>

#include "core/error.h"
#include "core/io/safetensors.h"
#include "support/fixtures.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

std::string write_raw(const QTemporaryDir& dir, const std::string& name, const std::string& header,
                      const std::string& data, int64_t header_len_override = -1) {
  std::string path = dir.path().toStdString() + "/" + name;
  std::ofstream f(path, std::ios::binary);
  uint64_t n = header_len_override >= 0 ? static_cast<uint64_t>(header_len_override) : header.size();
  for (int i = 0; i < 8; ++i) f.put(static_cast<char>((n >> (8 * i)) & 0xff));
  f << header << data;
  return path;
}

std::string expect_load_error(const std::string& path) {
  try {
    load_safetensors(path);
  } catch (const LoadError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

// The process's resident file-backed memory (kB), from /proc/self/status.
static long rss_file_kb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "RssFile:") {
      in >> value;
      return value;
    }
    std::getline(in, key);
  }
  return -1;
}

class TestSafetensors : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void roundTrip() {
    QTemporaryDir dir;
    StateDict d;
    d.set("a.weight", torch::randn({3, 4}));
    d.set("b.half", torch::randn({5}).to(torch::kHalf));
    d.set("c.bf16", torch::randn({2, 2}).to(torch::kBFloat16));
    d.set("d.ids", torch::arange(7, torch::kLong));
    d.metadata["note"] = "hello";
    const std::string path = dir.path().toStdString() + "/x.safetensors";
    save_safetensors(d, path);
    StateDict r = load_safetensors(path);
    QCOMPARE(r.size(), size_t(4));
    QCOMPARE(r.metadata.at("note"), std::string("hello"));
    QVERIFY(r.info("b.half").dtype == DType::F16);
    QVERIFY(r.info("c.bf16").dtype == DType::BF16);
    QVERIFY(torch::equal(r.get("a.weight"), d.get("a.weight")));
    QVERIFY(torch::equal(r.get("b.half"), d.get("b.half")));           // F16 -> F32 on load
    QVERIFY(r.get("b.half").scalar_type() == torch::kFloat);
    QVERIFY(r.get("c.bf16", torch::kBFloat16).scalar_type() == torch::kBFloat16);
    QVERIFY(torch::equal(r.get("d.ids"), torch::arange(7, torch::kLong)));
    // Never overwrites.
    QVERIFY_THROWS_EXCEPTION(Error, save_safetensors(d, path));
  }

  // Loading copies each tensor out of the map and drops the file's pages from the resident set
  // (StateDict::drop_pages): the bytes must read back the same afterwards, and RssFile must fall.
  void droppedPagesReadBackAndLeaveTheResidentSet() {
    QTemporaryDir dir;
    StateDict d;
    d.set("big", torch::randn({int64_t(8) << 20}));  // 32 MiB
    d.set("small", torch::randn({3}));
    const std::string path = dir.path().toStdString() + "/big.safetensors";
    save_safetensors(d, path);
    StateDict r = load_safetensors(path);
    const at::Tensor first = r.get("big").clone();  // faults every page of the tensor in
    const long before = rss_file_kb();
    r.drop_pages("big");
    const long after = rss_file_kb();
    QVERIFY2(before - after >= 30 * 1024, qPrintable(QString("RssFile %1 kB -> %2 kB").arg(before).arg(after)));
    QVERIFY(torch::equal(r.get("big"), first));  // read again from the file
    QVERIFY(torch::equal(r.get("small"), d.get("small")));
    r.drop_pages("small");  // inside one page: nothing to drop, nothing breaks
    QVERIFY(torch::equal(r.get("small"), d.get("small")));
  }

  void selectStripsPrefix() {
    StateDict d;
    d.set("model.a", torch::zeros({1}));
    d.set("model.b.c", torch::zeros({2}));
    d.set("other", torch::zeros({3}));
    StateDict s = d.select("model.");
    QCOMPARE(s.keys(), (std::vector<std::string>{"a", "b.c"}));
    QCOMPARE(d.parameter_count("model."), int64_t(3));
  }

  void loadsEveryFixture() {
    for (const char* name : {"sd1-tiny", "sd2-tiny", "ldm-txt2img-tiny", "ldm-inpaint-tiny", "ldm-sr-tiny", "ldm-layout-tiny"}) {
      StateDict d = load_safetensors(test::fixture_file(name, "model.safetensors"));
      QVERIFY2(d.size() > 50, name);
      for (const auto& k : d.keys()) {
        at::Tensor t = d.get(k);
        QVERIFY(t.sizes().vec() == d.info(k).shape);
      }
    }
  }

  void rejectsMalformed_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("needle");
    QTest::newRow("empty") << 0 << "shorter than";
    QTest::newRow("huge header length") << 1 << "exceeds";
    QTest::newRow("header past end") << 2 << "past the end";
    QTest::newRow("not json") << 3 << "well-formed JSON";
    QTest::newRow("unknown dtype") << 4 << "unknown dtype";
    QTest::newRow("size mismatch") << 5 << "need 16 bytes";
    QTest::newRow("offset out of range") << 6 << "data section";
    QTest::newRow("overlap") << 7 << "overlap";
    QTest::newRow("negative dim") << 8 << "negative";
    QTest::newRow("begin after end") << 9 << "begin > end";
    QTest::newRow("not an object") << 10 << "not a JSON object";
    QTest::newRow("overflowing shape") << 11 << "impossibly large";
  }
  void rejectsMalformed() {
    QFETCH(int, kind);
    QFETCH(QString, needle);
    QTemporaryDir dir;
    const std::string data(16, '\0');
    std::string path;
    switch (kind) {
      case 0: {
        path = dir.path().toStdString() + "/empty.safetensors";
        std::ofstream(path) << "abc";
        break;
      }
      case 1: path = write_raw(dir, "f", "{}", data, int64_t(1) << 62); break;
      case 2: path = write_raw(dir, "f", "{}", "", 5000); break;
      case 3: path = write_raw(dir, "f", "{\"a\": [1,", data); break;
      case 4: path = write_raw(dir, "f", R"({"a":{"dtype":"F31","shape":[4],"data_offsets":[0,16]}})", data); break;
      case 5: path = write_raw(dir, "f", R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,12]}})", data); break;
      case 6: path = write_raw(dir, "f", R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[16,32]}})", data); break;
      case 7: path = write_raw(dir, "f", R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})", data); break;
      case 8: path = write_raw(dir, "f", R"({"a":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}})", data); break;
      case 9: path = write_raw(dir, "f", R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[16,0]}})", data); break;
      case 10: path = write_raw(dir, "f", "[1,2,3]", data); break;
      case 11: path = write_raw(dir, "f", R"({"a":{"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,16]}})", data); break;
    }
    const std::string err = expect_load_error(path);
    QVERIFY2(!err.empty(), "no LoadError thrown");
    QVERIFY2(err.find(needle.toStdString()) != std::string::npos, err.c_str());
    QVERIFY2(err.find(path) != std::string::npos, "error must name the file");
    QVERIFY(err.find('\n') == std::string::npos);
  }

  void truncatedFixtureIsRejected() {
    QTemporaryDir dir;
    const std::string src = test::fixture_file("sd2-tiny", "model.safetensors");
    std::ifstream in(src, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (size_t keep : {size_t(4), size_t(100), bytes.size() / 2, bytes.size() - 1}) {
      const std::string path = dir.path().toStdString() + "/t" + std::to_string(keep) + ".safetensors";
      std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(keep));
      QVERIFY2(!expect_load_error(path).empty(), std::to_string(keep).c_str());
    }
  }
};

LDM_TEST_MAIN(TestSafetensors)
#include "test_safetensors.moc"
