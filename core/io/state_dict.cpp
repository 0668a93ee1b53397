#include "core/io/state_dict.h"

#include <cstring>

#include "core/error.h"
#include "core/io/mapped_file.h"

namespace ldm {

namespace {

c10::ScalarType to_scalar_type(DType t) {
  switch (t) {
    case DType::F64: return c10::ScalarType::Double;
    case DType::F32: return c10::ScalarType::Float;
    case DType::F16: return c10::ScalarType::Half;
    case DType::BF16: return c10::ScalarType::BFloat16;
    case DType::I64: return c10::ScalarType::Long;
    case DType::I32: return c10::ScalarType::Int;
    case DType::I16: return c10::ScalarType::Short;
    case DType::I8: return c10::ScalarType::Char;
    case DType::U8: return c10::ScalarType::Byte;
    case DType::Bool: return c10::ScalarType::Bool;
  }
  return c10::ScalarType::Float;
}

DType from_scalar_type(c10::ScalarType t) {
  switch (t) {
    case c10::ScalarType::Double: return DType::F64;
    case c10::ScalarType::Float: return DType::F32;
    case c10::ScalarType::Half: return DType::F16;
    case c10::ScalarType::BFloat16: return DType::BF16;
    case c10::ScalarType::Long: return DType::I64;
    case c10::ScalarType::Int: return DType::I32;
    case c10::ScalarType::Short: return DType::I16;
    case c10::ScalarType::Char: return DType::I8;
    case c10::ScalarType::Byte: return DType::U8;
    case c10::ScalarType::Bool: return DType::Bool;
    default: throw Error(std::string("unsupported tensor dtype ") + c10::toString(t));
  }
}

}  // namespace

int64_t TensorInfo::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

void StateDict::add_mapped(const std::string& name, TensorInfo info, MappedSource source) {
  Entry e;
  e.info = std::move(info);
  e.source = std::move(source);
  entries_[name] = std::move(e);
}

void StateDict::set(const std::string& name, const at::Tensor& tensor) {
  Entry e;
  e.info.dtype = from_scalar_type(tensor.scalar_type());
  e.info.shape = tensor.sizes().vec();
  e.tensor = tensor;
  entries_[name] = std::move(e);
}

std::vector<std::string> StateDict::keys() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& kv : entries_) out.push_back(kv.first);
  return out;
}

const TensorInfo& StateDict::info(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw LoadError("checkpoint has no tensor '" + name + "'");
  return it->second.info;
}

at::Tensor StateDict::get(const std::string& name, c10::ScalarType float_dtype) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw LoadError("checkpoint has no tensor '" + name + "'");
  const Entry& e = it->second;
  at::Tensor t;
  if (e.tensor.defined()) {
    t = e.tensor;
  } else if (e.info.numel() == 0) {
    // No element to read: torch.save accepts any storage offset for an empty tensor (fuzz_ckpt finding).
    t = at::empty(e.info.shape, at::TensorOptions().dtype(to_scalar_type(e.info.dtype)));
  } else {
    const auto st = to_scalar_type(e.info.dtype);
    const size_t esize = dtype_size(e.info.dtype);
    const uint8_t* base = e.source.file->data() + e.source.offset;
    const int64_t storage_numel = static_cast<int64_t>(e.source.storage_bytes / esize);
    at::Tensor storage;
    if (reinterpret_cast<uintptr_t>(base) % esize == 0) {
      // Zero-copy view of the private (copy-on-write) mapping; the deleter keeps the file alive.
      auto keep = e.source.file;
      storage = at::from_blob(const_cast<uint8_t*>(base), {storage_numel},
                              [keep](void*) mutable { keep.reset(); },
                              at::TensorOptions().dtype(st));
    } else {
      storage = at::empty({storage_numel}, at::TensorOptions().dtype(st));
      std::memcpy(storage.data_ptr(), base, static_cast<size_t>(storage_numel) * esize);
    }
    if (e.source.strides.empty()) {
      t = storage.narrow(0, e.source.storage_offset, e.info.numel()).view(e.info.shape);
    } else {
      t = storage.as_strided(e.info.shape, e.source.strides, e.source.storage_offset);
    }
  }
  if (at::isFloatingType(t.scalar_type()) && t.scalar_type() != float_dtype) {
    t = t.to(float_dtype);
  }
  return t;
}

void StateDict::drop_pages(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end() || it->second.tensor.defined() || !it->second.source.file) return;
  const MappedSource& src = it->second.source;
  src.file->drop_pages(src.offset, src.storage_bytes);
}

StateDict StateDict::select(const std::string& prefix) const {
  StateDict out;
  for (auto it = entries_.lower_bound(prefix); it != entries_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.entries_[it->first.substr(prefix.size())] = it->second;
  }
  out.metadata = metadata;
  return out;
}

StateDict StateDict::without(const std::vector<std::string>& prefixes) const {
  StateDict out;
  for (const auto& kv : entries_) {
    bool skip = false;
    for (const auto& p : prefixes) {
      if (kv.first.compare(0, p.size(), p) == 0) { skip = true; break; }
    }
    if (!skip) out.entries_[kv.first] = kv.second;
  }
  out.metadata = metadata;
  return out;
}

bool StateDict::has_prefix(const std::string& prefix) const {
  auto it = entries_.lower_bound(prefix);
  return it != entries_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

void StateDict::erase(const std::string& name) { entries_.erase(name); }

void StateDict::rename(const std::string& from, const std::string& to) {
  auto it = entries_.find(from);
  if (it == entries_.end()) throw LoadError("checkpoint has no tensor '" + from + "'");
  Entry e = std::move(it->second);
  entries_.erase(it);
  entries_[to] = std::move(e);
}

void StateDict::alias(const std::string& from, const std::string& to) {
  auto it = entries_.find(from);
  if (it == entries_.end()) throw LoadError("checkpoint has no tensor '" + from + "'");
  Entry copy = it->second;
  entries_[to] = std::move(copy);
}

void StateDict::merge(const StateDict& other, const std::string& prefix) {
  for (const auto& kv : other.entries_) entries_[prefix + kv.first] = kv.second;
}

int64_t StateDict::parameter_count(const std::string& prefix) const {
  int64_t n = 0;
  for (auto it = entries_.lower_bound(prefix); it != entries_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (dtype_is_float(it->second.info.dtype)) n += it->second.info.numel();
  }
  return n;
}

DType StateDict::dominant_float_dtype(const std::string& prefix) const {
  std::map<DType, int64_t> counts;
  for (auto it = entries_.lower_bound(prefix); it != entries_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (dtype_is_float(it->second.info.dtype)) counts[it->second.info.dtype] += it->second.info.numel();
  }
  DType best = DType::F32;
  int64_t best_n = -1;
  for (const auto& kv : counts) {
    if (kv.second > best_n) { best = kv.first; best_n = kv.second; }
  }
  return best;
}

}  // namespace ldm
