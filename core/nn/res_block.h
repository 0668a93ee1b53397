#pragma once
// ldm.modules.diffusionmodules.openaimodel.ResBlock (2-D): GroupNorm-SiLU-conv, timestep
// embedding added (or FiLM scale/shift with use_scale_shift_norm), GroupNorm-SiLU-Dropout-conv,
// skip connection (identity, 1x1 conv, or 3x3 conv with use_conv). up/down resample inside the
// block (resblock_updown).
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/pimpl.h>

#include "core/nn/downsample.h"
#include "core/nn/group_norm32.h"
#include "core/nn/upsample.h"
#include "core/nn/layers.h"

namespace ldm {

struct ResBlockOptions {
  int64_t channels = 0;
  int64_t emb_channels = 0;
  int64_t out_channels = -1;  // -1: same as channels
  bool use_conv = false;      // 3x3 skip conv instead of 1x1 when channels change
  bool use_scale_shift_norm = false;
  bool up = false;
  bool down = false;
  double dropout = 0.0;
};

class ResBlockImpl : public torch::nn::Cloneable<ResBlockImpl> {
 public:
  explicit ResBlockImpl(const ResBlockOptions& options);
  void reset() override;
  // x [B, C, H, W], emb [B, emb_channels]
  at::Tensor forward(const at::Tensor& x, const at::Tensor& emb);

  ResBlockOptions options;

 private:
  int64_t out_channels_ = 0;
  // in_layers = [GroupNorm32, SiLU, Conv2d]; kept typed as well for the up/down split.
  torch::nn::Sequential in_layers_{nullptr};
  GroupNorm32 in_norm_{nullptr};
  Conv2d in_conv_{nullptr};
  // emb_layers = [SiLU, Linear]
  torch::nn::Sequential emb_layers_{nullptr};
  Linear emb_linear_{nullptr};
  // out_layers = [GroupNorm32, SiLU, Dropout, Conv2d]
  torch::nn::Sequential out_layers_{nullptr};
  GroupNorm32 out_norm_{nullptr};
  torch::nn::Dropout dropout_{nullptr};
  Conv2d out_conv_{nullptr};
  Conv2d skip_{nullptr};  // undefined: identity
  Upsample h_up_{nullptr}, x_up_{nullptr};
  Downsample h_down_{nullptr}, x_down_{nullptr};
};
TORCH_MODULE(ResBlock);

}  // namespace ldm
