#pragma once
// Where the bundled read-only data (tokenizer vocabularies, layout class lists, default models)
// lives, both in an installed tree and in a build run from the source checkout.
#include <string>

namespace ldm {

// The resources folder, found in this order:
//   1. $LDM_RESOURCES_DIR (must exist when set);
//   2. <directory of the executable>/../share/ldm-studio/resources (installed layout);
//   3. LDM_SOURCE_DIR "/resources" (the source checkout), only for programs inside the build tree
//      (LDM_BUILD_DIR): an installed program never falls back to the checkout.
// Throws LoadError naming the places it looked when none exists.
std::string resources_dir();

// resources_dir() + "/" + relative.
std::string resource_path(const std::string& relative);

}  // namespace ldm
