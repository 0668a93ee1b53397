// libFuzzer: the A1111 "parameters" text parser (prompt, "Negative prompt:", "Steps: 20, Sampler: ...").
// A RequestError is the accepted refusal. What it parses must format and parse back to the same request.
#include "core/error.h"
#include "core/imaging/png_metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ldm::ParsedParameters p;
  try {
    p = ldm::parse_parameters(text);
  } catch (const ldm::RequestError&) {
    return 0;
  }
  try {
    (void)ldm::parse_parameters(ldm::format_parameters(p.request, p.model_name));
  } catch (const ldm::Error&) {
  }
  return 0;
}
