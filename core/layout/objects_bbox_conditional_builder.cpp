#include "core/layout/objects_bbox_conditional_builder.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/layout/python_random.h"

namespace ldm {
namespace {

double clamp01(double v) { return std::max(std::min(v, 1.0), 0.0); }

// utils.intersection_area on (x0, y0, w, h) rectangles.
double intersection_area(const LayoutObject& a, const BoundingBox& b) {
  const double x_overlap = std::max(0.0, std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x));
  const double y_overlap = std::max(0.0, std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y));
  return x_overlap * y_overlap;
}

// Python's round() on a float: half to even (the default FE_TONEAREST mode of nearbyint).
int64_t python_round(double v) { return static_cast<int64_t>(std::nearbyint(v)); }

}  // namespace

ObjectsBoundingBoxConditionalBuilder::ObjectsBoundingBoxConditionalBuilder(LayoutBuilderConfig config)
    : config_(config), no_sections_(static_cast<int>(std::sqrt(static_cast<double>(config.no_tokens)))) {}

int ObjectsBoundingBoxConditionalBuilder::embedding_dim() const {
  return config_.no_max_objects * object_descriptor_length() + (config_.encode_crop ? 2 : 0);
}

int64_t ObjectsBoundingBoxConditionalBuilder::tokenize_coordinates(double x, double y) const {
  const int64_t xd = python_round(x * (no_sections_ - 1));
  const int64_t yd = python_round(y * (no_sections_ - 1));
  return yd * no_sections_ + xd;
}

int64_t ObjectsBoundingBoxConditionalBuilder::object_representation(const LayoutObject& o) const {
  int64_t modifier = 0;
  if (config_.use_group_parameter) modifier |= o.is_group_of ? 1 : 0;
  if (config_.use_additional_parameters) {
    modifier |= o.is_occluded ? 2 : 0;
    modifier |= o.is_depiction ? 4 : 0;
    modifier |= o.is_inside ? 8 : 0;
  }
  return o.category_no + config_.no_object_classes * modifier;
}

std::vector<int64_t> ObjectsBoundingBoxConditionalBuilder::build(std::vector<LayoutObject> objects,
                                                                 std::optional<uint64_t> python_shuffle_seed,
                                                                 std::optional<BoundingBox> crop, bool horizontal_flip,
                                                                 std::vector<std::string>* warnings,
                                                                 std::vector<int>* order) const {
  if (objects.empty() && warnings) warnings->push_back("the layout has no boxes");
  if (static_cast<int>(objects.size()) > config_.no_max_objects) {
    if (warnings)
      warnings->push_back("the layout has " + std::to_string(objects.size()) + " boxes; the model takes " +
                          std::to_string(config_.no_max_objects) + ", the rest are ignored");
    objects.resize(static_cast<size_t>(config_.no_max_objects));
  }
  const BoundingBox full{0.0, 0.0, 1.0, 1.0};
  BoundingBox crop_box = crop.value_or(full);

  std::vector<int> index(objects.size());
  for (size_t i = 0; i < index.size(); ++i) index[i] = static_cast<int>(i);
  if (python_shuffle_seed) PythonRandom(*python_shuffle_seed).shuffle(index);

  std::vector<LayoutObject> kept;
  std::vector<int> kept_index;
  for (int i : index) {
    if (intersection_area(objects[static_cast<size_t>(i)], crop_box) > 0.0) {
      kept.push_back(objects[static_cast<size_t>(i)]);
      kept_index.push_back(i);
    }
  }
  if (warnings && kept.size() < index.size()) {
    const size_t outside = index.size() - kept.size();
    warnings->push_back(outside == 1 ? "1 layout box lies outside the image and is ignored"
                                     : std::to_string(outside) + " layout boxes lie outside the image and are ignored");
  }
  if (order) *order = kept_index;

  // rescale_annotations: with encode_crop the boxes are rescaled to the full crop and the crop
  // itself is encoded; otherwise they are rescaled into the crop.
  const BoundingBox scale_to = config_.encode_crop ? full : crop_box;
  for (auto& o : kept) {
    const double x0 = clamp01((o.x - scale_to.x) / scale_to.w);
    const double y0 = clamp01((o.y - scale_to.y) / scale_to.h);
    const double w = std::min(o.w / scale_to.w, 1.0 - x0);
    const double h = std::min(o.h / scale_to.h, 1.0 - y0);
    o.x = horizontal_flip ? 1.0 - (x0 + w) : x0;
    o.y = y0;
    o.w = w;
    o.h = h;
  }
  if (config_.encode_crop && horizontal_flip) crop_box.x = 1.0 - (crop_box.x + crop_box.w);

  std::vector<int64_t> tokens;
  tokens.reserve(static_cast<size_t>(embedding_dim()));
  for (const auto& o : kept) {
    tokens.push_back(object_representation(o));
    tokens.push_back(tokenize_coordinates(o.x, o.y));
    tokens.push_back(tokenize_coordinates(o.x + o.w, o.y + o.h));
  }
  for (size_t i = kept.size(); i < static_cast<size_t>(config_.no_max_objects); ++i)
    tokens.insert(tokens.end(), {none(), none(), none()});
  if (config_.encode_crop) {
    tokens.push_back(tokenize_coordinates(crop_box.x, crop_box.y));
    tokens.push_back(tokenize_coordinates(crop_box.x + crop_box.w, crop_box.y + crop_box.h));
  }
  for (int64_t t : tokens) {
    if (t < 0 || t >= config_.no_tokens)
      throw RequestError("a layout box gives token " + std::to_string(t) + ", outside the model's vocabulary of " +
                         std::to_string(config_.no_tokens) + ": check the class numbers and that coordinates lie in [0,1]");
  }
  return tokens;
}

