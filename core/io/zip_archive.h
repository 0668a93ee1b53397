#pragma once
// A minimal, defensive ZIP reader for torch.save archives: central directory (with ZIP64),
// stored entries mapped in place, deflated entries inflated with a size limit. Every offset and
// length is checked against the file before use.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ldm {

class MappedFile;

class ZipArchive {
 public:
  struct Entry {
    std::string name;
    uint16_t method = 0;          // 0 stored, 8 deflate
    uint64_t compressed_size = 0;
    uint64_t size = 0;            // uncompressed
    uint64_t data_offset = 0;     // of the (compressed) data in the file
  };

  // Throws LoadError naming the file when the archive is malformed.
  explicit ZipArchive(std::shared_ptr<MappedFile> file);

  const std::vector<Entry>& entries() const { return entries_; }
  // The entry whose name ends with `suffix` at a path boundary ("data.pkl" finds "x/data.pkl").
  const Entry* find_suffix(const std::string& suffix) const;
  // The bytes of an entry (inflated if needed); refuses entries larger than `limit` bytes.
  std::string read(const Entry& e, uint64_t limit) const;
  const std::shared_ptr<MappedFile>& file() const { return file_; }

  static bool looks_like_zip(const uint8_t* data, size_t size);

 private:
  std::shared_ptr<MappedFile> file_;
  std::vector<Entry> entries_;
};

}  // namespace ldm
