#pragma once
// taming.data.conditional_builder.objects_bbox.ObjectsBoundingBoxConditionalBuilder (with the
// parts of ObjectsCenterPointsConditionalBuilder and conditional_builder.utils it uses): bounding
// boxes -> the integer token sequence the LDM layout model's BERTEmbedder reads.
// Layout: no_max_objects triples (class token, top-left token, bottom-right token), padded with
// (none, none, none), then the two crop tokens. Torch-free.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ldm {

struct LayoutObject {
  int64_t category_no = 0;       // class number (LayoutClasses)
  double x = 0, y = 0, w = 0, h = 0;  // (x0, y0, width, height) in [0,1] of the image
  bool is_group_of = false, is_occluded = false, is_depiction = false, is_inside = false;
};

struct BoundingBox {
  double x = 0, y = 0, w = 1, h = 1;
};

struct LayoutBuilderConfig {
  // Values of the OpenImages layout model (configs/open_images_scene_images_transformer.yaml in
  // taming; vocab 8192 and sequence 92 = 30*3+2 in the LDM config).
  int no_object_classes = 340;
  int no_max_objects = 30;
  int no_tokens = 8192;
  bool encode_crop = true;
  bool use_group_parameter = true;
  bool use_additional_parameters = true;
  // LDM Studio extension (core/layout/layout_raster.h): the UNet also reads the boxes painted into a
  // one-hot class map (c_concat). Not a builder setting: the tokens are the same either way.
  bool raster = false;
};

// The builder settings of a layout model: the `layout:` section of its config.yaml (LDM Studio's
// bundled layout model writes one: no_object_classes, no_max_objects, no_tokens, encode_crop,
// use_group_parameter, use_additional_parameters), the OpenImages values above where absent.
LayoutBuilderConfig layout_builder_config_from(const nlohmann::json& model_config);

class ObjectsBoundingBoxConditionalBuilder {
 public:
  explicit ObjectsBoundingBoxConditionalBuilder(LayoutBuilderConfig config = {});

  const LayoutBuilderConfig& config() const { return config_; }
  int64_t none() const { return config_.no_tokens - 1; }
  int no_sections() const { return no_sections_; }
  int object_descriptor_length() const { return 3; }
  int embedding_dim() const;  // 92 for the defaults

  // round(y*(S-1))*S + round(x*(S-1)) with round-half-to-even, as Python's round().
  int64_t tokenize_coordinates(double x, double y) const;
  int64_t object_representation(const LayoutObject& o) const;  // category_no + classes * modifier

  // build(): keeps the first no_max_objects objects; when `python_shuffle_seed` is given, shuffles
  // them exactly as `random.seed(seed); random.shuffle(...)` would (the reference shuffles with
  // the global Python generator; without a seed the order given is kept); drops boxes outside the
  // crop; rescales; pads; appends the crop tokens. Messages for the user go to `warnings`.
  // Throws RequestError when a token would fall outside the vocabulary.
  std::vector<int64_t> build(std::vector<LayoutObject> objects, std::optional<uint64_t> python_shuffle_seed = {},
                             std::optional<BoundingBox> crop = {}, bool horizontal_flip = false,
                             std::vector<std::string>* warnings = nullptr,
                             std::vector<int>* order = nullptr) const;

  // inverse_build(): the objects (category_no and flags from the class token, box from the
  // coordinate tokens) and the crop.
  std::vector<LayoutObject> inverse_build(const std::vector<int64_t>& tokens, BoundingBox* crop = nullptr) const;

 private:
  LayoutBuilderConfig config_;
  int no_sections_;
};

}  // namespace ldm
