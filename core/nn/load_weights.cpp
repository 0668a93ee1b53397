#include "core/nn/load_weights.h"

#include "core/runtime/cancel.h"

#include <set>
#include <sstream>

#include "core/error.h"

namespace ldm {

namespace {

std::string join_first(const std::vector<std::string>& v, size_t n = 8) {
  std::ostringstream ss;
  for (size_t i = 0; i < v.size() && i < n; ++i) ss << (i ? ", " : "") << v[i];
  if (v.size() > n) ss << ", ... (" << v.size() << " in all)";
  return ss.str();
}

}  // namespace

void load_weights(torch::nn::Module& module, const StateDict& weights, const LoadOptions& options) {
  torch::NoGradGuard no_grad;
  std::vector<std::string> missing, mismatched;
  std::set<std::string> used;
  auto visit = [&](const std::string& name, torch::Tensor& target) {
    throw_if_cancelled();  // a large model takes seconds to load
    if (!weights.contains(name)) {
      missing.push_back(name);
      return;
    }
    used.insert(name);
    const TensorInfo& info = weights.info(name);
    if (info.shape != target.sizes().vec()) {
      mismatched.push_back(name + " (checkpoint " + c10::str(c10::IntArrayRef(info.shape)) + ", model " +
                           c10::str(target.sizes()) + ")");
      return;
    }
    if (options.check_only) return;
    at::Tensor src = weights.get(name, options.dtype);
    const c10::ScalarType dtype = at::isFloatingType(target.scalar_type()) ? options.dtype : target.scalar_type();
    if (target.scalar_type() == dtype && target.is_contiguous()) {
      // Into the module's own memory: no second copy of the model is allocated while loading.
      target.copy_(src);
    } else {
      target.set_data(src.to(target.device(), dtype).contiguous().clone());
    }
    src.reset();
    weights.drop_pages(name);  // the copy is made: the file's pages need not stay resident
  };
  for (auto& p : module.named_parameters(true)) visit(p.key(), p.value());
  for (auto& b : module.named_buffers(true)) visit(b.key(), b.value());

  std::vector<std::string> unexpected;
  for (const auto& k : weights.keys()) {
    if (used.count(k)) continue;
    bool ignored = false;
    for (const auto& p : options.ignore_unexpected) {
      if (k.compare(0, p.size(), p) == 0) { ignored = true; break; }
    }
    if (!ignored) unexpected.push_back(k);
  }
  if (!missing.empty() || !mismatched.empty() || !unexpected.empty()) {
    std::ostringstream ss;
    ss << "checkpoint does not match the " << options.what << " architecture:";
    if (!missing.empty()) ss << " missing " << join_first(missing) << ";";
    if (!mismatched.empty()) ss << " wrong shape " << join_first(mismatched, 4) << ";";
    if (!unexpected.empty()) ss << " unexpected " << join_first(unexpected) << ";";
    std::string msg = ss.str();
    msg.pop_back();
    throw LoadError(msg);
  }
}

void to_device_dtype(torch::nn::Module& module, const at::Device& device, c10::ScalarType dtype) {
  torch::NoGradGuard no_grad;
  module.to(device);
  for (auto& p : module.parameters()) {
    if (p.is_floating_point() && p.scalar_type() != dtype) p.set_data(p.to(dtype));
  }
  for (auto& b : module.buffers()) {
    if (b.is_floating_point() && b.scalar_type() != dtype) b.set_data(b.to(dtype));
  }
}

void add_module_tensors(StateDict& dict, const torch::nn::Module& module, const std::string& prefix,
                        c10::ScalarType dtype, bool own_copy) {
  auto put = [&](const std::string& name, const at::Tensor& t) {
    at::Tensor c = t.detach().to(at::kCPU);
    if (c.is_floating_point()) c = c.to(dtype);
    c = c.contiguous();
    dict.set(prefix + name, own_copy && c.is_alias_of(t) ? c.clone() : c);  // a conversion already copied
  };
  for (const auto& p : module.named_parameters()) put(p.key(), p.value());
  for (const auto& b : module.named_buffers()) put(b.key(), b.value());
}

int64_t count_parameters(const torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters(true)) n += p.numel();
  return n;
}

}  // namespace ldm
