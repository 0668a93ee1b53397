#pragma once
// Where the harnesses find the vocabularies: $LDM_FUZZ_RESOURCES, else the source tree's resources/
// (LDM_FUZZ_SOURCE_DIR, baked in by tests/fuzz/CMakeLists.txt).
#include <cstdlib>
#include <memory>
#include <string>

#include "core/text/clip_tokenizer.h"

namespace ldm::fuzz {

inline std::string resources_dir() {
  if (const char* env = std::getenv("LDM_FUZZ_RESOURCES"); env && *env) return env;
  return std::string(LDM_FUZZ_SOURCE_DIR) + "/resources";
}

// The CLIP BPE tokenizer in both flavours (SD 1.x's Hugging Face CLIP, SD 2.x's OpenCLIP), loaded on
// first use and kept for every input after it.
struct ClipTokenizers {
  std::unique_ptr<ClipTokenizer> sd1, sd2;
};
inline const ClipTokenizers& clip_tokenizers() {
  static const ClipTokenizers loaded = [] {
    const std::string bpe = resources_dir() + "/vocab/bpe_simple_vocab_16e6.txt.gz";
    ClipTokenizers t;
    t.sd1 = std::make_unique<ClipTokenizer>(bpe, ClipTokenizer::Flavor::HfClip);
    t.sd2 = std::make_unique<ClipTokenizer>(bpe, ClipTokenizer::Flavor::OpenClip);
    return t;
  }();
  return loaded;
}

}  // namespace ldm::fuzz
