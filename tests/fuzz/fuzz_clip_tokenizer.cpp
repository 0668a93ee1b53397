// libFuzzer: the CLIP BPE tokenizer (both flavours) on any bytes, invalid UTF-8 included; every id it
// gives must decode, and decode must take any ids.
#include <cstring>

#include "core/text/clip_tokenizer.h"
#include "fuzz_resources.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ldm::fuzz::ClipTokenizers& tokenizers = ldm::fuzz::clip_tokenizers();
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const ldm::ClipTokenizer* t : {tokenizers.sd1.get(), tokenizers.sd2.get()}) {
    const ldm::TokenizeResult r = t->encode(text);
    for (int64_t id : r.ids) {
      if (id < 0 || id >= t->vocab_size()) __builtin_trap();
    }
    (void)t->decode(t->tokenize(text));
    (void)t->clean(text);
  }
  // The same bytes as ids (out-of-range ones included).
  std::vector<int64_t> ids(size / 2);
  for (size_t i = 0; i < ids.size(); ++i) {
    int16_t v;
    std::memcpy(&v, data + 2 * i, 2);
    ids[i] = v * 3;
  }
  (void)tokenizers.sd1->decode(ids);
  return 0;
}
