#pragma once
// safetensors: https://github.com/huggingface/safetensors format (8-byte little-endian header
// length, JSON header, raw little-endian data). Every header field is validated before use.
#include <string>

#include "core/io/state_dict.h"

namespace ldm {

// Memory-maps and validates `path`; tensors are read lazily. Throws LoadError naming the problem.
StateDict load_safetensors(const std::string& path);

// Writes all tensors of `dict` (as stored: call get() dtype per tensor) atomically to `path`
// (temporary file + rename). Fails if `path` exists and `overwrite` is false.
void save_safetensors(const StateDict& dict, const std::string& path, bool overwrite = false);

}  // namespace ldm
