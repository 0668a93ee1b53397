#pragma once
// StateDict: checkpoint tensors by name, read lazily from memory-mapped files.
// Shapes and dtypes are known without touching tensor data; data is read (and converted to the
// compute dtype) only when a tensor is asked for.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/io/dtype.h"

namespace ldm {

class MappedFile;

struct TensorInfo {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  int64_t numel() const;
};

class StateDict {
 public:
  // Where the bytes of a lazily read tensor live: `storage_bytes` bytes at `offset` in `file`,
  // viewed with element `strides` from `storage_offset` (torch.save keeps views of storages).
  struct MappedSource {
    std::shared_ptr<MappedFile> file;
    size_t offset = 0;
    size_t storage_bytes = 0;
    std::vector<int64_t> strides;  // empty = contiguous
    int64_t storage_offset = 0;
  };

  // Registers a tensor stored in a mapped file. The caller has validated bounds.
  void add_mapped(const std::string& name, TensorInfo info, MappedSource source);
  // Registers an in-memory tensor (conversions, tests).
  void set(const std::string& name, const at::Tensor& tensor);

  bool contains(const std::string& name) const { return entries_.count(name) != 0; }
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  std::vector<std::string> keys() const;  // sorted
  const TensorInfo& info(const std::string& name) const;  // throws LoadError naming the key

  // The tensor, floating types converted to `float_dtype` (integer types are returned as stored).
  at::Tensor get(const std::string& name, c10::ScalarType float_dtype = c10::ScalarType::Float) const;

  // For a tensor read from a mapped file: its bytes have been copied out, so the file's pages that
  // hold only this tensor leave the process's resident memory (MappedFile::drop_pages). No-op for
  // in-memory entries.
  void drop_pages(const std::string& name) const;

  // Entries whose name starts with `prefix`, with the prefix removed.
  StateDict select(const std::string& prefix) const;
  // Entries whose name does not start with any of `prefixes`.
  StateDict without(const std::vector<std::string>& prefixes) const;
  bool has_prefix(const std::string& prefix) const;
  void erase(const std::string& name);
  void rename(const std::string& from, const std::string& to);
  // Makes `to` refer to the same data as `from` (both names stay).
  void alias(const std::string& from, const std::string& to);
  // Copies every entry of `other` in under `prefix` + name.
  void merge(const StateDict& other, const std::string& prefix = "");

  int64_t parameter_count(const std::string& prefix = "") const;
  // The most common stored floating dtype among entries under prefix (F32 if none).
  DType dominant_float_dtype(const std::string& prefix = "") const;

  // Free-form metadata (safetensors __metadata__, source file, format).
  std::map<std::string, std::string> metadata;

 private:
  struct Entry {
    TensorInfo info;
    at::Tensor tensor;  // defined for in-memory entries
    MappedSource source;
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace ldm
