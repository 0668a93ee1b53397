// libFuzzer: the A1111 prompt syntax ((text), [text], (text:w), escapes, BREAK) and its 75-token
// chunking with the SD 1.x and SD 2.x CLIP tokenizers. RequestError is the one accepted refusal.
#include <memory>

#include "core/error.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/prompt_weighting.h"
#include "fuzz_resources.h"

namespace {
std::unique_ptr<ldm::ClipTokenizer> sd1, sd2;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string bpe = ldm::fuzz::resources_dir() + "/vocab/bpe_simple_vocab_16e6.txt.gz";
  sd1 = std::make_unique<ldm::ClipTokenizer>(bpe, ldm::ClipTokenizer::Flavor::HfClip);
  sd2 = std::make_unique<ldm::ClipTokenizer>(bpe, ldm::ClipTokenizer::Flavor::OpenClip);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string prompt(reinterpret_cast<const char*>(data), size);
  (void)ldm::parse_prompt_weights(prompt);
  for (const ldm::ClipTokenizer* t : {sd1.get(), sd2.get()}) {
    try {
      const ldm::WeightedPrompt w = ldm::chunk_weighted_prompt(*t, prompt);
      for (const auto& c : w.chunks) {
        if (c.tokens.size() != static_cast<size_t>(t->context_length()) || c.multipliers.size() != c.tokens.size())
          __builtin_trap();
      }
    } catch (const ldm::RequestError&) {
    }
  }
  return 0;
}
