#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace ldm {

// A read-only memory map of a whole file. Shared so that tensors viewing the mapping keep it alive.
class MappedFile {
 public:
  static std::shared_ptr<MappedFile> open(const std::string& path);  // throws LoadError
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  const std::string& path() const { return path_; }

  // Gives the pages wholly inside [offset, offset + length) back to the kernel once their bytes
  // have been copied out: the process's resident size stops counting them (they stay in the page
  // cache; reading them again faults them back in from the file). Loading a model copies each
  // tensor out of the map, and without this its peak RSS was the file plus the model (9.2 GB for
  // a 4.3 GB SD 1.5 checkpoint). Anything written into the private map there is discarded.
  void drop_pages(size_t offset, size_t length) const;

 private:
  MappedFile() = default;
  std::string path_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace ldm
