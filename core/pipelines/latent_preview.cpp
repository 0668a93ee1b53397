#include "core/pipelines/latent_preview.h"

#include <torch/torch.h>

#include <cmath>

#include "core/models/first_stage.h"
#include "core/pipelines/latent_diffusion.h"

namespace ldm {

LatentPreview LatentPreview::sd_factors() {
  // Rows: latent channels 0..3, columns R, G, B (the factors A1111 and ComfyUI publish for SD 1.x).
  static const float kFactors[4][3] = {
      {0.298f, 0.207f, 0.208f},
      {0.187f, 0.286f, 0.173f},
      {-0.158f, 0.189f, 0.264f},
      {-0.184f, -0.271f, -0.473f},
  };
  LatentPreview p;
  p.weights_ = torch::zeros({5, 3});
  for (int c = 0; c < 4; ++c)
    for (int k = 0; k < 3; ++k) p.weights_[c][k] = kFactors[c][k];
  return p;
}

LatentPreview LatentPreview::fit(LatentDiffusion& model) {
  torch::NoGradGuard no_grad;
  const int64_t f = model.downsampling_factor();
  const int64_t h = 16, w = 16;  // latent grid of the calibration images
  const int64_t H = h * f, W = w * f;
  // Synthetic calibration pictures in [-1, 1], deterministic (their own generator): smooth colour ramps,
  // and flat regions - discs and rectangles of saturated and grey colours on gradient backgrounds - as
  // pictures mostly are. The fit must see the colours a picture holds, not only smooth waves.
  auto yy = torch::linspace(-1, 1, H).view({1, H, 1}).expand({1, H, W});
  auto xx = torch::linspace(-1, 1, W).view({1, 1, W}).expand({1, H, W});
  std::vector<at::Tensor> images;
  for (int i = 0; i < 8; ++i) {
    const double a = 0.7 * i, b = 1.3 * i + 0.5;
    auto r = torch::sin(xx * (1.0 + 0.5 * i) + a);
    auto g = torch::cos(yy * (1.5 + 0.3 * i) - b);
    auto bl = torch::sin((xx + yy) * (0.8 + 0.2 * i) + a * b);
    images.push_back(torch::cat({r, g, bl}, 0) * 0.9);  // [3, H, W]
  }
  at::Generator gen = at::detail::createCPUGenerator(12345);
  auto uniform = [&](double lo, double hi) { return lo + (hi - lo) * at::rand({1}, gen).item<double>(); };
  for (int i = 0; i < 24; ++i) {
    const at::Tensor c0 = at::rand({3, 1, 1}, gen) * 2 - 1, c1 = at::rand({3, 1, 1}, gen) * 2 - 1;
    const double angle = uniform(0, 6.2832);
    at::Tensor picture = c0 + (c1 - c0) * ((xx * std::cos(angle) + yy * std::sin(angle)) * 0.5 + 0.5);  // [3, H, W]
    for (int k = 0; k < 4; ++k) {
      at::Tensor colour = at::rand({3, 1, 1}, gen) * 2 - 1;
      if (k % 2 == 0) colour = colour.sign() * (colour.abs() * 0.3 + 0.7);  // saturated
      const double cx = uniform(-0.8, 0.8), cy = uniform(-0.8, 0.8), radius = uniform(0.15, 0.45);
      const at::Tensor inside = k < 2 ? ((xx - cx).pow(2) + (yy - cy).pow(2) <= radius * radius)
                                      : ((xx - cx).abs() <= radius).logical_and((yy - cy).abs() <= radius * 0.7);
      picture = torch::where(inside, colour.expand({3, H, W}), picture);
    }
    images.push_back(picture.clamp(-1, 1));
  }
  const at::Tensor x = torch::stack(images);  // [32, 3, H, W]
  const at::Tensor z = model.get_first_stage_encoding(model.encode_first_stage(x));  // [8, C, h, w]
  const at::Tensor decoded = model.decode_first_stage(z, /*force_not_quantize=*/true).clamp(-1, 1);
  const at::Tensor target = torch::avg_pool2d(decoded, {f, f});  // [8, 3, h, w]
  const int64_t C = z.size(1);
  auto Z = z.permute({0, 2, 3, 1}).reshape({-1, C}).to(torch::kDouble).cpu();        // [N, C]
  auto Y = target.permute({0, 2, 3, 1}).reshape({-1, 3}).to(torch::kDouble).cpu();  // [N, 3]
  auto A = torch::cat({Z, torch::ones({Z.size(0), 1}, Z.options())}, 1);            // [N, C+1]
  // Ridge-regularised normal equations: stable even when a latent channel is nearly constant.
  auto AtA = A.t().matmul(A) + 1e-6 * A.size(0) * torch::eye(C + 1, A.options());  // [C+1, C+1]
  auto AtY = A.t().matmul(Y);                                                        // [C+1, 3]
  LatentPreview p;
  p.weights_ = torch::linalg_solve(AtA, AtY).to(torch::kFloat);
  return p;
}

LatentPreview LatentPreview::for_model(LatentDiffusion& model) {
  if (model.latent_channels() == 4 && !model.is_vq() && std::abs(model.config().scale_factor - 0.18215) < 1e-6 &&
      model.downsampling_factor() == 8)
    return sd_factors();
  return fit(model);
}

at::Tensor LatentPreview::project(const at::Tensor& z) const {
  const int64_t C = weights_.size(0) - 1;
  TORCH_CHECK(z.size(1) == C, "LatentPreview: latent has ", z.size(1), " channels, projection expects ", C);
  auto zz = z.to(torch::kFloat).cpu().permute({0, 2, 3, 1});                  // [B, h, w, C]
  auto rgb = zz.matmul(weights_.slice(0, 0, C)) + weights_[C];                 // [B, h, w, 3]
  return rgb.permute({0, 3, 1, 2}).contiguous();                                // [B, 3, h, w]
}

}  // namespace ldm
