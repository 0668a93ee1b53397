#include "core/nn/timestep_embed_sequential.h"

#include <torch/torch.h>

#include "core/nn/layers.h"

namespace ldm {

void TimestepEmbedSequentialImpl::push_back(ResBlock m) {
  register_module(std::to_string(layers_.size()), m);
  layers_.push_back([m](const at::Tensor& x, const at::Tensor& emb, const at::Tensor&) mutable { return m->forward(x, emb); });
}

void TimestepEmbedSequentialImpl::push_back(SpatialTransformer m) {
  register_module(std::to_string(layers_.size()), m);
  layers_.push_back([m](const at::Tensor& x, const at::Tensor&, const at::Tensor& ctx) mutable { return m->forward(x, ctx); });
}

void TimestepEmbedSequentialImpl::push_back(AttentionBlock m) {
  register_module(std::to_string(layers_.size()), m);
  layers_.push_back([m](const at::Tensor& x, const at::Tensor&, const at::Tensor&) mutable { return m->forward(x); });
}

void TimestepEmbedSequentialImpl::push_back(Downsample m) {
  register_module(std::to_string(layers_.size()), m);
  layers_.push_back([m](const at::Tensor& x, const at::Tensor&, const at::Tensor&) mutable { return m->forward(x); });
}

void TimestepEmbedSequentialImpl::push_back(Upsample m) {
  register_module(std::to_string(layers_.size()), m);
  layers_.push_back([m](const at::Tensor& x, const at::Tensor&, const at::Tensor&) mutable { return m->forward(x); });
}

void TimestepEmbedSequentialImpl::push_back(Conv2d m) {
  register_module(std::to_string(layers_.size()), m);
  layers_.push_back([m](const at::Tensor& x, const at::Tensor&, const at::Tensor&) mutable { return m->forward(x); });
}

at::Tensor TimestepEmbedSequentialImpl::forward(const at::Tensor& x, const at::Tensor& emb, const at::Tensor& context) {
  at::Tensor h = x;
  for (const auto& layer : layers_) h = layer(h, emb, context);
  return h;
}

}  // namespace ldm
