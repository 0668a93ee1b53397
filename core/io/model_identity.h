#pragma once
// How a shared picture names its model: a name and a content hash, never a path (a PNG must not tell
// where on the author's disk the model lives; A1111 writes "Model: NAME, Model hash: first 10 hex of
// SHA-256"). find_model() goes back from that to a file on this machine. Torch-free.
#include <string>
#include <vector>

namespace ldm {

struct ModelRef {
  std::string name;    // the file's name; a model folder's (or diffusers folder's) name
  std::string sha256;  // of the weights file (diffusers: the UNet's); empty when unknown
  std::string a1111_name() const;  // the name without .safetensors/.ckpt/.pt
  std::string a1111_hash() const { return sha256.substr(0, 10); }
};

// The name and hash of the model at `path` (file or folder). Hashes are kept in
// ${XDG_CACHE_HOME:-~/.cache}/ldm-studio/model-hashes.json by path, size and modification time, so a
// large checkpoint is read once. LoadError when the weights cannot be read.
ModelRef model_ref(const std::string& path);
// What tells that a file's contents may have changed since it was last read: its size and
// modification time ("size:mtime"; empty parts when it cannot be read). For in-process caches.
std::string file_stamp(const std::string& path);

// The name part alone (no file is read).
std::string model_name_of(const std::string& path);

// The user's folders of one kind of file, in order: $`env_var` (':'-separated), then
// ${XDG_DATA_HOME:-~/.local/share}/ldm-studio/`kind`. Models, LoRAs and embeddings are found this way.
std::vector<std::string> user_folders(const char* env_var, const std::string& kind);

// Where find_model() looks, in order: $LDM_MODEL_PATH (':'-separated), ${XDG_DATA_HOME:-~/.local/
// share}/ldm-studio/models, then the bundled models (resources/models), each with one level of subfolders.
std::vector<std::string> model_folders();

// The model `ref` names: a file or folder called ref.name in `extra_folders` + model_folders() whose
// hash matches (or any, when ref has no hash); failing that, a model elsewhere that this machine used
// before with that hash (the hash cache); then any checkpoint in those folders with the same hash.
// `how` (optional) says which was used and why. RequestError listing the folders when nothing matches.
std::string find_model(const ModelRef& ref, std::string* how = nullptr,
                       const std::vector<std::string>& extra_folders = {});

}  // namespace ldm
