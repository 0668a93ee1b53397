#include "core/io/safetensors.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/mapped_file.h"

namespace ldm {

namespace {

constexpr uint64_t kMaxHeaderBytes = 100ull << 20;  // the reference implementation's limit

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw LoadError(path + ": not a valid safetensors file: " + what);
}

bool mul_overflows(uint64_t a, uint64_t b, uint64_t* out) {
  if (a != 0 && b > std::numeric_limits<uint64_t>::max() / a) return true;
  *out = a * b;
  return false;
}

}  // namespace

StateDict load_safetensors(const std::string& path) {
  auto file = MappedFile::open(path);
  const uint64_t size = file->size();
  if (size < 8) fail(path, "file is " + std::to_string(size) + " bytes, shorter than the 8-byte header length");
  uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | file->data()[i];
  if (header_len > kMaxHeaderBytes) fail(path, "header length " + std::to_string(header_len) + " exceeds 100 MB");
  if (header_len > size - 8) {
    fail(path, "header length " + std::to_string(header_len) + " runs past the end of the file (" +
                   std::to_string(size) + " bytes; truncated?)");
  }
  const char* hbegin = reinterpret_cast<const char*>(file->data() + 8);
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(hbegin, hbegin + header_len);
  } catch (const std::exception&) {
    fail(path, "header is not well-formed JSON");
  }
  if (!header.is_object()) fail(path, "header is not a JSON object");

  const uint64_t data_start = 8 + header_len;
  const uint64_t data_size = size - data_start;
  StateDict dict;
  struct Span { uint64_t begin, end; std::string name; };
  std::vector<Span> spans;
  for (auto it = header.begin(); it != header.end(); ++it) {
    const std::string& name = it.key();
    const auto& v = it.value();
    if (name == "__metadata__") {
      if (!v.is_object()) fail(path, "__metadata__ is not an object");
      for (auto m = v.begin(); m != v.end(); ++m) {
        if (!m.value().is_string()) fail(path, "__metadata__ value '" + m.key() + "' is not a string");
        dict.metadata[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    if (!v.is_object()) fail(path, "entry '" + name + "' is not an object");
    auto dt = v.find("dtype");
    auto sh = v.find("shape");
    auto off = v.find("data_offsets");
    if (dt == v.end() || !dt->is_string()) fail(path, "tensor '" + name + "' has no dtype");
    if (sh == v.end() || !sh->is_array()) fail(path, "tensor '" + name + "' has no shape");
    if (off == v.end() || !off->is_array() || off->size() != 2) fail(path, "tensor '" + name + "' has no data_offsets pair");
    TensorInfo info;
    if (!dtype_from_safetensors(dt->get<std::string>(), &info.dtype)) {
      fail(path, "tensor '" + name + "' has unknown dtype '" + dt->get<std::string>() + "'");
    }
    uint64_t numel = 1;
    for (const auto& d : *sh) {
      if (!d.is_number_unsigned() && !(d.is_number_integer() && d.get<int64_t>() >= 0)) {
        fail(path, "tensor '" + name + "' has a negative or non-integer dimension");
      }
      uint64_t dim = d.get<uint64_t>();
      if (dim > (1ull << 40) || mul_overflows(numel, dim, &numel)) fail(path, "tensor '" + name + "' is impossibly large");
      info.shape.push_back(static_cast<int64_t>(dim));
    }
    for (const auto& o : *off) {
      if (!o.is_number_unsigned() && !(o.is_number_integer() && o.get<int64_t>() >= 0)) {
        fail(path, "tensor '" + name + "' has a negative or non-integer data offset");
      }
    }
    const uint64_t begin = (*off)[0].get<uint64_t>();
    const uint64_t end = (*off)[1].get<uint64_t>();
    if (begin > end) fail(path, "tensor '" + name + "' has data_offsets [begin > end]");
    if (end > data_size) {
      fail(path, "tensor '" + name + "' data ends at byte " + std::to_string(end) + " but the data section has " +
                     std::to_string(data_size) + " bytes (truncated?)");
    }
    uint64_t nbytes = 0;
    if (mul_overflows(numel, dtype_size(info.dtype), &nbytes) || nbytes != end - begin) {
      fail(path, "tensor '" + name + "' shape and dtype need " + std::to_string(nbytes) + " bytes but data_offsets span " +
                     std::to_string(end - begin));
    }
    spans.push_back({begin, end, name});
    StateDict::MappedSource src;
    src.file = file;
    src.offset = data_start + begin;
    src.storage_bytes = nbytes;
    dict.add_mapped(name, std::move(info), std::move(src));
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].begin < spans[i - 1].end) {
      fail(path, "tensors '" + spans[i - 1].name + "' and '" + spans[i].name + "' overlap");
    }
  }
  dict.metadata["format"] = "safetensors";
  dict.metadata["source"] = path;
  return dict;
}

void save_safetensors(const StateDict& dict, const std::string& path, bool overwrite) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  std::vector<at::Tensor> tensors;
  uint64_t offset = 0;
  std::map<std::string, std::string> meta;
  for (const auto& kv : dict.metadata) {
    if (kv.first != "format" && kv.first != "source") meta[kv.first] = kv.second;
  }
  if (!meta.empty()) header["__metadata__"] = meta;
  for (const auto& name : dict.keys()) {
    const TensorInfo& info = dict.info(name);
    c10::ScalarType keep = c10::ScalarType::Float;
    if (info.dtype == DType::F16) keep = c10::ScalarType::Half;
    if (info.dtype == DType::BF16) keep = c10::ScalarType::BFloat16;
    if (info.dtype == DType::F64) keep = c10::ScalarType::Double;
    at::Tensor t = dict.get(name, keep).contiguous();
    const uint64_t nbytes = static_cast<uint64_t>(t.numel()) * t.element_size();
    header[name] = {{"dtype", dtype_name(info.dtype)}, {"shape", info.shape}, {"data_offsets", {offset, offset + nbytes}}};
    offset += nbytes;
    tensors.push_back(t);
  }
  std::string h = header.dump();
  while ((8 + h.size()) % 8 != 0) h.push_back(' ');
  AtomicFile out(path, overwrite);
  uint8_t len[8];
  uint64_t n = h.size();
  for (int i = 0; i < 8; ++i) len[i] = static_cast<uint8_t>(n >> (8 * i));
  out.write(len, 8);
  out.write(h.data(), h.size());
  for (const auto& t : tensors) out.write(t.data_ptr(), static_cast<size_t>(t.numel()) * t.element_size());
  out.commit();
}

}  // namespace ldm
