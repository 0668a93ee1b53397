#pragma once
// Where the harnesses find the vocabularies: $LDM_FUZZ_RESOURCES, else the source tree's resources/
// (LDM_FUZZ_SOURCE_DIR, baked in by tests/fuzz/CMakeLists.txt).
#include <cstdlib>
#include <string>

namespace ldm::fuzz {

inline std::string resources_dir() {
  if (const char* env = std::getenv("LDM_FUZZ_RESOURCES"); env && *env) return env;
  return std::string(LDM_FUZZ_SOURCE_DIR) + "/resources";
}

}  // namespace ldm::fuzz
