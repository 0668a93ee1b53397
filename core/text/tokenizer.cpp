#include "core/text/tokenizer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "core/error.h"
#include "core/runtime/resources.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/wordpiece_tokenizer.h"

namespace ldm {

TokenizeResult Tokenizer::frame(const std::vector<int64_t>& content, int64_t begin, int64_t end, int64_t pad) const {
  TokenizeResult r;
  r.num_tokens = static_cast<int64_t>(content.size());
  const int64_t keep = std::min<int64_t>(r.num_tokens, max_content_tokens());
  r.dropped = r.num_tokens - keep;
  r.ids.reserve(context_length());
  r.ids.push_back(begin);
  r.ids.insert(r.ids.end(), content.begin(), content.begin() + keep);
  r.ids.push_back(end);
  r.ids.resize(context_length(), pad);
  return r;
}

std::shared_ptr<const Tokenizer> make_tokenizer(const std::string& kind, const std::string& vocab_dir,
                                                int64_t context_length) {
  if (kind != "clip_sd1" && kind != "clip_sd2" && kind != "bert")
    throw RequestError("unknown tokenizer '" + kind + "': use clip_sd1, clip_sd2 or bert");
  if (context_length != 0 && (kind != "bert" || context_length < 2))
    throw RequestError("tokenizer '" + kind + "' cannot take a context of " + std::to_string(context_length) +
                       " tokens" + (kind == "bert" ? " (at least [CLS] and [SEP])" : " (CLIP contexts are 77)"));
  if (context_length == 0) context_length = 77;
  const std::string dir = vocab_dir.empty() ? resources_dir() + "/vocab" : vocab_dir;
  // Loading the CLIP merges takes ~100 ms: keep one instance per (kind, folder) for the process.
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Tokenizer>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[kind + "\n" + dir + "\n" + std::to_string(context_length)];
  if (!slot) {
    if (kind == "bert") {
      slot = std::make_shared<WordpieceTokenizer>(dir + "/bert-base-uncased-vocab.txt", context_length);
    } else {
      slot = std::make_shared<ClipTokenizer>(dir + "/bpe_simple_vocab_16e6.txt.gz",
                                             kind == "clip_sd1" ? ClipTokenizer::Flavor::HfClip
                                                                : ClipTokenizer::Flavor::OpenClip);
    }
  }
  return slot;
}

at::Tensor encode_batch(const Tokenizer& tokenizer, const std::vector<std::string>& texts,
                        std::vector<TokenizeResult>* results) {
  const int64_t length = tokenizer.context_length();
  at::Tensor ids = at::empty({static_cast<int64_t>(texts.size()), length}, at::kLong);  // [B, L]
  auto acc = ids.accessor<int64_t, 2>();
  if (results) results->clear();
  for (size_t b = 0; b < texts.size(); ++b) {
    TokenizeResult r = tokenizer.encode(texts[b]);
    TORCH_CHECK(static_cast<int64_t>(r.ids.size()) == length, "tokenizer returned ", r.ids.size(), " ids, expected ",
                length);
    for (int64_t i = 0; i < length; ++i) acc[static_cast<int64_t>(b)][i] = r.ids[static_cast<size_t>(i)];
    if (results) results->push_back(std::move(r));
  }
  return ids;
}

}  // namespace ldm
