// libFuzzer: the "ldm-request" JSON a PNG carries (GenerationRequest::from_json); malformed values must
// be a RequestError, and an accepted request must survive to_json -> from_json.
#include <nlohmann/json.hpp>

#include "core/api/generation_request.h"
#include "core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  ldm::GenerationRequest r;
  try {
    r = ldm::GenerationRequest::from_json(j);
  } catch (const ldm::RequestError&) {
    return 0;
  }
  (void)ldm::GenerationRequest::from_json(r.to_json());
  return 0;
}
