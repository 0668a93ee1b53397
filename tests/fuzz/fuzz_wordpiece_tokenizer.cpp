// libFuzzer: the BERT WordPiece tokenizer (bert-base-uncased vocabulary) on any bytes, invalid UTF-8
// included; every id must lie in the vocabulary.
#include <memory>

#include "core/text/wordpiece_tokenizer.h"
#include "fuzz_resources.h"

namespace {
std::unique_ptr<ldm::WordpieceTokenizer> bert;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  bert = std::make_unique<ldm::WordpieceTokenizer>(ldm::fuzz::resources_dir() + "/vocab/bert-base-uncased-vocab.txt");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ldm::TokenizeResult r = bert->encode(text);
  for (int64_t id : r.ids) {
    if (id < 0 || id >= bert->vocab_size()) __builtin_trap();
  }
  (void)bert->wordpieces(text);
  return 0;
}
