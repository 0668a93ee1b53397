#pragma once
// SHA-256 (FIPS 180-4) of files: the content hash that names a model in PNG metadata (A1111's
// "Model hash" is its first 10 hex digits).
#include <cstddef>
#include <cstdint>
#include <string>

namespace ldm {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  std::string hex_digest();  // 64 lowercase hex digits; ends the computation

 private:
  void block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  size_t buf_len_ = 0;
  uint64_t total_ = 0;
};

// The file's SHA-256 as hex; LoadError when it cannot be read.
std::string sha256_of_file(const std::string& path);

}  // namespace ldm
