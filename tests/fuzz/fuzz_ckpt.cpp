// libFuzzer: the .ckpt reader (ZIP directory + pickle + storage bounds) on arbitrary bytes.
#include <ATen/ATen.h>

#include "core/error.h"
#include "core/io/ckpt.h"
#include "fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = ldm::fuzz::write_input(data, size);
  try {
    ldm::StateDict d = ldm::load_ckpt(path);
    for (const auto& k : d.keys()) {
      at::Tensor t = d.get(k).contiguous();
      if (t.numel() > 0) (void)t.flatten()[t.numel() - 1].item<double>();
    }
  } catch (const ldm::LoadError&) {
  }
  return 0;
}
