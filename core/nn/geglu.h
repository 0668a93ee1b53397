#pragma once
// ldm.modules.attention.GEGLU: proj to 2*dim_out, split into (x, gate), x * gelu(gate) (exact erf GELU).
#include <torch/nn/cloneable.h>
#include <torch/nn/pimpl.h>

#include "core/nn/layers.h"

namespace ldm {

class GEGLUImpl : public torch::nn::Cloneable<GEGLUImpl> {
 public:
  GEGLUImpl(int64_t dim_in, int64_t dim_out);
  void reset() override;
  at::Tensor forward(const at::Tensor& x);

 private:
  int64_t dim_in_, dim_out_;
  Linear proj_{nullptr};
};
TORCH_MODULE(GEGLU);

}  // namespace ldm