std::vector<LayoutObject> ObjectsBoundingBoxConditionalBuilder::inverse_build(const std::vector<int64_t>& tokens,
                                                                              BoundingBox* crop) const {
  std::vector<LayoutObject> out;
  auto coords = [&](int64_t t, double* x, double* y) {
    *x = static_cast<double>(t % no_sections_) / (no_sections_ - 1);
    *y = static_cast<double>(t / no_sections_) / (no_sections_ - 1);
  };
  size_t n = tokens.size();
  if (config_.encode_crop && n >= 2) {
    if (crop) {
      double x0, y0, x1, y1;
      coords(tokens[n - 2], &x0, &y0);
      coords(tokens[n - 1], &x1, &y1);
      *crop = {x0, y0, x1 - x0, y1 - y0};
    }
    n -= 2;
  }
  for (size_t i = 0; i + 3 <= n; i += 3) {
    if (tokens[i] == none()) continue;
    LayoutObject o;
    const int64_t modifier = tokens[i] / config_.no_object_classes;
    o.category_no = tokens[i] % config_.no_object_classes;
    o.is_group_of = (modifier & 1) && config_.use_group_parameter;
    o.is_occluded = (modifier & 2) && config_.use_additional_parameters;
    o.is_depiction = (modifier & 4) && config_.use_additional_parameters;
    o.is_inside = (modifier & 8) && config_.use_additional_parameters;
    double x0, y0, x1, y1;
    coords(tokens[i + 1], &x0, &y0);
    coords(tokens[i + 2], &x1, &y1);
    o.x = x0;
    o.y = y0;
    o.w = x1 - x0;
    o.h = y1 - y0;
    out.push_back(o);
  }
  return out;
}

LayoutBuilderConfig layout_builder_config_from(const nlohmann::json& model_config) {
  LayoutBuilderConfig b;
  if (!model_config.is_object() || !model_config.contains("layout") || !model_config["layout"].is_object()) return b;
  const nlohmann::json& l = model_config["layout"];
  b.no_object_classes = l.value("no_object_classes", b.no_object_classes);
  b.no_max_objects = l.value("no_max_objects", b.no_max_objects);
  b.no_tokens = l.value("no_tokens", b.no_tokens);
  b.encode_crop = l.value("encode_crop", b.encode_crop);
  b.use_group_parameter = l.value("use_group_parameter", b.use_group_parameter);
  b.use_additional_parameters = l.value("use_additional_parameters", b.use_additional_parameters);
  b.raster = l.value("raster", b.raster);
  return b;
}

}  // namespace ldm
