#include "core/pipelines/embeddings.h"

#include <torch/torch.h>

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/ckpt.h"
#include "core/io/model_identity.h"
#include "core/io/safetensors.h"
#include "core/io/sha256.h"
#include "core/text/tokenizer.h"

namespace fs = std::filesystem;

namespace ldm {
namespace {

bool is_embedding_file(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".pt" || ext == ".safetensors" || ext == ".bin";
}

// The file's tensors: A1111's 'string_to_param' of a .pt, else every tensor at the top of the file.
StateDict embedding_tensors(const std::string& path) {
  if (sniff_checkpoint_format(path) != CheckpointFormat::TorchZip) return load_checkpoint(path);
  try {
    return load_ckpt(path, "string_to_param");
  } catch (const LoadError&) {
  }
  try {
    return load_ckpt(path);  // diffusers: {'<token>': tensor}
  } catch (const LoadError& e) {
    throw LoadError(path + ": not a textual-inversion embedding (no 'string_to_param' and no tensors at the top): " +
                    e.what());
  }
}

}  // namespace

std::vector<std::string> embedding_folders(const std::string& model_dir) {
  std::vector<std::string> dirs = user_folders("LDM_EMBEDDINGS_PATH", "embeddings");
  if (!model_dir.empty()) dirs.push_back(model_dir + "/embeddings");
  return dirs;
}

std::vector<EmbeddingFile> find_embeddings(const std::string& model_dir) {
  std::map<std::string, std::string> by_name;
  for (const auto& dir : embedding_folders(model_dir)) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<fs::path> found;
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it.depth() > 4) it.disable_recursion_pending();  // folders of folders, not a whole disk
      if (it->is_regular_file(ec) && is_embedding_file(it->path())) found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());  // one name twice in a folder: the first path
    for (const auto& p : found) by_name.emplace(p.stem().string(), p.string());
  }
  std::vector<EmbeddingFile> out;
  for (const auto& [name, path] : by_name) out.push_back({name, path});
  return out;
}

EmbeddingFile resolve_embedding(const std::string& name, const std::string& model_dir) {
  std::error_code ec;
  if (name.find('/') != std::string::npos) {
    if (!fs::is_regular_file(name, ec))
      throw RequestError("embedding file " + name + " does not exist", ErrorCode::MissingInput);
    return {fs::path(name).stem().string(), name};
  }
  if (name.empty() || name == "." || name == "..") throw RequestError("embedding name '" + name + "' is not a file name");
  const std::string stem = is_embedding_file(name) ? fs::path(name).stem().string() : name;
  for (const auto& f : find_embeddings(model_dir))
    if (f.name == stem && (stem == name || fs::path(f.path).filename() == name)) return f;
  if (fs::is_regular_file(name, ec)) return {stem, name};  // a file in the working folder
  std::string where;
  for (const auto& d : embedding_folders(model_dir)) where += (where.empty() ? "" : ", ") + d;
  throw RequestError("embedding '" + name + "' not found (looked in " + where + ")", ErrorCode::MissingInput);
}

TextualInversion load_embedding(const std::string& path, const std::string& name) {
  const StateDict sd = embedding_tensors(path);
  if (sd.contains("clip_l") || sd.contains("clip_g"))
    throw LoadError(path + ": an SDXL embedding (clip_l/clip_g vectors); LDM Studio runs Stable Diffusion 1.x and "
                           "2.x, whose embeddings hold one set of vectors");
  const std::vector<std::string> keys = sd.keys();
  if (keys.size() != 1) {
    std::string list;
    for (size_t i = 0; i < keys.size() && i < 4; ++i) list += (i ? ", " : "") + keys[i];
    throw LoadError(path + ": an embedding holds one tensor, this file " + std::to_string(keys.size()) + " (" + list +
                    (keys.size() > 4 ? ", ..." : "") + ")");
  }
  at::Tensor v = sd.get(keys[0], torch::kFloat).detach().to(torch::kCPU, torch::kFloat).contiguous();
  if (v.dim() == 1) v = v.unsqueeze(0);  // diffusers: one vector [dim]
  if (v.dim() != 2 || v.size(0) < 1 || v.size(1) < 1)
    throw LoadError(path + ": '" + keys[0] + "' has shape " + c10::str(v.sizes()) +
                    "; an embedding's vectors are [n, dim]");
  TextualInversion t;
  t.name = name;
  t.path = path;
  t.vectors = v.clone();  // not a view of the mapped file
  t.sha256 = sha256_of_file(path);
  return t;
}

