// libFuzzer: the pickle VM must refuse or accept any bytes without crashing or running away.
#include "core/error.h"
#include "core/io/pickle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ldm::PickleLimits limits;
  limits.max_ops = 1u << 20;
  limits.max_stack = 1u << 16;
  limits.max_memo = 1u << 16;
  limits.max_container = 1u << 16;
  try {
    auto r = ldm::unpickle(std::string(reinterpret_cast<const char*>(data), size), "fuzz", limits);
    (void)r;
  } catch (const ldm::LoadError&) {
  }
  return 0;
}
