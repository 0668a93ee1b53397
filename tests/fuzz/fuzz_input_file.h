#pragma once
// Writes a fuzz input to a private temporary file (the readers take paths, as users give them).
#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace ldm::fuzz {

inline std::string write_input(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/ldm-fuzz-" + std::to_string(::getpid()) + ".bin";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) __builtin_trap();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) __builtin_trap();
  std::fclose(f);
  return path;
}

}  // namespace ldm::fuzz
