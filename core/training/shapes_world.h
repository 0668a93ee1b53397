#pragma once
// "Shapes world": the procedural dataset LDM Studio's bundled models are trained on. Coloured
// geometric shapes on plain or gradient backgrounds, with a caption ("a red circle above a small
// blue square") and bounding boxes labelled "red circle". Every scene is a pure function of
// (seed, index), so the training data, the validation data and the evaluation prompts are
// reproducible on any machine. Torch-free.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/api/image.h"

namespace ldm {

enum class ShapeKind { Circle, Square, Triangle, Diamond, Star };
constexpr int kShapeKinds = 5;
constexpr int kShapeColours = 8;
constexpr int kShapeSizes = 3;
constexpr int kShapeClasses = kShapeColours * kShapeKinds;  // "red circle" ... "pink star"

const char* shape_name(int shape);    // "circle", ...
const char* colour_name(int colour);  // "red", "orange", "yellow", "green", "cyan", "blue", "purple", "pink"
std::array<uint8_t, 3> colour_rgb(int colour);
// Hue in degrees [0, 360) of each palette colour (what the evaluation's hue analyser compares to).
double colour_hue(int colour);
// Layout class number of a (colour, shape) pair and its label ("red circle").
inline int shape_class(int colour, int shape) { return colour * kShapeKinds + shape; }
std::string shape_class_label(int class_number);

struct ShapeObject {
  int shape = 0, colour = 0, size = 1;  // size: 0 small, 1 medium, 2 large
  double cx = 0.5, cy = 0.5;            // centre, fraction of the image
  double radius = 0.1;                  // half the box side, fraction of the image
  // Box the shape fills, normalised [0,1] (x0, y0, x1, y1).
  double x0() const { return cx - radius; }
  double y0() const { return cy - radius; }
  double x1() const { return cx + radius; }
  double y1() const { return cy + radius; }
  std::string label() const;  // "red circle"
};

struct ShapeScene {
  std::vector<ShapeObject> objects;
  std::array<uint8_t, 3> background_a{}, background_b{};
  int gradient = 0;  // 0 plain, 1 horizontal, 2 vertical, 3 diagonal
  std::string caption;
};

struct ShapesWorldOptions {
  uint64_t seed = 0;
  int max_objects = 4;  // 1..4
  // Probabilities of 1, 2, 3, 4 objects (normalised over the first max_objects).
  std::array<double, 4> object_count_weights{0.4, 0.35, 0.15, 0.1};
};

class ShapesWorld {
 public:
  explicit ShapesWorld(ShapesWorldOptions options = {});
  // Scene number `index` (any 64-bit value; independent streams per index).
  ShapeScene scene(uint64_t index) const;
  // A scene with exactly these objects (positions chosen when cx/cy < 0), background from `index`.
  ShapeScene scene_with(std::vector<ShapeObject> objects, uint64_t index) const;
  const ShapesWorldOptions& options() const { return options_; }

 private:
  ShapesWorldOptions options_;
};

// The caption of a scene's objects (the same rules as training: 1 object "a large red circle";
// 2 objects with their relation; 3-4 listed left to right).
std::string shape_caption(const std::vector<ShapeObject>& objects);
// The prompt of an inpainting training example: the scene's caption, or, when the mask hides one object
// (hidden_object >= 0) and with probability `object_prompt` (drawn from `index` alone, so the data is
// fixed), that object's own phrase ("a small orange diamond"), which is what a user types to fill a hole.
std::string inpainting_prompt(const ShapeScene& scene, int hidden_object, double object_prompt, uint64_t index);
// Renders RGB u8 at size x size, 4x4 supersampled edges. `skip` leaves one object out (-1: none).
Image render_scene(const ShapeScene& scene, int size, int skip = -1);
// The binary coverage mask (255 inside) of one object at size x size.
Image render_object_mask(const ShapeObject& object, int size);

}  // namespace ldm
