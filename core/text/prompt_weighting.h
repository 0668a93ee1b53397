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

// A textual-inversion embedding as the prompt reader sees it (core/pipelines/embeddings.h): the tokens of
// its name, matched as a whole sequence inside one fragment of equal weight (the web UI's
// find_embedding_at_position, longest name first), and how many vectors take their place.
struct PromptEmbedding {
  std::vector<int64_t> ids;
  int64_t vectors = 1;
};

// Where an embedding's vectors go: positions offset .. offset + vectors - 1 of the chunk (offset counts
// the chunk's BOS); `embedding` indexes the list given to chunk_weighted_prompt.
struct EmbeddingFix {
  size_t offset = 0;
  size_t embedding = 0;
};

// One encoder call's worth: context_length() ids ([BOS] + 75 + [EOS], padded) and a weight per id. An
// embedding's positions hold id 0 (as the web UI's) and its weight; its vectors never straddle two chunks.
struct PromptChunk {
  std::vector<int64_t> tokens;
  std::vector<double> multipliers;
  std::vector<EmbeddingFix> fixes;
};

struct WeightedPrompt {
  std::vector<PromptChunk> chunks;
  int64_t token_count = 0;  // content tokens, as the web UI counts them
  bool weighted() const;    // some multiplier differs from 1
};

// Parses and splits `prompt` into chunks for a CLIP tokenizer (clip_sd1 or clip_sd2; the latter pads
// with 0 after the first EOS as open_clip does). Names of `embeddings` found in the text are replaced by
// their vectors' positions (an embedding that would not fit in the chunk starts the next one, as in the
// web UI). Throws RequestError for other tokenizers.
WeightedPrompt chunk_weighted_prompt(const Tokenizer& tokenizer, const std::string& prompt,
                                     const std::vector<PromptEmbedding>& embeddings = {});

}  // namespace ldm
