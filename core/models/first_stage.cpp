// Common first-stage interface (LatentDiffusion's use of AutoencoderKL / VQModelInterface).
#include "core/models/first_stage.h"

#include <torch/torch.h>

#include "core/error.h"
#include "core/io/state_dict.h"
#include "core/models/autoencoder_kl.h"
#include "core/models/vq_model.h"
#include "core/nn/layers.h"

namespace ldm {

at::Tensor FirstStageEncoding::sample(c10::optional<at::Generator> generator) const {
  return posterior ? posterior->sample(generator) : latent;
}

at::Tensor FirstStageEncoding::mode() const { return posterior ? posterior->mode() : latent; }

std::shared_ptr<FirstStageModel> make_first_stage(const AutoencoderConfig& config) {
  config.validate();
  if (config.is_kl()) return std::make_shared<AutoencoderKL>(config);
  return std::make_shared<VQModel>(config);
}

std::shared_ptr<FirstStageModel> load_first_stage(const AutoencoderConfig& config, const StateDict& weights,
                                                  c10::ScalarType dtype) {
  std::shared_ptr<FirstStageModel> model;
  {
    const SkipParameterInit no_init;  // load_weights below reads every parameter
    model = make_first_stage(config);
  }
  LoadOptions options;
  options.dtype = dtype;
  options.what = config.is_kl() ? "KL autoencoder (first_stage_model)" : "VQ autoencoder (first_stage_model)";
  options.ignore_unexpected = {"loss.", "model_ema.", "quantize.used"};
  load_weights(*model, weights, options);
  model->eval();
  return model;
}

}  // namespace ldm
