#pragma once
// Configuration of ldm.modules.diffusionmodules.openaimodel.UNetModel (CompVis/latent-diffusion,
// CompVis/stable-diffusion and Stability-AI/stablediffusion), filled from a CompVis config.yaml
// (unet_config.params) or inferred from the checkpoint's tensor shapes alone.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ldm {

class StateDict;

// How class labels enter the timestep embedding (num_classes of the reference).
enum class UNetClassEmbedding { None, Classes, Continuous, Sequential };

// Head layout: not recoverable from tensor shapes, so shape detection uses documented
// defaults per detected family unless given (set exactly one of the two).
struct UNetHeads {
  int64_t num_heads = -1;
  int64_t num_head_channels = -1;
};

// One layer of a TimestepEmbedSequential block, as UNetModel.__init__ would create it.
struct UNetLayerPlan {
  enum class Kind { Conv, ResBlock, AttentionBlock, SpatialTransformer, Downsample, Upsample };
  Kind kind = Kind::Conv;
  int64_t in_channels = 0, out_channels = 0;
  bool up = false, down = false;  // ResBlock (resblock_updown)
  bool use_conv = true;           // Downsample / Upsample (conv_resample)
  int64_t heads = 0, dim_head = 0;  // AttentionBlock / SpatialTransformer
  bool disable_self_attn = false;   // SpatialTransformer
};
using UNetBlockPlan = std::vector<UNetLayerPlan>;

struct UNetPlan {
  std::vector<UNetBlockPlan> input_blocks, output_blocks;
  UNetBlockPlan middle_block;
};

struct UNetConfig {
  int64_t image_size = 32;  // informational; the network works at any size divisible by 2^(levels-1)
  int64_t in_channels = 4;
  int64_t out_channels = 4;
  int64_t model_channels = 320;
  std::vector<int64_t> num_res_blocks = {2, 2, 2, 2};  // per level
  std::vector<int64_t> attention_resolutions = {4, 2, 1};  // downsample rates ds with attention
  std::vector<int64_t> channel_mult = {1, 2, 4, 4};
  double dropout = 0.0;
  bool conv_resample = true;
  UNetClassEmbedding class_embedding = UNetClassEmbedding::None;
  int64_t num_classes = 0;      // for Classes
  int64_t adm_in_channels = 0;  // for Sequential
  int64_t num_heads = -1;
  int64_t num_head_channels = -1;
  int64_t num_heads_upsample = -1;
  bool use_scale_shift_norm = false;
  bool resblock_updown = false;
  bool use_new_attention_order = false;
  bool use_spatial_transformer = false;
  int64_t transformer_depth = 1;
  int64_t context_dim = -1;
  int64_t n_embed = -1;  // predict_codebook_ids (id_predictor head)
  bool legacy = true;
  std::vector<bool> disable_self_attentions;  // per level, empty = none
  std::vector<int64_t> num_attention_blocks;  // per level, empty = all
  bool disable_middle_self_attn = false;
  bool use_linear_in_transformer = false;
  // LDM Studio extension (CoordConv, Liu et al. 2018), not a UNetModel parameter: the network appends
  // this many fixed coordinate channels (x and y ramps from -1 to 1 across the input) to its input, so
  // the first convolution has in_channels + coord_channels inputs. Convolutions and attention without
  // position embeddings are otherwise (nearly) translation-equivariant: a small UNet cannot tell where
  // in the picture it is and places objects where the starting noise happens to favour them. 0 or 2.
  int64_t coord_channels = 0;

  int64_t levels() const { return static_cast<int64_t>(channel_mult.size()); }
  int64_t time_embed_dim() const { return model_channels * 4; }
  bool has_attention_at(int64_t ds) const;
  // Throws LoadError when the combination cannot be built.
  void validate() const;

  // `params` is unet_config.params of a CompVis config (the unet_config node itself, holding
  // target/params, is accepted too). Unknown options are a LoadError naming them.
  static UNetConfig from_compvis(const nlohmann::json& params);

  // Infers everything from the shapes of the tensors under model.diffusion_model. (prefix
  // already removed); never reads tensor data. Heads come from `heads` when given, else from
  // the defaults of the detected family (see unet_config.cpp). Unknown or inconsistent shapes
  // are a LoadError naming the key.
  static UNetConfig from_state_dict(const StateDict& weights, const std::optional<UNetHeads>& heads = std::nullopt);

  nlohmann::json to_json() const;

  // The layer list of every block, following the reference constructor step by step (including
  // its head arithmetic: num_heads is overwritten per level when num_head_channels is set).
  UNetPlan plan() const;
  // Every parameter name (as under model.diffusion_model.) with its shape, in module order.
  std::vector<std::pair<std::string, std::vector<int64_t>>> parameter_shapes() const;
  int64_t parameter_count() const;
  // The most bytes that one forward pass at latent size h x w holds in tensors at once, beyond its
  // weights, for `batch` samples (guidance's two halves count as two) of `element_bytes` each: the
  // input blocks' outputs kept for the skip connections, plus the largest layer's working set (a
  // ResBlock's normalised input, activation and convolutions; a transformer's q, k, v and its GEGLU
  // feed-forward; attention scores in blocks of at most 2^23). An estimate for refusing what cannot
  // fit before it runs, checked against measured peaks in tests/models/test_unet.cpp.
  int64_t forward_peak_bytes(int64_t batch, int64_t h, int64_t w, int64_t element_bytes) const;
};

}  // namespace ldm
