#pragma once
// A safe subset of the Python pickle virtual machine for torch.save checkpoints.
// It builds plain values (None, bool, int, float, str, bytes, tuple, list, dict) and understands
// the torch globals of a state dict (tensor/parameter rebuild functions, storage types, OrderedDict).
// Globals come from a strict allow-list (pickle.cpp, is_allowed): the data-only classes Lightning
// checkpoints also hold become opaque placeholders whose calls are not made; any other global (os.system,
// builtins.eval, functools.partial, ...) is refused with a LoadError naming it. Nothing is ever executed.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/io/dtype.h"

namespace ldm {

struct PyValue;
// Values live in the arena of their PickleResult; references are plain pointers, so cyclic or
// deeply nested pickles neither leak nor recurse on destruction.
using PyRef = PyValue*;

struct PyValue {
  enum class Kind { None, Bool, Int, Float, Str, Bytes, Tuple, List, Dict, Global, Storage, Tensor, Opaque };
  Kind kind = Kind::None;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s;                                   // Str, Bytes; Global/Opaque: "module.name"
  std::vector<PyRef> items;                        // Tuple, List
  std::vector<std::pair<PyRef, PyRef>> dict;       // Dict (insertion order)
  // Storage (persistent id): element type, archive key, element count.
  DType dtype = DType::F32;
  std::string key;
  int64_t numel = 0;
  // Tensor: a view of a storage.
  PyRef storage;
  int64_t storage_offset = 0;
  std::vector<int64_t> sizes, strides;

  bool is(Kind k) const { return kind == k; }
  // Dict lookup by string key; nullptr if absent or not a dict.
  PyRef get(const std::string& key) const;
};

struct PickleLimits {
  size_t max_stack = 1u << 20;
  size_t max_memo = 1u << 22;
  size_t max_container = 1u << 24;
  uint64_t max_ops = 1ull << 28;
};

struct PickleResult {
  std::vector<std::unique_ptr<PyValue>> arena;
  PyRef root = nullptr;
};

// Runs the pickle in `data`. `origin` names the file in errors. Throws LoadError.
std::unique_ptr<PickleResult> unpickle(const std::string& data, const std::string& origin,
                                       const PickleLimits& limits = {});

}  // namespace ldm
