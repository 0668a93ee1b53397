#include "core/io/atomic_file.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

#include "core/error.h"

namespace ldm {

namespace {

std::string parent_folder(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Gives the unnamed file `fd` the name `name` (fails with EEXIST if it exists).
int link_unnamed(int fd, const std::string& name) {
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  return ::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW);
}

std::string exists_message(const std::string& path) {
  return path + " already exists; choose another name (files are never overwritten)";
}

// link()/linkat() refused to give the file its name: EEXIST means it appeared meanwhile.
[[noreturn]] void throw_link_error(const std::string& path, int err) {
  if (err == EEXIST) throw Error(exists_message(path));
  throw Error("cannot write " + path + ": " + std::strerror(err));
}

}  // namespace

AtomicFile::AtomicFile(const std::string& path, bool overwrite) : path_(path), overwrite_(overwrite) {
  if (!overwrite_ && ::access(path.c_str(), F_OK) == 0) {
    throw Error(exists_message(path));
  }
#ifdef O_TMPFILE
  // Linking needs /proc/self/fd; without it (a bare chroot) the named fallback below is used.
  if (::access("/proc/self/fd", X_OK) == 0) {
    fd_ = ::open(parent_folder(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    unnamed_ = fd_ >= 0;
  }
#endif
  if (!unnamed_) {
    std::string tmpl = path + ".tmp-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    fd_ = ::mkostemp(buf.data(), O_CLOEXEC);
    if (fd_ < 0) throw Error("cannot write " + path + ": " + std::strerror(errno));
    tmp_path_ = buf.data();
  }
  ::fchmod(fd_, 0644);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !tmp_path_.empty()) ::unlink(tmp_path_.c_str());
}

void AtomicFile::write(const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error("cannot write " + path_ + ": " + std::strerror(errno));
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
}

void AtomicFile::commit() {
  if (::fsync(fd_) != 0) throw Error("cannot write " + path_ + ": " + std::strerror(errno));
  if (unnamed_) {
    if (!overwrite_) {
      if (link_unnamed(fd_, path_) != 0) throw_link_error(path_, errno);
      committed_ = true;
      ::close(fd_);
      fd_ = -1;
      return;
    }
    // Replacing needs a name to rename from: link under a fresh temporary name first (only this
    // instant can leave a named temporary file behind).
    for (int attempt = 0; tmp_path_.empty(); ++attempt) {
      const std::string candidate = path_ + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(attempt);
      if (link_unnamed(fd_, candidate) == 0) tmp_path_ = candidate;
      else if (errno != EEXIST || attempt > 100) throw Error("cannot write " + path_ + ": " + std::strerror(errno));
    }
  }
  ::close(fd_);
  fd_ = -1;
  if (overwrite_) {
    if (::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
      throw Error("cannot write " + path_ + ": " + std::strerror(errno));
    }
  } else {
    // link() refuses an existing target, so a file created meanwhile is never clobbered.
    if (::link(tmp_path_.c_str(), path_.c_str()) != 0) throw_link_error(path_, errno);
    ::unlink(tmp_path_.c_str());
  }
  committed_ = true;
}

std::string write_file_unique(const std::string& path, const void* data, size_t size) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string candidate = unique_path(path);
    try {
      AtomicFile file(candidate, /*overwrite=*/false);
      file.write(data, size);
      file.commit();
      return candidate;
    } catch (const Error&) {
      if (::access(candidate.c_str(), F_OK) != 0) throw;  // a real write error, not a name taken meanwhile
    }
  }
  throw Error("cannot find a free file name next to " + path);
}

std::string unique_path(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) return path;
  std::string stem = path, ext;
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
    stem = path.substr(0, dot);
    ext = path.substr(dot);
  }
  for (int i = 1;; ++i) {
    std::string candidate = stem + "-" + std::to_string(i) + ext;
    if (::access(candidate.c_str(), F_OK) != 0) return candidate;
  }
}

}  // namespace ldm
