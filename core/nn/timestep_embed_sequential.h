#pragma once
// ldm.modules.diffusionmodules.openaimodel.TimestepEmbedSequential: children "0", "1", ... in
// order; ResBlocks receive the timestep embedding, SpatialTransformers the context, everything
// else only x.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <functional>
#include <vector>

#include "core/nn/attention_block.h"
#include "core/nn/downsample.h"
#include "core/nn/res_block.h"
#include "core/nn/spatial_transformer.h"
#include "core/nn/upsample.h"
#include "core/nn/layers.h"

namespace ldm {

// A plain Module (not Cloneable): its children are added after construction.
class TimestepEmbedSequentialImpl : public torch::nn::Module {
 public:
  TimestepEmbedSequentialImpl() = default;

  void push_back(ResBlock m);
  void push_back(SpatialTransformer m);
  void push_back(AttentionBlock m);
  void push_back(Downsample m);
  void push_back(Upsample m);
  void push_back(Conv2d m);
  size_t size() const { return layers_.size(); }

  at::Tensor forward(const at::Tensor& x, const at::Tensor& emb, const at::Tensor& context = {});

 private:
  using Layer = std::function<at::Tensor(const at::Tensor&, const at::Tensor&, const at::Tensor&)>;
  std::vector<Layer> layers_;
};
TORCH_MODULE(TimestepEmbedSequential);

}  // namespace ldm
