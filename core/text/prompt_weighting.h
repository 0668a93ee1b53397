#pragma once
// Prompt weighting and long prompts as the AUTOMATIC1111 web UI reads them (its default "Original"
// emphasis; tests/data/sd1-tiny/README-weights.md states the algorithm): `(text)` x1.1, `[text]` /1.1,
// `(text:w)` xw, nesting multiplies, `\(` `\)` `\[` `\]` `\\` literal, BREAK ends a chunk; prompts
// of any length in chunks of 75 tokens, each [BOS] + 75 + [EOS]. Used for the CLIP text encoders
// (Stable Diffusion); the CompVis BERT model reads its prompt as its own code does. Torch-free: the
// GUI counts chunks with it.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ldm {

class Tokenizer;

// A fragment of the prompt with its weight; the weight -1 marks a BREAK.
struct WeightedText {
  std::string text;
  double weight = 1.0;
  bool is_break() const { return weight == -1.0 && text == "BREAK"; }
};

// parse_prompt_attention: fragments in order, runs of equal weight merged; "" gives one empty fragment.
std::vector<WeightedText> parse_prompt_weights(const std::string& prompt);

// One encoder call's worth: context_length() ids ([BOS] + 75 + [EOS], padded) and a weight per id.
struct PromptChunk {
  std::vector<int64_t> tokens;
  std::vector<double> multipliers;
};

struct WeightedPrompt {
  std::vector<PromptChunk> chunks;
  int64_t token_count = 0;  // content tokens, as the web UI counts them
  bool weighted() const;    // some multiplier differs from 1
};

// Parses and splits `prompt` into chunks for a CLIP tokenizer (clip_sd1 or clip_sd2; the latter pads
// with 0 after the first EOS as open_clip does). Throws RequestError for other tokenizers.
WeightedPrompt chunk_weighted_prompt(const Tokenizer& tokenizer, const std::string& prompt);

}  // namespace ldm
