#include "core/runtime/resources.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "core/error.h"
#include "core/io/file_kind.h"

namespace ldm {
namespace {

namespace fs = std::filesystem;

std::string executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

}  // namespace

std::string resources_dir() {
  if (const char* env = std::getenv("LDM_RESOURCES_DIR"); env && *env) {
    if (!is_directory(env))
      throw LoadError(std::string("LDM_RESOURCES_DIR=") + env + " is not a folder: point it at LDM Studio's resources");
    return fs::path(env).lexically_normal().string();
  }
  const std::string exe_dir = executable_dir();
  std::string tried;
  if (!exe_dir.empty()) {
    const fs::path installed = fs::path(exe_dir) / ".." / "share" / "ldm-studio" / "resources";
    if (is_directory(installed.string())) return installed.lexically_normal().string();
    tried = installed.lexically_normal().string() + ", ";
  }
#if defined(LDM_SOURCE_DIR) && defined(LDM_BUILD_DIR)
  // Programs run from the build tree read the checkout's resources; an installed copy never does
  // (it must find its own, even where the source tree is still on disk).
  const std::string build_dir = fs::path(LDM_BUILD_DIR).lexically_normal().string();
  if (!exe_dir.empty() && (exe_dir + "/").rfind(build_dir + "/", 0) == 0) {
    const fs::path source = fs::path(LDM_SOURCE_DIR) / "resources";
    if (is_directory(source.string())) return source.string();
    tried += source.string();
  }
#endif
  throw LoadError("LDM Studio resources not found (looked in " + tried +
                  "): reinstall, or set LDM_RESOURCES_DIR to the resources folder");
}

std::string resource_path(const std::string& relative) { return resources_dir() + "/" + relative; }

}  // namespace ldm
