#pragma once
// Textual-inversion embeddings as the AUTOMATIC1111 web UI uses them (Stable Diffusion 1.x: CLIP ViT-L,
// 2.x: OpenCLIP): an embedding's n vectors [n, dim] take the place of its name in a prompt, in the text
// encoder's token embeddings (before the position embeddings), at the weight the prompt gives the name
// (core/text/prompt_weighting.h places them; encode_prompts in pipelines.h applies them). The name is
// the file's name without its extension. Files, recognised by their contents as the web UI does:
//  - A1111 .pt: torch.save of {'string_to_param': {'*': [n, dim]}, 'name', 'step', ...}, read with the
//    safe unpickler (core/io/ckpt.h);
//  - .safetensors with one tensor ('emb_params' [n, dim]) and diffusers .bin ({'<token>': [dim]});
//  - SDXL embeddings ('clip_l' + 'clip_g') are refused: LDM Studio runs no SDXL model.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/text/prompt_weighting.h"

namespace ldm {

class Tokenizer;

struct EmbeddingFile {
  std::string name;  // the file name without extension: what a prompt writes
  std::string path;
};

// The folders searched for embeddings, in order: $LDM_EMBEDDINGS_PATH (':'-separated),
// ${XDG_DATA_HOME:-~/.local/share}/ldm-studio/embeddings, and embeddings/ beside the model's weights.
std::vector<std::string> embedding_folders(const std::string& model_dir);
// The .pt, .safetensors and .bin files in those folders and their subfolders, sorted by name; of two
// files with one name, the earlier folder's. Torch-free (the GUI lists them).
std::vector<EmbeddingFile> find_embeddings(const std::string& model_dir);
// A file given by path (CLI --embedding), or a bare file name (a picture records names) looked up in the
// folders with or without its extension. RequestError naming the folders when there is none.
EmbeddingFile resolve_embedding(const std::string& name_or_path, const std::string& model_dir);

struct TextualInversion {
  std::string name;
  std::string path;
  at::Tensor vectors;  // [n, dim] float32, CPU
  std::string sha256;  // of the file (A1111's "TI hashes" write its first 10 hex digits)
};
// LoadError naming the file when it cannot be read or holds no embedding (no tensor, several, SDXL).
TextualInversion load_embedding(const std::string& path, const std::string& name);

// The embeddings a model's prompts may name; a file is read when a prompt first names it and kept
// while it is unchanged.
class EmbeddingLibrary {
 public:
  // `dim`: the width of the text encoder's token embeddings (768 SD 1.x, 1024 SD 2.x).
  explicit EmbeddingLibrary(int64_t dim) : dim_(dim) {}
  int64_t dim() const { return dim_; }
  // The files a request may use; forgets what was used. Later files win over earlier ones of one name.
  void set_files(const std::vector<EmbeddingFile>& files);
  const std::vector<EmbeddingFile>& files() const { return files_; }
  // Reads the embeddings `prompts` name and returns the list chunk_weighted_prompt takes (by index of
  // files()). LoadError naming the file and both widths for an embedding of another width (made for
  // another model family): then nothing is used.
  std::vector<PromptEmbedding> prepare(const Tokenizer& tokenizer, const std::vector<std::string>& prompts);
  const TextualInversion& embedding(size_t index) const;  // one that prepare() read
  // Indices of the embeddings the prompts named since set_files(), in order of first use.
  const std::vector<size_t>& used() const { return used_; }

 private:
  int64_t dim_;
  std::vector<EmbeddingFile> files_;
  std::vector<std::vector<int64_t>> ids_;  // tokenized names, for ids_kind_
  std::string ids_kind_;
  std::map<size_t, std::shared_ptr<const TextualInversion>> loaded_;  // by index of files_
  std::map<std::string, std::pair<std::string, std::shared_ptr<const TextualInversion>>> cache_;  // path -> (stamp, data)
  std::vector<size_t> used_;
};

}  // namespace ldm
