#include "core/io/model_identity.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/model_loader.h"
#include "core/io/sha256.h"
#include "core/runtime/resources.h"

namespace fs = std::filesystem;

namespace ldm {
namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

std::string home() { return env_or("HOME", "/tmp"); }

fs::path cache_file() { return fs::path(env_or("XDG_CACHE_HOME", home() + "/.cache")) / "ldm-studio" / "model-hashes.json"; }

// The file whose bytes identify the model at `path`.
std::string weights_file_of(const std::string& path) {
  const ModelFiles files = resolve_model_files(path);
  if (!files.diffusers) return files.weights;
  for (const char* name : {"diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors",
                           "diffusion_pytorch_model.bin", "diffusion_pytorch_model.fp16.bin"}) {
    const fs::path p = fs::path(files.weights) / "unet" / name;
    if (fs::is_regular_file(p)) return p.string();
  }
  throw LoadError(path + ": no UNet weights in the diffusers folder");
}

std::string name_of(const std::string& path) {
  fs::path p(path);
  if (p.filename().empty()) p = p.parent_path();  // "folder/"
  std::string name = p.filename().string();
  if (name == "model.safetensors" || name == "model.ckpt") name = p.parent_path().filename().string();
  return name;
}

std::mutex cache_mutex;

nlohmann::json read_cache() {
  std::ifstream in(cache_file());
  if (!in) return nlohmann::json::object();
  try {
    nlohmann::json cache = nlohmann::json::parse(in);
    return cache.is_object() ? cache : nlohmann::json::object();
  } catch (const nlohmann::json::exception&) {
    return nlohmann::json::object();  // a damaged cache is rebuilt
  }
}

}  // namespace

std::string file_stamp(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  const auto mtime = fs::last_write_time(path, ec).time_since_epoch().count();
  return std::to_string(size) + ":" + std::to_string(mtime);
}

namespace {

// `model` is the model's path as given (a folder for model folders), kept so that a hash leads back to it.
std::string cached_sha256(const std::string& file, const std::string& model) {
  std::error_code ec;
  const std::string key = fs::absolute(file, ec).lexically_normal().string();
  const auto size = fs::file_size(file, ec);
  const auto mtime = static_cast<long long>(fs::last_write_time(file, ec).time_since_epoch().count());
  const std::string model_abs = fs::absolute(model, ec).lexically_normal().string();
  std::lock_guard<std::mutex> lock(cache_mutex);
  nlohmann::json cache = read_cache();
  const auto it = cache.find(key);
  if (it != cache.end() && it->is_object() && it->value("size", -1LL) == static_cast<long long>(size) &&
      it->value("mtime", 0LL) == mtime && it->value("sha256", std::string()).size() == 64 &&
      it->value("model", std::string()) == model_abs)
    return (*it)["sha256"].get<std::string>();
  const std::string hash = it != cache.end() && it->is_object() && it->value("size", -1LL) == static_cast<long long>(size) &&
                                   it->value("mtime", 0LL) == mtime && it->value("sha256", std::string()).size() == 64
                               ? (*it)["sha256"].get<std::string>()
                               : sha256_of_file(file);
  cache[key] = {{"size", static_cast<long long>(size)}, {"mtime", mtime}, {"sha256", hash}, {"model", model_abs}};
  try {  // the cache is an optimisation: a read-only home only costs the next read
    fs::create_directories(cache_file().parent_path(), ec);
    const std::string text = cache.dump(1);
    AtomicFile out(cache_file().string(), true);
    out.write(text.data(), text.size());
    out.commit();
  } catch (const std::exception&) {
  }
  return hash;
}

// Files and folders in `dir` and its subfolders that could be models.
std::vector<fs::path> candidates_in(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    out.push_back(e.path());
    if (e.is_directory(ec))
      for (const auto& sub : fs::directory_iterator(e.path(), ec)) out.push_back(sub.path());
  }
  return out;
}

bool is_checkpoint_file(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".safetensors" || ext == ".ckpt" || ext == ".pt";
}

}  // namespace

std::string ModelRef::a1111_name() const {
  for (const char* ext : {".safetensors", ".ckpt", ".pt"}) {
    const std::string e(ext);
    if (name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0) return name.substr(0, name.size() - e.size());
  }
  return name;
}

std::string model_name_of(const std::string& path) { return name_of(path); }

ModelRef model_ref(const std::string& path) { return {name_of(path), cached_sha256(weights_file_of(path), path)}; }