void EmbeddingLibrary::set_files(const std::vector<EmbeddingFile>& files) {
  // A later file replaces an earlier one of its name (the request's own files come last).
  std::vector<EmbeddingFile> unique;
  for (const auto& f : files) {
    auto it = std::find_if(unique.begin(), unique.end(), [&](const EmbeddingFile& u) { return u.name == f.name; });
    if (it != unique.end()) *it = f;
    else unique.push_back(f);
  }
  files_ = std::move(unique);
  ids_.clear();
  ids_kind_.clear();
  loaded_.clear();
  used_.clear();
}

std::vector<PromptEmbedding> EmbeddingLibrary::prepare(const Tokenizer& tokenizer, const std::vector<std::string>& prompts) {
  if (ids_kind_ != tokenizer.kind()) {
    ids_.clear();
    for (const auto& f : files_) ids_.push_back(tokenizer.tokenize(f.name));  // the web UI matches the tokenized name
    ids_kind_ = tokenizer.kind();
  }
  std::vector<PromptEmbedding> list(files_.size());
  for (size_t i = 0; i < files_.size(); ++i) {
    list[i].ids = ids_[i];
    const auto it = loaded_.find(i);
    list[i].vectors = it == loaded_.end() ? 1 : it->second->vectors.size(0);
  }
  if (files_.empty()) return list;
  // Which names the prompts hold (the vector counts do not change where a name matches).
  std::vector<size_t> named;
  for (const auto& p : prompts)
    for (const auto& chunk : chunk_weighted_prompt(tokenizer, p, list).chunks)
      for (const auto& fix : chunk.fixes)
        if (std::find(named.begin(), named.end(), fix.embedding) == named.end()) named.push_back(fix.embedding);
  // Read them all before any is used, so that one bad file leaves nothing half applied.
  std::map<size_t, std::shared_ptr<const TextualInversion>> read;
  for (size_t i : named) {
    if (loaded_.count(i)) continue;
    const EmbeddingFile& f = files_[i];
    const std::string stamp = file_stamp(f.path);
    auto cached = cache_.find(f.path);
    std::shared_ptr<const TextualInversion> t;
    if (cached != cache_.end() && cached->second.first == stamp && cached->second.second->name == f.name) {
      t = cached->second.second;
    } else {
      t = std::make_shared<const TextualInversion>(load_embedding(f.path, f.name));
      cache_[f.path] = {stamp, t};
    }
    if (t->vectors.size(1) != dim_)
      throw LoadError("embedding " + f.path + " has vectors of " + std::to_string(t->vectors.size(1)) +
                      " values, this model's text encoder takes " + std::to_string(dim_) +
                      " (an embedding made for another model family: SD 1.x 768, SD 2.x 1024)");
    if (t->vectors.size(0) > tokenizer.max_content_tokens())
      throw LoadError("embedding " + f.path + " has " + std::to_string(t->vectors.size(0)) +
                      " vectors, more than a prompt chunk holds (" + std::to_string(tokenizer.max_content_tokens()) + ")");
    read[i] = t;
  }
  loaded_.insert(read.begin(), read.end());
  for (size_t i : named) {
    list[i].vectors = loaded_.at(i)->vectors.size(0);
    if (std::find(used_.begin(), used_.end(), i) == used_.end()) used_.push_back(i);
  }
  return list;
}

const TextualInversion& EmbeddingLibrary::embedding(size_t index) const {
  const auto it = loaded_.find(index);
  TORCH_CHECK(it != loaded_.end(), "EmbeddingLibrary::embedding: not read by prepare()");
  return *it->second;
}

}  // namespace ldm
