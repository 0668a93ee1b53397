#pragma once
// CUDA graph replay of a function of CUDA tensors (the UNet call of a sampler step): the first call
// for a set of input shapes warms up and captures the function's kernels into a CUDA graph; later
// calls copy their inputs into the graph's static buffers and replay it, which removes the per-kernel
// launch cost (1,079 kernels per SD 1.5 step, measured). Only in a build against a CUDA LibTorch
// (`supported()`); elsewhere, and for CPU tensors or tensors that require gradients, `run` calls the
// function directly.
#include <ATen/core/Tensor.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

namespace ldm {

class CudaGraphCache {
 public:
  using Fn = std::function<at::Tensor(const std::vector<at::Tensor>& inputs)>;

  // At most `max_graphs` shapes are kept (the least recently used goes first); they share one
  // memory pool, which is safe because they never run at the same time.
  explicit CudaGraphCache(size_t max_graphs = 4);
  ~CudaGraphCache();
  CudaGraphCache(const CudaGraphCache&) = delete;
  CudaGraphCache& operator=(const CudaGraphCache&) = delete;

  // Whether this build can capture CUDA graphs (compiled against a CUDA LibTorch).
  static bool supported();
  // supported(), unless LDM_CUDA_GRAPHS=0 in the environment: whether models use graphs by default.
  static bool on_by_default();

  // fn(inputs), replayed from the graph captured for these inputs' shapes, dtypes and devices
  // (undefined inputs stay undefined). fn must be a pure function of its inputs and of parameters
  // that stay at the same addresses (in-place changes are seen; reallocations need clear()), with no
  // host synchronisation. Returns a tensor of its own (not the graph's buffer). If capturing fails
  // (an operation CUDA graphs cannot record), that shape runs fn directly from then on and a warning
  // is printed once; a cancellation or running out of memory propagates.
  at::Tensor run(const std::vector<at::Tensor>& inputs, const Fn& fn);

  void clear();
  size_t size() const;         // graphs held
  size_t replays() const;      // calls answered by a replay (tests and bench)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ldm