std::vector<std::string> user_folders(const char* env_var, const std::string& kind) {
  std::vector<std::string> dirs;
  const std::string env = env_or(env_var, "");
  size_t start = 0;
  while (start <= env.size()) {
    const size_t colon = env.find(':', start);
    const std::string d = env.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (!d.empty()) dirs.push_back(d);
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  dirs.push_back(env_or("XDG_DATA_HOME", home() + "/.local/share") + "/ldm-studio/" + kind);
  return dirs;
}

std::vector<std::string> model_folders() {
  std::vector<std::string> dirs = user_folders("LDM_MODEL_PATH", "models");
  try {
    dirs.push_back(resources_dir() + "/models");
  } catch (const LoadError&) {
  }
  return dirs;
}

namespace {

// What find_model found, per (name, hash), for this process: the GUI reads every picture of its history
// folder at start-up, mostly naming the same few models, and each search reads the hash cache and may
// scan and hash the model folders.
struct Found {
  std::string path, how;
};
std::mutex found_mutex;
std::map<std::string, Found> found_models;

std::string find_model_uncached(const ModelRef& ref, std::string* how, const std::vector<std::string>& extra_folders);

}  // namespace

std::string find_model(const ModelRef& ref, std::string* how, const std::vector<std::string>& extra_folders) {
  if (ref.name.empty() || ref.name.find('/') != std::string::npos || ref.name == "." || ref.name == "..")
    throw RequestError("the picture names its model as '" + ref.name + "', which is not a model name: give --model");
  // Keyed by everything the search reads, so that other folders or another hash cache search again.
  std::string key = ref.name + '\n' + ref.sha256 + '\n' + cache_file().string();
  for (const auto& d : extra_folders) key += '\n' + d;
  for (const auto& d : model_folders()) key += '\n' + d;
  {
    std::lock_guard<std::mutex> lock(found_mutex);
    const auto it = found_models.find(key);
    std::error_code ec;
    if (it != found_models.end() && fs::exists(it->second.path, ec)) {
      if (how) *how = it->second.how;
      return it->second.path;
    }
  }
  Found f;
  f.path = find_model_uncached(ref, &f.how, extra_folders);  // throws when nothing matches (not remembered)
  if (how) *how = f.how;
  std::lock_guard<std::mutex> lock(found_mutex);
  found_models[key] = f;
  return f.path;
}

namespace {

// Whether a model's full SHA-256 is the one a picture records: the whole hash (LDM Studio), or the
// web UI's "Model hash", its first 10 hex digits.
bool same_hash(const std::string& full, const std::string& recorded) {
  if (recorded.size() == 10) return full.compare(0, 10, recorded) == 0;
  return full == recorded;
}

std::string find_model_uncached(const ModelRef& ref, std::string* how, const std::vector<std::string>& extra_folders) {
  std::vector<std::string> dirs = extra_folders;
  for (const auto& d : model_folders()) dirs.push_back(d);
  std::vector<fs::path> all;
  for (const auto& d : dirs)
    for (const auto& c : candidates_in(d)) all.push_back(c);
  // In the model folders (this installation's bundled models among them) by name, checked by hash: a
  // copy of the same bytes elsewhere (another checkout, a backup) is not preferred to these.
  for (const auto& c : all) {
    // The web UI names a model without its extension ("v1-5-pruned-emaonly").
    const std::string name = name_of(c.string());
    if (name != ref.name && c.filename().string() != ref.name && ModelRef{name, ""}.a1111_name() != ref.name) continue;
    try {
      const ModelRef found = model_ref(c.string());
      if (ref.sha256.empty() || same_hash(found.sha256, ref.sha256)) {
        if (how) *how = c.string() + (ref.sha256.empty() ? " (by name; the picture records no hash)" : " (name and hash match)");
        return c.string();
      }
    } catch (const LoadError&) {
    }
  }
  // Elsewhere: a model this machine has named before (every picture's model is hashed when it is saved).
  if (!ref.sha256.empty()) {
    nlohmann::json cache;
    {
      std::lock_guard<std::mutex> lock(cache_mutex);
      cache = read_cache();
    }
    for (const auto& [file, e] : cache.items()) {
      if (!e.is_object() || !same_hash(e.value("sha256", std::string()), ref.sha256)) continue;
      std::error_code ec;
      const std::string model = e.value("model", std::string());
      if (model.empty() || !fs::exists(model, ec) || !fs::is_regular_file(file, ec) ||
          static_cast<long long>(fs::file_size(file, ec)) != e.value("size", -1LL))
        continue;
      try {
        if (same_hash(model_ref(model).sha256, ref.sha256)) {
          if (how) *how = model + " (hash matches a model used on this machine)";
          return model;
        }
      } catch (const LoadError&) {
      }
    }
  }
  // By hash alone (renamed files).
  if (!ref.sha256.empty()) {
    for (const auto& c : all) {
      std::error_code ec;
      if (!(is_checkpoint_file(c) && fs::is_regular_file(c, ec)) && !fs::is_directory(c, ec)) continue;
      try {
        if (same_hash(model_ref(c.string()).sha256, ref.sha256)) {
          if (how) *how = c.string() + " (hash matches; named '" + ref.name + "' in the picture)";
          return c.string();
        }
      } catch (const LoadError&) {
      }
    }
  }
  std::string where;
  for (const auto& d : dirs) where += (where.empty() ? "" : ", ") + d;
  throw RequestError("model '" + ref.name + "'" + (ref.sha256.empty() ? "" : " (hash " + ref.a1111_hash() + ")") +
                         " not found in " + where + ": give --model, or put it in one of those folders",
                     ErrorCode::NoModel);
}

}  // namespace

}  // namespace ldm
