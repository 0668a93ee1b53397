// What a path names on disk: a regular file or a folder (links followed; false on any error, e.g. a
// missing path or a folder without search permission), for the model finders (model_loader.cpp,
// diffusers.cpp) and the resources lookup (runtime/resources.cpp).
#pragma once

#include <string>

namespace ldm {

bool is_regular_file(const std::string& path);
bool is_directory(const std::string& path);

}  // namespace ldm
