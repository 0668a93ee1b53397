// ldm.modules.encoders.modules.SpatialRescaler; see spatial_rescaler.h.
#include "core/models/spatial_rescaler.h"

#include <torch/torch.h>

#include <cmath>

#include "core/error.h"
#include "core/nn/load_weights.h"
#include "core/nn/layers.h"

namespace ldm {

void SpatialRescalerConfig::validate() const {
  if (n_stages < 0) throw LoadError("SpatialRescaler: n_stages must be 0 or more");
  if (method != "nearest" && method != "bilinear" && method != "bicubic" && method != "area")
    throw LoadError("SpatialRescaler: method '" + method + "' is not supported (nearest, bilinear, bicubic, area)");
  if (!(multiplier > 0)) throw LoadError("SpatialRescaler: multiplier must be positive");
  if (in_channels <= 0) throw LoadError("SpatialRescaler: in_channels must be positive");
}

SpatialRescalerConfig SpatialRescalerConfig::from_compvis(const nlohmann::json& cond_stage_config) {
  const nlohmann::json& params = detail::compvis_params(cond_stage_config, "SpatialRescaler");
  const std::string where = "cond_stage_config.params";
  SpatialRescalerConfig c;
  c.n_stages = detail::json_int(params, "n_stages", c.n_stages, where);
  c.method = detail::json_string(params, "method", c.method, where);
  c.multiplier = detail::json_double(params, "multiplier", c.multiplier, where);
  c.in_channels = detail::json_int(params, "in_channels", c.in_channels, where);
  c.out_channels = params.contains("out_channels") && !params["out_channels"].is_null()
                       ? detail::json_int(params, "out_channels", -1, where)
                       : -1;
  c.bias = params.value("bias", false);
  c.validate();
  return c;
}

SpatialRescalerConfig SpatialRescalerConfig::from_state_dict(const StateDict& w) {
  const auto shape = detail::shape_of(w, "channel_mapper.weight", 4);
  SpatialRescalerConfig c;
  c.n_stages = 2;  // semantic_synthesis256 / 512
  c.out_channels = shape[0];
  c.in_channels = shape[1];
  c.bias = w.contains("channel_mapper.bias");
  c.validate();
  return c;
}

SpatialRescaler::SpatialRescaler(const SpatialRescalerConfig& config) : config_(config) {
  config_.validate();
  if (config_.out_channels > 0) {
    channel_mapper_ = register_module(
        "channel_mapper",
        Conv2d(Conv2dOptions(config_.in_channels, config_.out_channels, 1).bias(config_.bias)));
  }
}

double SpatialRescaler::scale() const { return std::pow(config_.multiplier, static_cast<double>(config_.n_stages)); }

at::Tensor SpatialRescaler::encode(const at::Tensor& x_in) {
  namespace F = torch::nn::functional;
  TORCH_CHECK(x_in.dim() == 4 && x_in.size(1) == config_.in_channels, "SpatialRescaler expects [B, ",
              config_.in_channels, ", H, W], got ", x_in.sizes());
  const auto& p = parameters();
  at::Tensor x = p.empty() ? x_in : x_in.to(p.front().device(), p.front().scalar_type());
  for (int64_t i = 0; i < config_.n_stages; ++i) {
    // recompute_scale_factor=false is PyTorch's default behaviour since 1.6 (the reference's): saying so
    // explicitly keeps LibTorch from warning on every call.
    auto o = F::InterpolateFuncOptions()
                 .scale_factor(std::vector<double>{config_.multiplier, config_.multiplier})
                 .recompute_scale_factor(false);
    if (config_.method == "nearest") o.mode(torch::kNearest);
    else if (config_.method == "area") o.mode(torch::kArea);
    else if (config_.method == "bicubic") o.mode(torch::kBicubic).align_corners(false);
    else o.mode(torch::kBilinear).align_corners(false);
    x = F::interpolate(x, o);  // [B, C, H * m, W * m]
  }
  return channel_mapper_ ? channel_mapper_(x) : x;
}

void SpatialRescaler::load(const StateDict& cond_stage_weights) {
  LoadOptions options;
  options.what = "spatial rescaler (semantic synthesis cond stage)";
  load_weights(*this, cond_stage_weights, options);
}

}  // namespace ldm
