#include "core/training/patch_discriminator.h"

#include <torch/torch.h>

#include "core/nn/layers.h"

namespace ldm {

PatchDiscriminatorImpl::PatchDiscriminatorImpl(int64_t input_nc, int64_t ndf, int64_t n_layers) {
  namespace nn = torch::nn;
  auto conv = [](int64_t in, int64_t out, int64_t stride, bool bias) {
    return Conv2d(Conv2dOptions(in, out, 4).stride(stride).padding(1).bias(bias));
  };
  main_ = nn::Sequential();
  main_->push_back(conv(input_nc, ndf, 2, true));
  main_->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)));
  int64_t mult = 1;
  for (int64_t n = 1; n < n_layers; ++n) {
    const int64_t prev = mult;
    mult = std::min<int64_t>(int64_t{1} << n, 8);
    main_->push_back(conv(ndf * prev, ndf * mult, 2, false));
    main_->push_back(nn::BatchNorm2d(ndf * mult));
    main_->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)));
  }
  const int64_t prev = mult;
  mult = std::min<int64_t>(int64_t{1} << n_layers, 8);
  main_->push_back(conv(ndf * prev, ndf * mult, 1, false));
  main_->push_back(nn::BatchNorm2d(ndf * mult));
  main_->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)));
  main_->push_back(conv(ndf * mult, 1, 1, true));
  register_module("main", main_);
}

at::Tensor PatchDiscriminatorImpl::forward(const at::Tensor& x) { return main_->forward(x); }

void init_discriminator_weights(PatchDiscriminatorImpl& d) {
  torch::NoGradGuard no_grad;
  for (auto& p : d.named_parameters()) {
    const std::string& name = p.key();
    at::Tensor t = p.value();
    if (t.dim() == 4) t.normal_(0.0, 0.02);
    else if (name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0) t.normal_(1.0, 0.02);
    else t.zero_();
  }
}

}  // namespace ldm
