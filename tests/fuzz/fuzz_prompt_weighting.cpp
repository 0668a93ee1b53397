// libFuzzer: the A1111 prompt syntax ((text), [text], (text:w), escapes, BREAK) and its 75-token
// chunking with the SD 1.x and SD 2.x CLIP tokenizers. RequestError is the one accepted refusal.

#include "core/error.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/prompt_weighting.h"
#include "fuzz_resources.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ldm::fuzz::ClipTokenizers& tokenizers = ldm::fuzz::clip_tokenizers();
  const std::string prompt(reinterpret_cast<const char*>(data), size);
  (void)ldm::parse_prompt_weights(prompt);
  for (const ldm::ClipTokenizer* t : {tokenizers.sd1.get(), tokenizers.sd2.get()}) {
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
