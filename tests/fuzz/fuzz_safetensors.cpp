// libFuzzer: load_safetensors must accept or refuse any bytes with a LoadError, never crash,
// and every tensor it accepts must be readable in full.
#include <ATen/ATen.h>

#include "core/error.h"
#include "core/io/safetensors.h"
#include "fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = ldm::fuzz::write_input(data, size);
  try {
    ldm::StateDict d = ldm::load_safetensors(path);
    for (const auto& k : d.keys()) {
      at::Tensor t = d.get(k);
      if (t.numel() > 0) (void)t.flatten()[t.numel() - 1].item<double>();
    }
  } catch (const ldm::LoadError&) {
  }
  return 0;
}
