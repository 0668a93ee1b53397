#include "core/io/ckpt.h"

#include <cstring>
#include <map>

#include "core/error.h"
#include "core/io/mapped_file.h"
#include "core/io/pickle.h"
#include "core/io/zip_archive.h"

namespace ldm {

namespace {

constexpr uint64_t kMaxPickleBytes = 512ull << 20;

bool is_legacy_torch_save(const MappedFile& f) {
  // pickle protocol 2 followed by LONG1 of the legacy magic number 0x1950a86a20f9469cfc6c
  static const uint8_t kMagic[] = {0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};
  return f.size() >= sizeof kMagic && std::memcmp(f.data(), kMagic, sizeof kMagic) == 0;
}

bool has_tensor_values(PyRef d) {
  if (!d || !d->is(PyValue::Kind::Dict)) return false;
  for (const auto& kv : d->dict) {
    if (kv.second->is(PyValue::Kind::Tensor)) return true;
  }
  return false;
}

}  // namespace

namespace {

StateDict load_ckpt_dict(const std::string& path, const std::string* dict_key) {
  auto file = MappedFile::open(path);
  if (is_legacy_torch_save(*file)) {
    throw LoadError(path + ": legacy (pre-PyTorch 1.6) torch.save format is not supported; re-save it with a current "
                           "PyTorch or convert it to .safetensors");
  }
  if (!ZipArchive::looks_like_zip(file->data(), file->size())) {
    throw LoadError(path + ": not a PyTorch checkpoint (no zip signature; wrong file or truncated download?)");
  }
  ZipArchive zip(file);
  const ZipArchive::Entry* pkl = zip.find_suffix("data.pkl");
  if (pkl == nullptr) throw LoadError(path + ": zip archive has no data.pkl, so it is not a torch.save checkpoint");
  const std::string prefix = pkl->name.substr(0, pkl->name.size() - std::string("data.pkl").size());
  auto pickled = unpickle(zip.read(*pkl, kMaxPickleBytes), path);

  PyRef root = pickled->root;
  PyRef dict = nullptr;
  if (dict_key) {
    dict = root->get(*dict_key);
    if (!has_tensor_values(dict)) throw LoadError(path + ": the file holds no '" + *dict_key + "' with tensors");
  } else {
    for (const char* key : {"state_dict", "model", "module"}) {
      PyRef candidate = root->get(key);
      if (has_tensor_values(candidate)) { dict = candidate; break; }
    }
    if (dict == nullptr && has_tensor_values(root)) dict = root;
  }
  if (dict == nullptr) throw LoadError(path + ": checkpoint holds no state dict (no 'state_dict' with tensors)");

  // Storage key -> zip entry, resolved once per storage.
  std::map<std::string, const ZipArchive::Entry*> storages;
  for (const auto& e : zip.entries()) {
    if (e.name.compare(0, prefix.size() + 5, prefix + "data/") == 0) storages[e.name.substr(prefix.size() + 5)] = &e;
  }

  StateDict out;
  for (const auto& kv : dict->dict) {
    if (!kv.first->is(PyValue::Kind::Str) || !kv.second->is(PyValue::Kind::Tensor)) continue;
    const std::string& name = kv.first->s;
    const PyValue& t = *kv.second;
    const PyValue& s = *t.storage;
    auto it = storages.find(s.key);
    if (it == storages.end()) throw LoadError(path + ": tensor '" + name + "' refers to missing storage " + s.key + " (truncated?)");
    const ZipArchive::Entry& entry = *it->second;
    if (entry.method != 0) throw LoadError(path + ": tensor '" + name + "' is stored compressed, which torch.save never does");
    const uint64_t esize = dtype_size(s.dtype);
    if (static_cast<uint64_t>(s.numel) > entry.size / esize) {
      throw LoadError(path + ": storage of tensor '" + name + "' is shorter than its declared " + std::to_string(s.numel) +
                      " elements (truncated?)");
    }
    // The view must stay inside the storage: offset + sum((size-1)*stride) < numel.
    TensorInfo info;
    info.dtype = s.dtype;
    info.shape = t.sizes;
    bool empty = false;
    unsigned __int128 last = static_cast<unsigned __int128>(t.storage_offset);
    for (size_t d = 0; d < t.sizes.size(); ++d) {
      if (t.sizes[d] == 0) empty = true;
      if (t.sizes[d] > 0) last += static_cast<unsigned __int128>(t.sizes[d] - 1) * static_cast<uint64_t>(t.strides[d]);
    }
    if (!empty && last >= static_cast<unsigned __int128>(s.numel)) {
      throw LoadError(path + ": tensor '" + name + "' reaches outside its storage");
    }
    StateDict::MappedSource src;
    src.file = file;
    src.offset = entry.data_offset;
    src.storage_bytes = static_cast<size_t>(s.numel) * esize;
    src.storage_offset = t.storage_offset;
    // Contiguous views are read as a flat slice; others keep their strides.
    bool contiguous = true;
    int64_t expected = 1;
    for (size_t d = t.sizes.size(); d-- > 0;) {
      if (t.sizes[d] != 1 && t.strides[d] != expected) contiguous = false;
      expected *= t.sizes[d];
    }
    if (!contiguous) src.strides = t.strides;
    out.add_mapped(name, std::move(info), std::move(src));
  }
  if (PyRef step = root->get("global_step"); step && step->is(PyValue::Kind::Int)) {
    out.metadata["global_step"] = std::to_string(step->i);
  }
  out.metadata["format"] = "ckpt";
  out.metadata["source"] = path;
  return out;
}

}  // namespace

StateDict load_ckpt(const std::string& path) { return load_ckpt_dict(path, nullptr); }

StateDict load_ckpt(const std::string& path, const std::string& dict_key) { return load_ckpt_dict(path, &dict_key); }

}  // namespace ldm
