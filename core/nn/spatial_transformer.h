#pragma once
// ldm.modules.attention.SpatialTransformer: GroupNorm (32 groups, eps 1e-6), proj_in (1x1 conv,
// or Linear with use_linear as in Stability-AI/stablediffusion), `depth` BasicTransformerBlocks
// over the HW tokens, proj_out, residual.
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/container/any.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include "core/nn/group_norm32.h"
#include "core/nn/layers.h"

namespace ldm {

struct SpatialTransformerOptions {
  int64_t in_channels = 0;
  int64_t n_heads = 1;
  int64_t d_head = 0;
  int64_t depth = 1;
  int64_t context_dim = -1;  // -1: self-attention only (attn2 attends to x)
  bool disable_self_attn = false;
  bool use_linear = false;
  double dropout = 0.0;
};

class SpatialTransformerImpl : public torch::nn::Cloneable<SpatialTransformerImpl> {
 public:
  explicit SpatialTransformerImpl(const SpatialTransformerOptions& options);
  void reset() override;
  // x [B, C, H, W], context [B, M, context_dim] (or undefined) -> [B, C, H, W]
  at::Tensor forward(const at::Tensor& x, const at::Tensor& context = {});

  SpatialTransformerOptions options;

 private:
  GroupNorm32 norm_{nullptr};
  Conv2d proj_in_conv_{nullptr}, proj_out_conv_{nullptr};
  Linear proj_in_linear_{nullptr}, proj_out_linear_{nullptr};
  torch::nn::ModuleList transformer_blocks_{nullptr};
};
TORCH_MODULE(SpatialTransformer);

}  // namespace ldm
