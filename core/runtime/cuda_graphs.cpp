// CUDA graph capture and replay for CudaGraphCache (see cuda_graphs.h). The capture follows
// torch.cuda.graphs: warm up on a side stream (cuBLAS workspaces, cuDNN plans and lazy
// initialisation happen outside the graph), capture on that stream into a private memory pool, replay
// on the caller's stream.
#include "core/runtime/cuda_graphs.h"

#include <torch/torch.h>

#include <cstdio>
#include <map>
#include <sstream>
#include <string>

#include "core/error.h"
#include "core/runtime/runtime.h"

#if !defined(LDM_NO_CUDA_GRAPHS) && __has_include(<cuda_runtime_api.h>) && __has_include(<ATen/cuda/CUDAGraph.h>)
#define LDM_HAVE_CUDA_GRAPHS 1
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace ldm {

struct CudaGraphCache::Impl {
  size_t max_graphs = 4;
  size_t replays = 0;
#ifdef LDM_HAVE_CUDA_GRAPHS
  struct Entry {
    std::vector<at::Tensor> statics;  // the inputs the graph reads
    at::Tensor output;                // the graph's output buffer
    std::unique_ptr<at::cuda::CUDAGraph> graph;
    bool failed = false;              // capture failed: run eagerly
    uint64_t last_use = 0;
  };
  std::map<std::string, Entry> entries;
  decltype(at::cuda::graph_pool_handle()) pool{};
  bool have_pool = false;
  // Once no graph holds the pool, LibTorch frees it and its id may not be captured into again
  // (CUDACachingAllocator asserts use_count > 0): the next capture takes a new pool.
  void forget_unused_pool() {
    for (const auto& kv : entries)
      if (kv.second.graph) return;
    have_pool = false;
  }
  uint64_t clock = 0;
  bool warned = false;
#endif
};

CudaGraphCache::CudaGraphCache(size_t max_graphs) : impl_(std::make_unique<Impl>()) {
  impl_->max_graphs = max_graphs < 1 ? 1 : max_graphs;
}

CudaGraphCache::~CudaGraphCache() { clear(); }

bool CudaGraphCache::supported() {
#ifdef LDM_HAVE_CUDA_GRAPHS
  return true;
#else
  return false;
#endif
}

bool CudaGraphCache::on_by_default() {
  static EnvSwitch on("LDM_CUDA_GRAPHS");
  return supported() && on.on();
}

void CudaGraphCache::clear() {
#ifdef LDM_HAVE_CUDA_GRAPHS
  if (!impl_->entries.empty()) c10::cuda::device_synchronize();  // no replay still reads the buffers
  impl_->entries.clear();
  impl_->forget_unused_pool();
#endif
}

size_t CudaGraphCache::size() const {
#ifdef LDM_HAVE_CUDA_GRAPHS
  size_t n = 0;
  for (const auto& kv : impl_->entries) n += kv.second.graph ? 1 : 0;
  return n;
#else
  return 0;
#endif
}

size_t CudaGraphCache::replays() const { return impl_->replays; }

at::Tensor CudaGraphCache::run(const std::vector<at::Tensor>& inputs, const Fn& fn) {
#ifndef LDM_HAVE_CUDA_GRAPHS
  return fn(inputs);
#else
  bool any_cuda = false;
  std::ostringstream key;
  for (const auto& t : inputs) {
    if (!t.defined()) {
      key << "-;";
      continue;
    }
    if (!t.is_cuda() || t.requires_grad()) return fn(inputs);  // a replay records no autograd graph
    any_cuda = true;
    key << t.device() << ',' << c10::toString(t.scalar_type()) << ',' << t.sizes() << ';';
  }
  if (!any_cuda) return fn(inputs);
  Impl& s = *impl_;
  auto it = s.entries.find(key.str());
  if (it == s.entries.end()) {
    if (s.entries.size() >= s.max_graphs) {
      auto oldest = s.entries.begin();
      for (auto e = s.entries.begin(); e != s.entries.end(); ++e)
        if (e->second.last_use < oldest->second.last_use) oldest = e;
      c10::cuda::device_synchronize();
      s.entries.erase(oldest);
    }
    it = s.entries.emplace(key.str(), Impl::Entry{}).first;
    Impl::Entry& e = it->second;
    // The buffers are inference tensors whatever the caller's mode (copy_ into them below runs in
    // inference mode too); what run() returns is a clone made in the caller's mode.
    const c10::InferenceMode inference;
    for (const auto& t : inputs) e.statics.push_back(t.defined() ? t.clone(at::MemoryFormat::Contiguous) : at::Tensor());
    const at::Device device = e.statics.front().defined() ? e.statics.front().device() : inputs.back().device();
    const c10::cuda::CUDAGuard device_guard(device);
    c10::cuda::device_synchronize();  // the statics are written before the side stream reads them
    const c10::cuda::CUDAStream side = c10::cuda::getStreamFromPool();
    try {
      const c10::cuda::CUDAStreamGuard stream_guard(side);
      for (int i = 0; i < 2; ++i) (void)fn(e.statics);  // warm-up: lazy initialisation stays out of the graph
      c10::cuda::device_synchronize();
      if (!s.have_pool) {
        s.pool = at::cuda::graph_pool_handle();
        s.have_pool = true;
      }
      e.graph = std::make_unique<at::cuda::CUDAGraph>();
      e.graph->capture_begin(s.pool);
      try {
        e.output = fn(e.statics);
      } catch (...) {
        try {
          e.graph->capture_end();  // leaves capture mode (and the pool) before the error goes on
        } catch (...) {
        }
        throw;
      }
      e.graph->capture_end();
      c10::cuda::device_synchronize();
    } catch (const Cancelled&) {
      s.entries.erase(it);
      s.forget_unused_pool();
      throw;
    } catch (const c10::OutOfMemoryError&) {
      s.entries.erase(it);  // the direct call would not fit either: the engine explains it
      s.forget_unused_pool();
      throw;
    } catch (const std::exception& ex) {
      e.graph.reset();
      e.output = at::Tensor();
      e.statics.clear();
      e.failed = true;
      s.forget_unused_pool();
      if (!s.warned) {
        std::string what = ex.what();
        if (const auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
        std::fprintf(stderr, "warning: CUDA graph capture failed (%s); running without graphs\n", what.c_str());
        s.warned = true;
      }
    }
  }
  Impl::Entry& e = it->second;
  e.last_use = ++s.clock;
  if (e.failed) return fn(inputs);
  {
    const c10::InferenceMode inference;
    for (size_t i = 0; i < inputs.size(); ++i)
      if (inputs[i].defined()) e.statics[i].copy_(inputs[i]);
    e.graph->replay();
  }
  ++s.replays;
  return e.output.clone();
#endif
}

}  // namespace ldm
