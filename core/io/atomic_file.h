#pragma once
#include <cstddef>
#include <string>

namespace ldm {

// Writes a file atomically: data goes to an unnamed temporary file in the same folder (O_TMPFILE),
// which is fsync'ed and given its name on commit(). Without commit() (an exception, or the process
// killed), nothing appears in the folder and the target is untouched. With overwrite=false an
// existing target is never replaced (link(2) fails instead of clobbering), and the error says so.
// Where the file system has no O_TMPFILE, a named temporary file ("NAME.tmp-XXXXXX") is used
// instead; it is removed on every path but SIGKILL.
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
  bool unnamed_ = false;  // O_TMPFILE: tmp_path_ is empty until commit() links it
  bool committed_ = false;
};

// Returns `path` if it does not exist, else path with "-1", "-2", ... before the extension.
std::string unique_path(const std::string& path);

// Writes `size` bytes atomically at unique_path(path), never over an existing file: when another
// writer takes that name between the check and the write, the next free one is taken. Returns the
// path written; throws ldm::Error on a write error.
std::string write_file_unique(const std::string& path, const void* data, size_t size);

}  // namespace ldm
