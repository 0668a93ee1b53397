#include "core/text/prompt_weighting.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <regex>

#include "core/error.h"
#include "core/text/clip_tokenizer.h"

namespace ldm {
namespace {

constexpr double kRoundMultiplier = 1.1;
constexpr double kSquareMultiplier = 1.0 / 1.1;
constexpr size_t kChunkLength = 75;      // content tokens per chunk
constexpr size_t kCommaBacktrack = 20;   // the web UI's "comma padding backtrack" default

// Python's float() on the [+-]?[.\d]+ the pattern admits; false for "." or "1.2.3".
bool parse_weight(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

// re.split(r"\s*\bBREAK\b\s*", text): every piece, empty ones included.
std::vector<std::string> split_on_break(const std::string& text) {
  static const std::regex re_break(R"(\s*\bBREAK\b\s*)");
  std::vector<std::string> parts;
  auto begin = text.cbegin();
  std::smatch m;
  while (std::regex_search(begin, text.cend(), m, re_break)) {
    if (m.length(0) == 0) break;  // cannot happen (BREAK is in every match); guards an endless loop
    parts.emplace_back(begin, m[0].first);
    begin = m[0].second;
  }
  parts.emplace_back(begin, text.cend());
  return parts;
}

}  // namespace

std::vector<WeightedText> parse_prompt_weights(const std::string& prompt) {
  // Alternatives in the web UI's order; ECMAScript, like Python's re, takes the first that matches.
  static const std::regex re_attention(
      R"(\\\(|\\\)|\\\[|\\\]|\\\\|\\|\(|\[|:\s*([+-]?[.\d]+)\s*\)|\)|\]|[^\\()\[\]:]+|:)");
  std::vector<WeightedText> res;
  std::vector<size_t> round, square;
  auto multiply_range = [&res](size_t start, double m) {
    for (size_t p = start; p < res.size(); ++p) res[p].weight *= m;
  };
  for (auto it = std::sregex_iterator(prompt.begin(), prompt.end(), re_attention); it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    const std::string text = m.str(0);
    double weight = 0;
    if (text[0] == '\\') {
      res.push_back({text.substr(1), 1.0});
    } else if (text == "(") {
      round.push_back(res.size());
    } else if (text == "[") {
      square.push_back(res.size());
    } else if (m[1].matched && !round.empty() && parse_weight(m.str(1), &weight)) {
      multiply_range(round.back(), weight);
      round.pop_back();
    } else if (text == ")" && !round.empty()) {
      multiply_range(round.back(), kRoundMultiplier);
      round.pop_back();
    } else if (text == "]" && !square.empty()) {
      multiply_range(square.back(), kSquareMultiplier);
      square.pop_back();
    } else {
      const auto parts = split_on_break(text);
      for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) res.push_back({"BREAK", -1.0});
        res.push_back({parts[i], 1.0});
      }
    }
  }
  // Unbalanced brackets close at the end.
  for (size_t pos : round) multiply_range(pos, kRoundMultiplier);
  for (size_t pos : square) multiply_range(pos, kSquareMultiplier);
  if (res.empty()) res.push_back({"", 1.0});
  for (size_t i = 0; i + 1 < res.size();) {
    if (res[i].weight == res[i + 1].weight) {
      res[i].text += res[i + 1].text;
      res.erase(res.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    } else {
      ++i;
    }
  }
  return res;
}

bool WeightedPrompt::weighted() const {
  for (const auto& c : chunks)
    for (double m : c.multipliers)
      if (m != 1.0) return true;
  return false;
}

WeightedPrompt chunk_weighted_prompt(const Tokenizer& tokenizer, const std::string& prompt,
                                     const std::vector<PromptEmbedding>& embeddings) {
  const auto* clip = dynamic_cast<const ClipTokenizer*>(&tokenizer);
  if (!clip || tokenizer.context_length() != static_cast<int64_t>(kChunkLength + 2))
    throw RequestError("prompt weighting needs a CLIP tokenizer with a 77-token context");
  const int64_t bos = clip->sot_id(), eos = clip->eot_id(), pad = clip->pad_id();
  const std::vector<int64_t> comma_ids = tokenizer.tokenize(",");
  const int64_t comma = comma_ids.size() == 1 ? comma_ids[0] : -1;
  // The embeddings by the first id of their name, longest name first (a stable sort keeps the given
  // order among names of one length).
  std::map<int64_t, std::vector<size_t>> by_first_id;
  for (size_t e = 0; e < embeddings.size(); ++e)
    if (!embeddings[e].ids.empty()) by_first_id[embeddings[e].ids[0]].push_back(e);
  for (auto& [id, list] : by_first_id)
    std::stable_sort(list.begin(), list.end(), [&](size_t a, size_t b) {
      return embeddings[a].ids.size() > embeddings[b].ids.size();
    });
  auto embedding_at = [&](const std::vector<int64_t>& tokens, size_t position) -> long {
    const auto it = by_first_id.find(tokens[position]);
    if (it == by_first_id.end()) return -1;
    for (size_t e : it->second) {
      const auto& ids = embeddings[e].ids;
      if (position + ids.size() <= tokens.size() &&
          std::equal(ids.begin(), ids.end(), tokens.begin() + static_cast<std::ptrdiff_t>(position)))
        return static_cast<long>(e);
    }
    return -1;
  };

  WeightedPrompt out;
  PromptChunk chunk;
  long last_comma = -1;
  auto next_chunk = [&](bool is_last) {
    out.token_count += is_last ? static_cast<int64_t>(chunk.tokens.size()) : static_cast<int64_t>(kChunkLength);
    chunk.tokens.resize(kChunkLength, eos);
    chunk.multipliers.resize(kChunkLength, 1.0);
    chunk.tokens.insert(chunk.tokens.begin(), bos);
    chunk.multipliers.insert(chunk.multipliers.begin(), 1.0);
    for (auto& fix : chunk.fixes) ++fix.offset;  // past the BOS
    chunk.tokens.push_back(eos);
    chunk.multipliers.push_back(1.0);
    if (pad != eos) {  // open_clip: everything after the first EOS is 0
      bool seen = false;
      for (auto& t : chunk.tokens) {
        if (seen) t = pad;
        else if (t == eos) seen = true;
      }
    }
    out.chunks.push_back(std::move(chunk));
    chunk = PromptChunk{};
    last_comma = -1;
  };

  for (const WeightedText& fragment : parse_prompt_weights(prompt)) {
    if (fragment.is_break()) {
      next_chunk(false);
      continue;
    }
    const std::vector<int64_t> tokens = tokenizer.tokenize(fragment.text);
    for (size_t position = 0; position < tokens.size();) {
      const int64_t token = tokens[position];
      if (token == comma) {
        last_comma = static_cast<long>(chunk.tokens.size());
      } else if (chunk.tokens.size() == kChunkLength && last_comma != -1 &&
                 chunk.tokens.size() - static_cast<size_t>(last_comma) <= kCommaBacktrack) {
        // A full chunk: the words after its last comma move on to the next one (with any embedding
        // among them, which the web UI would leave behind).
        const size_t at = static_cast<size_t>(last_comma) + 1;
        std::vector<int64_t> moved_tokens(chunk.tokens.begin() + static_cast<std::ptrdiff_t>(at), chunk.tokens.end());
        std::vector<double> moved_mults(chunk.multipliers.begin() + static_cast<std::ptrdiff_t>(at),
                                        chunk.multipliers.end());
        std::vector<EmbeddingFix> kept, moved;
        for (const auto& fix : chunk.fixes) {
          if (fix.offset >= at) moved.push_back({fix.offset - at, fix.embedding});
          else kept.push_back(fix);
        }
        chunk.tokens.resize(at);
        chunk.multipliers.resize(at);
        chunk.fixes = std::move(kept);
        next_chunk(false);
        chunk.tokens = std::move(moved_tokens);
        chunk.multipliers = std::move(moved_mults);
        chunk.fixes = std::move(moved);
      }
      if (chunk.tokens.size() == kChunkLength) next_chunk(false);
      const long e = embedding_at(tokens, position);
      if (e < 0) {
        chunk.tokens.push_back(token);
        chunk.multipliers.push_back(fragment.weight);
        ++position;
        continue;
      }
      const PromptEmbedding& emb = embeddings[static_cast<size_t>(e)];
      const size_t n = static_cast<size_t>(std::max<int64_t>(emb.vectors, 0));
      if (n > kChunkLength)
        throw RequestError("an embedding of " + std::to_string(n) + " vectors does not fit in a chunk of " +
                           std::to_string(kChunkLength) + " tokens");
      if (chunk.tokens.size() + n > kChunkLength) next_chunk(false);
      chunk.fixes.push_back({chunk.tokens.size(), static_cast<size_t>(e)});
      chunk.tokens.insert(chunk.tokens.end(), n, 0);
      chunk.multipliers.insert(chunk.multipliers.end(), n, fragment.weight);
      position += emb.ids.size();
    }
  }
  if (!chunk.tokens.empty() || out.chunks.empty()) next_chunk(true);
  return out;
}

}  // namespace ldm
