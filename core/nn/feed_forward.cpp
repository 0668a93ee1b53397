#include "core/nn/feed_forward.h"

#include <torch/torch.h>

#include "core/nn/geglu.h"
#include "core/nn/layers.h"

namespace ldm {

FeedForwardImpl::FeedForwardImpl(int64_t dim, int64_t dim_out, int64_t mult, double dropout)
    : dim_(dim), dim_out_(dim_out > 0 ? dim_out : dim), mult_(mult), dropout_(dropout) {
  reset();
}

void FeedForwardImpl::reset() {
  namespace nn = torch::nn;
  const int64_t inner = dim_ * mult_;
  net_ = register_module("net", nn::Sequential(GEGLU(dim_, inner), nn::Dropout(dropout_), Linear(inner, dim_out_)));
}

at::Tensor FeedForwardImpl::forward(const at::Tensor& x) { return net_->forward(x); }

}  // namespace ldm
