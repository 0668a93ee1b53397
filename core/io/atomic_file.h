#pragma once
#include <cstddef>
#include <string>

namespace ldm {

// Writes a file atomically: data goes to a temporary file in the same folder, which is fsync'ed
// and renamed over the target on commit(). Without commit() (an exception), the temporary file is
// removed and the target is untouched. With overwrite=false an existing target is never replaced
// (link(2) fails instead of clobbering), and the error says so.
class AtomicFile {
 public:
  AtomicFile(const std::string& path, bool overwrite);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, size_t size);
  void commit();

 private:
  std::string path_;
  std::string tmp_path_;
  bool overwrite_;
  int fd_ = -1;
  bool committed_ = false;
};

// Returns `path` if it does not exist, else path with "-1", "-2", ... before the extension.
std::string unique_path(const std::string& path);

}  // namespace ldm
