#pragma once
// Configuration of the first-stage autoencoders (ldm.models.autoencoder.AutoencoderKL / VQModel /
// VQModelInterface with the ddconfig of ldm.modules.diffusionmodules.model.Encoder/Decoder), filled
// from a CompVis first_stage_config or from checkpoint tensor shapes alone.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ldm {

class StateDict;

struct AutoencoderConfig {
  enum class Kind { KL, VQ };
  Kind kind = Kind::KL;

  // ddconfig (defaults: the Stable Diffusion / LDM KL-f8 autoencoder)
  int64_t ch = 128;
  std::vector<int64_t> ch_mult{1, 2, 4, 4};
  int64_t num_res_blocks = 2;
  std::vector<int64_t> attn_resolutions;  // in pixels of `resolution` (256 -> level 0, 128 -> level 1, ...)
  int64_t z_channels = 4;
  bool double_z = true;
  int64_t in_channels = 3;
  int64_t out_ch = 3;
  int64_t resolution = 256;
  std::string attn_type = "vanilla";  // "vanilla" or "none"
  bool resamp_with_conv = true;
  bool give_pre_end = false;
  bool tanh_out = false;

  // AutoencoderKL / VQModel params
  int64_t embed_dim = 4;
  int64_t n_embed = 0;     // VQ codebook size
  std::string remap;       // VQ index remapping file (changes indices only, never the decoded latent)
  bool legacy = true;      // VectorQuantizer2 loss variant (training only)

  // LatentDiffusion.scale_factor (z_ldm = scale_factor * z). Applied by the pipelines, not here.
  double scale_factor = 1.0;

  bool is_kl() const { return kind == Kind::KL; }
  bool is_vq() const { return kind == Kind::VQ; }
  // Spatial downsampling factor f = 2^(len(ch_mult)-1).
  int64_t downsampling_factor() const;
  // Channels of the latent the diffusion model sees (embed_dim).
  int64_t latent_channels() const { return embed_dim; }
  // The resolution of encoder level i (decoder up[i]) for attn_resolutions.
  int64_t level_resolution(size_t level) const { return resolution >> level; }
  bool level_has_attention(size_t level) const;
  // The most bytes that one decode of a latent of h x w holds in tensors at once, beyond the weights, for
  // `batch` latents of `element_bytes` each: what a layer keeps of its input plus its own working set (a
  // ResNet block's normalised input and convolutions; an attention's q, k, v and its scores, quadratic in
  // the area; an upsampling's nearest copy and convolution), and for VQ the codebook distances. An
  // estimate for refusing what cannot fit before it runs, checked against measured peaks in
  // tests/autoencoders/test_autoencoders.cpp.
  int64_t decode_peak_bytes(int64_t batch, int64_t h, int64_t w, int64_t element_bytes) const;

  // `first_stage_config` = {target: ldm.models.autoencoder.AutoencoderKL | VQModel | VQModelInterface,
  // params: {embed_dim, n_embed, ddconfig: {...}, ...}}. Throws LoadError on unknown targets/values.
  static AutoencoderConfig from_compvis(const nlohmann::json& first_stage_config, double scale_factor = 1.0);
  // A whole CompVis config (root with `model`, or the `model` node itself): reads
  // model.params.first_stage_config and model.params.scale_factor (default 1.0 as LatentDiffusion).
  static AutoencoderConfig from_compvis_model(const nlohmann::json& config);
  // From tensor shapes only (StateDict::info, no tensor data). `weights` are the autoencoder's own keys
  // (already selected under "first_stage_model."). KL vs VQ from quantize.embedding.weight.
  // `resolution` cannot be seen in shapes: 256 is assumed and attn_resolutions are expressed in it.
  static AutoencoderConfig from_state_dict(const StateDict& weights);

  void validate() const;  // throws LoadError on impossible values
};

}  // namespace ldm
