#pragma once
// ldm.modules.attention.FeedForward with glu=True (the only form the UNet uses):
// net = [GEGLU(dim, inner), Dropout, Linear(inner, dim_out)], inner = dim * mult.
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

namespace ldm {

class FeedForwardImpl : public torch::nn::Cloneable<FeedForwardImpl> {
 public:
  FeedForwardImpl(int64_t dim, int64_t dim_out = -1, int64_t mult = 4, double dropout = 0.0);
  void reset() override;
  at::Tensor forward(const at::Tensor& x);

 private:
  int64_t dim_, dim_out_, mult_;
  double dropout_;
  torch::nn::Sequential net_{nullptr};
};
TORCH_MODULE(FeedForward);

}  // namespace ldm
