// libFuzzer: a whole PNG file's bytes through the text-chunk reader (chunk walk, CRCs, zTXt/iTXt
// inflation), then its generation metadata as --from-png and the GUI read it: the "parameters" text
// (A1111 syntax) and the "ldm-request" JSON. Errors are ldm::Error; anything else is a finding.
// Each input runs as given and again with every chunk's CRC made right, so that mutations get past
// the CRC check to the chunk contents.
#include <nlohmann/json.hpp>
#include <zlib.h>

#include "core/error.h"
#include "core/imaging/png_metadata.h"

namespace {

void read(const uint8_t* data, size_t size) {
  std::vector<ldm::PngText> texts;
  try {
    texts = ldm::read_png_text(data, size, "fuzz.png");
  } catch (const ldm::Error&) {
    return;
  }
  if (const ldm::PngText* p = ldm::find_png_text(texts, ldm::kParametersKey)) {
    try {
      (void)ldm::parse_parameters(p->text);
    } catch (const ldm::RequestError&) {
    }
  }
  if (const ldm::PngText* r = ldm::find_png_text(texts, ldm::kRequestKey)) {
    const nlohmann::json j = nlohmann::json::parse(r->text, nullptr, false);
    if (!j.is_discarded()) {
      try {
        (void)ldm::GenerationRequest::from_json(j);
      } catch (const ldm::RequestError&) {
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  read(data, size);
  std::vector<uint8_t> fixed(data, data + size);
  size_t pos = 8;  // after the signature
  while (pos + 12 <= fixed.size()) {
    const uint32_t len = uint32_t(fixed[pos]) << 24 | uint32_t(fixed[pos + 1]) << 16 | uint32_t(fixed[pos + 2]) << 8 | fixed[pos + 3];
    if (len > fixed.size() - pos - 12) break;
    const uLong crc = crc32(0, fixed.data() + pos + 4, static_cast<uInt>(len + 4));
    for (int i = 0; i < 4; ++i) fixed[pos + 8 + len + i] = static_cast<uint8_t>(crc >> (24 - 8 * i));
    pos += 12 + len;
  }
  read(fixed.data(), fixed.size());
  return 0;
}
