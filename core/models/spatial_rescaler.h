#pragma once
// ldm.modules.encoders.modules.SpatialRescaler: the semantic-synthesis models' cond stage. The one-hot
// label map [B, in_channels, H, W] is resized n_stages times by F.interpolate(scale_factor=multiplier,
// mode=method) and, when out_channels is set, mapped by a 1x1 convolution (channel_mapper) to
// [B, out_channels, H * m^n, W * m^n], the size of the latent it is concatenated with.

#include "core/models/text_encoder.h"
#include "core/nn/layers.h"

namespace ldm {

struct SpatialRescalerConfig {
  int64_t n_stages = 1;
  std::string method = "bilinear";  // nearest | linear | bilinear | trilinear | bicubic | area
  double multiplier = 0.5;
  int64_t in_channels = 3;
  int64_t out_channels = -1;        // -1: no channel mapper
  bool bias = false;

  // cond_stage_config: {target: ...SpatialRescaler, params: {n_stages, method, multiplier, in_channels,
  // out_channels, bias}} with the reference's defaults for what is left out.
  static SpatialRescalerConfig from_compvis(const nlohmann::json& cond_stage_config);
  // From cond_stage_model.channel_mapper.weight (the stage count is not in the shapes: the zoo's 2).
  static SpatialRescalerConfig from_state_dict(const StateDict& cond_stage_weights);
  void validate() const;
};

class SpatialRescaler : public ConditionEncoder {
 public:
  explicit SpatialRescaler(const SpatialRescalerConfig& config);
  // x: float [B, in_channels, H, W] (the one-hot label map); returns [B, out_channels, h, w].
  at::Tensor encode(const at::Tensor& x) override;
  int64_t context_dim() const override { return config_.out_channels > 0 ? config_.out_channels : config_.in_channels; }
  int64_t max_length() const override { return 0; }
  void load(const StateDict& cond_stage_weights) override;
  const SpatialRescalerConfig& config() const { return config_; }
  // How much smaller the output is than the input: multiplier^n_stages.
  double scale() const;

 private:
  SpatialRescalerConfig config_;
  Conv2d channel_mapper_{nullptr};
};

}  // namespace ldm
