#pragma once
#include <cstddef>
#include <string>

namespace ldm {

// Element types as stored in checkpoint files.
enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

size_t dtype_size(DType t);
const char* dtype_name(DType t);            // safetensors spelling: "F32", "BF16", ...
bool dtype_from_safetensors(const std::string& s, DType* out);
bool dtype_is_float(DType t);

}  // namespace ldm
