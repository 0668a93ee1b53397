#pragma once
// Access to the reference fixtures committed under tests/data/ (see
// tests/data/FIXTURES.md: tiny random-weight models + outputs of the original Python code).
#include <ATen/ATen.h>

#include <string>

#include "core/io/safetensors.h"

namespace ldm::test {

inline std::string fixture_dir(const std::string& name) { return std::string(LDM_TEST_DATA_DIR) + "/" + name; }
inline std::string fixture_file(const std::string& name, const std::string& file) {
  return fixture_dir(name) + "/" + file;
}
inline StateDict reference(const std::string& name) { return load_safetensors(fixture_file(name, "reference.safetensors")); }

// max |a - b| and whether every element satisfies |a-b| <= atol + rtol*|b|.
struct Closeness {
  double max_abs = 0;
  bool ok = false;
};
inline Closeness close_to(const at::Tensor& actual, const at::Tensor& expected, double atol, double rtol) {
  Closeness c;
  auto a = actual.to(at::kDouble).cpu();
  auto b = expected.to(at::kDouble).cpu();
  if (a.sizes() != b.sizes()) return c;
  auto diff = (a - b).abs();
  c.max_abs = a.numel() ? diff.max().item<double>() : 0.0;
  c.ok = (diff <= atol + rtol * b.abs()).all().item<bool>();
  return c;
}

}  // namespace ldm::test

#define LDM_COMPARE_CLOSE(actual, expected, atol, rtol)                                              \
  do {                                                                                              \
    auto _c = ldm::test::close_to((actual), (expected), (atol), (rtol));                            \
    if (!_c.ok) {                                                                                   \
      QFAIL(qPrintable(QStringLiteral("%1 vs %2: max |diff| %3 exceeds atol %4 + rtol %5 (shapes %6 / %7)") \
                           .arg(#actual, #expected)                                                 \
                           .arg(_c.max_abs)                                                         \
                           .arg(atol)                                                               \
                           .arg(rtol)                                                               \
                           .arg(QString::fromStdString(c10::str((actual).sizes())),                 \
                                QString::fromStdString(c10::str((expected).sizes())))));            \
    }                                                                                               \
  } while (0)
