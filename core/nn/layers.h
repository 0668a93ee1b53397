#pragma once
// Conv2d and Linear as torch.nn's: the same parameter names, shapes and random init (drawn in the same
// order), the forward Python's torch.nn runs (at::conv2d, at::linear). One difference: inside a
// SkipParameterInit scope their parameters are allocated and not initialised. A model about to read every parameter from a checkpoint does not
// need the init: for SD 1.5 it was 12.6 s of a 14 s UNet load on this project's 2-core machine
// (860 M uniform draws), thrown away by the load that follows.
#include <torch/nn/cloneable.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

namespace ldm {

// While one exists on this thread, Conv2d and Linear skip their random init. Only for modules whose
// every parameter is then read by load_weights (which fails on a missing one, so no uninitialised
// value can be used); training and random-weight benchmarks build outside it.
class SkipParameterInit {
 public:
  SkipParameterInit();
  ~SkipParameterInit();
  SkipParameterInit(const SkipParameterInit&) = delete;
  SkipParameterInit& operator=(const SkipParameterInit&) = delete;
  static bool active();

 private:
  bool previous_;
};

struct Conv2dOptions {
  Conv2dOptions(int64_t in_channels, int64_t out_channels, int64_t kernel_size)
      : in_channels_(in_channels), out_channels_(out_channels), kernel_size_(kernel_size) {}
  Conv2dOptions& stride(int64_t s) { stride_ = s; return *this; }
  Conv2dOptions& padding(int64_t p) { padding_ = p; return *this; }
  Conv2dOptions& bias(bool b) { bias_ = b; return *this; }
  int64_t in_channels_, out_channels_, kernel_size_;
  int64_t stride_ = 1, padding_ = 0;
  bool bias_ = true;
};

// torch.nn.Conv2d with square kernels, zero padding, no dilation or groups.
class Conv2dImpl : public torch::nn::Cloneable<Conv2dImpl> {
 public:
  explicit Conv2dImpl(const Conv2dOptions& options);
  void reset() override;
  at::Tensor forward(const at::Tensor& x);

  Conv2dOptions options;
  at::Tensor weight;  // [out, in, k, k]
  at::Tensor bias;    // [out], undefined without bias
};
TORCH_MODULE(Conv2d);

struct LinearOptions {
  LinearOptions(int64_t in_features, int64_t out_features) : in_features_(in_features), out_features_(out_features) {}
  LinearOptions& bias(bool b) { bias_ = b; return *this; }
  int64_t in_features_, out_features_;
  bool bias_ = true;
};

// torch.nn.Linear.
class LinearImpl : public torch::nn::Cloneable<LinearImpl> {
 public:
  LinearImpl(int64_t in_features, int64_t out_features) : LinearImpl(LinearOptions(in_features, out_features)) {}
  explicit LinearImpl(const LinearOptions& options);
  void reset() override;
  at::Tensor forward(const at::Tensor& x);

  LinearOptions options;
  at::Tensor weight;  // [out, in]
  at::Tensor bias;    // [out], undefined without bias
};
TORCH_MODULE(Linear);

}  // namespace ldm
