#pragma once
// PNG text chunks (tEXt / zTXt / iTXt) and the generation metadata LDM Studio stores in them:
// an AUTOMATIC1111-compatible "parameters" chunk (readable by other tools) and an "ldm-request"
// JSON chunk (GenerationRequest::to_json) from which a request round-trips exactly.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/api/generation_request.h"

namespace ldm {

// One text entry. Both strings are UTF-8 in memory; on disk the value becomes a tEXt chunk
// (Latin-1) when every character fits Latin-1, otherwise an uncompressed iTXt chunk (UTF-8),
// the same choice PIL makes (so A1111 writes and reads these the same way).
struct PngText {
  std::string keyword;  // 1-79 printable ASCII characters, no leading/trailing/double spaces
  std::string text;
};

// One chunk of a validated PNG byte stream. `data` points into the caller's buffer.
struct PngChunk {
  std::string type;     // e.g. "IHDR"
  size_t offset = 0;    // of the length field
  uint32_t length = 0;
  const uint8_t* data = nullptr;
};

// Walks every chunk up to IEND. Throws ldm::Error (naming `source`) for a missing signature,
// a length past the end (truncated file), a bad CRC, a missing IHDR or a missing IEND.
// Never reads outside [data, data + size).
std::vector<PngChunk> walk_png_chunks(const uint8_t* data, size_t size, const std::string& source);

// Returns `png` (an encoded PNG) with text chunks inserted. They go before the first IDAT rather
// than at the end: PIL (and so A1111's "PNG Info") exposes only chunks ahead of the image data
// without decoding it. Throws ldm::Error for an invalid keyword, a NUL in a text or invalid UTF-8.
std::vector<uint8_t> add_png_text(const std::vector<uint8_t>& png, const std::vector<PngText>& texts);

// Text entries of a PNG in file order (tEXt and zTXt decoded from Latin-1, iTXt as UTF-8,
// compressed ones inflated up to 16 MiB). Validates the whole file first (walk_png_chunks).
std::vector<PngText> read_png_text(const uint8_t* data, size_t size, const std::string& source);
std::vector<PngText> read_png_text(const std::string& path);
// The first entry named `keyword`, or nullptr.
const PngText* find_png_text(const std::vector<PngText>& texts, const std::string& keyword);

// ---- A1111 "parameters" ----
// A1111 display name of a sampler ("DPM++ 2M Karras", "Euler a", "DDIM", ...).
std::string a1111_sampler_name(const std::string& sampler, bool karras);

// "<prompt>\nNegative prompt: <neg>\nSteps: 20, Sampler: Euler a, CFG scale: 7.5, Seed: 42,
// Size: 512x512, Model: NAME[, Denoising strength: 0.75][, Mask blur: 4][, Clip skip: 2][, Eta: 0.5]
// [, Lora hashes: "name: 12 hex, ..."][, TI hashes: "name: 10 hex, ..."]" (the last two read back into
// the request's lora_hashes and ti_hashes).
// The negative-prompt line is left out when it is empty (as A1111 does); values holding ',', ':'
// or a newline are JSON-quoted (as A1111 does). Numbers are written so that they parse back exactly.
std::string format_parameters(const GenerationRequest& request, const std::string& model_name);

struct ParsedParameters {
  GenerationRequest request;                   // fields not in the text keep their defaults
  std::string model_name;                      // "Model: ..." (a display name, not a path)
  std::map<std::string, std::string> extra;    // keys this engine does not use ("Model hash", ...)
  std::vector<std::string> warnings;           // e.g. a sampler this engine does not have
};
// Parses text written by format_parameters or by A1111 (tolerates unknown keys and multi-line
// prompts). Throws ldm::RequestError for a malformed value of a known key (e.g. "Steps: many").
ParsedParameters parse_parameters(const std::string& text);

// ---- what LDM Studio writes ----
constexpr const char* kParametersKey = "parameters";
constexpr const char* kRequestKey = "ldm-request";
// A semantic request's label map, compressed (its pixels are what the picture was made from).
constexpr const char* kSegmentationKey = "ldm-segmentation";
// {"parameters": format_parameters(...), "ldm-request": request.to_json()} (+ "Software"). The model is
// recorded by name and SHA-256 (core/io/model_identity.h; A1111's "Model: NAME, Model hash: 10 hex"), the
// config, VAE and LoRAs by file name: no path of the author's machine goes into a picture.
std::vector<PngText> generation_metadata(const GenerationRequest& request);
// The request stored in a PNG: "ldm-request" when present (exact), else parsed from "parameters".
// Its model is found on this machine (find_model: by name and hash in the model folders, else a model
// hashed here before); `model_note` (optional) says which was used, or why none was found (then the
// request keeps the name). Throws ldm::Error when the file has neither text.
GenerationRequest request_from_png(const std::string& path, std::string* model_note = nullptr);

}  // namespace ldm
