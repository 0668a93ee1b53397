#pragma once
// The common interface of the first-stage autoencoders (AutoencoderKL, VQModelInterface) as
// LatentDiffusion uses them: encode_first_stage / get_first_stage_encoding / decode_first_stage,
// without scale_factor (the pipelines apply config().scale_factor).
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>
#include <c10/util/Optional.h>
#include <torch/nn/module.h>

#include <memory>

#include "core/models/autoencoder_config.h"
#include "core/models/diagonal_gaussian_distribution.h"
#include "core/nn/load_weights.h"

namespace ldm {

class StateDict;

// What encode() returns: the KL posterior, or the VQ pre-quantisation latent.
struct FirstStageEncoding {
  c10::optional<DiagonalGaussianDistribution> posterior;  // KL
  at::Tensor latent;                                      // VQ: quant_conv(encoder(x)), NOT quantised

  bool is_posterior() const { return posterior.has_value(); }
  // LatentDiffusion.get_first_stage_encoding without scale_factor: a posterior sample (draws
  // randn from `generator`) for KL, the latent itself for VQ.
  at::Tensor sample(c10::optional<at::Generator> generator = c10::nullopt) const;
  // The posterior mean (KL) or the latent (VQ).
  at::Tensor mode() const;
};

class FirstStageModel : public torch::nn::Module {
 public:
  explicit FirstStageModel(AutoencoderConfig config) : config_(std::move(config)) {}
  ~FirstStageModel() override = default;

  // image: [B, in_channels, H, W] in [-1, 1].
  virtual FirstStageEncoding encode(const at::Tensor& image) = 0;
  // The reference decode of a (sampled) latent [B, embed_dim, h, w] -> image [B, out_ch, f*h, f*w]:
  // KL: decoder(post_quant_conv(z)); VQ: quantise first, then the same.
  virtual at::Tensor decode(const at::Tensor& z) = 0;

  const AutoencoderConfig& config() const { return config_; }
  int64_t downsampling_factor() const { return config_.downsampling_factor(); }
  int64_t latent_channels() const { return config_.embed_dim; }

 protected:
  AutoencoderConfig config_;
};

// An untrained model of the configured architecture (weights to be filled by load_weights).
std::shared_ptr<FirstStageModel> make_first_stage(const AutoencoderConfig& config);

// make_first_stage + load_weights(weights) in `dtype` + eval(). `weights` are the autoencoder's own
// keys (StateDict::select("first_stage_model.")); training-only keys (loss.*, model_ema.*,
// quantize.used) are ignored.
std::shared_ptr<FirstStageModel> load_first_stage(const AutoencoderConfig& config, const StateDict& weights,
                                                  c10::ScalarType dtype = c10::ScalarType::Float);

}  // namespace ldm
