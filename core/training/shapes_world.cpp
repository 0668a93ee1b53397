#include "core/training/shapes_world.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ldm {
namespace {

constexpr double kPi = 3.14159265358979323846;

// SplitMix64: a tiny generator with a fully specified output (std:: distributions are not
// portable across standard libraries, and the dataset must be the same everywhere).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  int below(int n) { return static_cast<int>(uniform() * n); }

 private:
  uint64_t state_;
};

uint64_t stream_seed(uint64_t seed, uint64_t index) {
  Rng r(seed * 0xD1B54A32D192ED03ull + index);
  r.next();
  return r.next();
}

struct PaletteEntry {
  const char* name;
  uint8_t r, g, b;
};
// Eight well-separated hues at full saturation (the evaluation tells them apart by hue alone).
constexpr PaletteEntry kPalette[kShapeColours] = {
    {"red", 220, 30, 30},    {"orange", 245, 135, 15}, {"yellow", 235, 215, 20}, {"green", 30, 170, 50},
    {"cyan", 25, 200, 215},  {"blue", 35, 70, 225},    {"purple", 135, 45, 200}, {"pink", 240, 80, 175},
};
constexpr const char* kShapeNames[kShapeKinds] = {"circle", "square", "triangle", "diamond", "star"};
constexpr const char* kSizeNames[kShapeSizes] = {"small", "", "large"};
constexpr double kSizeRadius[kShapeSizes] = {0.09, 0.14, 0.2};

std::array<uint8_t, 3> hsv_to_rgb(double h, double s, double v) {
  const double c = v * s, hp = std::fmod(h / 60.0, 6.0), x = c * (1 - std::fabs(std::fmod(hp, 2.0) - 1));
  double r = 0, g = 0, b = 0;
  if (hp < 1) r = c, g = x;
  else if (hp < 2) r = x, g = c;
  else if (hp < 3) g = c, b = x;
  else if (hp < 4) g = x, b = c;
  else if (hp < 5) r = x, b = c;
  else r = c, b = x;
  const double m = v - c;
  auto u8 = [](double t) { return static_cast<uint8_t>(std::lround(std::clamp(t, 0.0, 1.0) * 255.0)); };
  return {u8(r + m), u8(g + m), u8(b + m)};
}

std::array<uint8_t, 3> background_colour(Rng& rng) {
  return hsv_to_rgb(rng.uniform(0, 360), rng.uniform(0.0, 0.12), rng.uniform(0.6, 0.95));
}

// Point-in-shape in the shape's own frame: u, v in [-1, 1] across its box, v pointing down.
bool inside(int shape, double u, double v) {
  switch (static_cast<ShapeKind>(shape)) {
    case ShapeKind::Circle: return u * u + v * v <= 1.0;
    case ShapeKind::Square: return std::fabs(u) <= 1.0 && std::fabs(v) <= 1.0;
    case ShapeKind::Triangle: return v >= -1.0 && v <= 1.0 && std::fabs(u) <= (v + 1.0) * 0.5;
    case ShapeKind::Diamond: return std::fabs(u) + std::fabs(v) <= 1.0;
    case ShapeKind::Star: {
      // Five points up, inner radius 0.45 of the outer; centred so the star spans v in [-1, 1].
      const double vy = v * 0.9045 - 0.0955;  // the outer polygon spans [-1, cos 36] around its centre
      const double r = std::sqrt(u * u + vy * vy);
      if (r > 1.0) return false;
      double a = std::atan2(u, -vy);  // 0 at the top point
      if (a < 0) a += 2 * kPi;
      const double sector = 2 * kPi / 5, half = sector / 2;
      double t = std::fmod(a, sector);
      if (t > half) t = sector - t;  // 0 at a point, half at a notch
      // Radius of the edge from the point (1 at t=0) to the notch (0.45 at t=half), as a straight line.
      const double px = 0.0, py = 1.0;
      const double nx = 0.45 * std::sin(half), ny = 0.45 * std::cos(half);
      const double dx = std::sin(t), dy = std::cos(t);
      // Intersect the ray (dx, dy) with the segment point->notch.
      const double ex = nx - px, ey = ny - py;
      const double denom = dx * ey - dy * ex;
      const double s = (px * ey - py * ex) / denom;
      return r <= s;
    }
  }
  return false;
}

std::string with_article(const std::string& phrase) {
  const char c = phrase.empty() ? 'x' : phrase[0];
  return (std::string("aeiou").find(c) != std::string::npos ? "an " : "a ") + phrase;
}

std::string object_phrase(const ShapeObject& o) {
  std::string p;
  if (*kSizeNames[o.size]) p = std::string(kSizeNames[o.size]) + " ";
  p += std::string(kPalette[o.colour].name) + " " + kShapeNames[o.shape];
  return with_article(p);
}

bool overlaps(const ShapeObject& a, const ShapeObject& b, double margin) {
  return a.x0() < b.x1() + margin && b.x0() < a.x1() + margin && a.y0() < b.y1() + margin && b.y0() < a.y1() + margin;
}

// Whether the relation of two objects is clear (one axis dominates) so that the caption is right.
bool clear_relation(const ShapeObject& a, const ShapeObject& b) {
  const double dx = std::fabs(b.cx - a.cx), dy = std::fabs(b.cy - a.cy);
  return std::max(dx, dy) >= 1.4 * std::min(dx, dy) && std::max(dx, dy) > 0.15;
}

}  // namespace

const char* shape_name(int shape) { return kShapeNames[shape]; }
const char* colour_name(int colour) { return kPalette[colour].name; }
std::array<uint8_t, 3> colour_rgb(int colour) { return {kPalette[colour].r, kPalette[colour].g, kPalette[colour].b}; }

double colour_hue(int colour) {
  const double r = kPalette[colour].r / 255.0, g = kPalette[colour].g / 255.0, b = kPalette[colour].b / 255.0;
  const double mx = std::max({r, g, b}), mn = std::min({r, g, b}), d = mx - mn;
  double h = 0;
  if (d <= 0) return 0;
  if (mx == r) h = std::fmod((g - b) / d, 6.0);
  else if (mx == g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  h *= 60;
  return h < 0 ? h + 360 : h;
}

std::string shape_class_label(int class_number) {
  if (class_number < 0 || class_number >= kShapeClasses) throw std::out_of_range("shape class");
  return std::string(kPalette[class_number / kShapeKinds].name) + " " + kShapeNames[class_number % kShapeKinds];
}

std::string ShapeObject::label() const { return std::string(kPalette[colour].name) + " " + kShapeNames[shape]; }

std::string shape_caption(const std::vector<ShapeObject>& objects) {
  if (objects.empty()) return "";
  if (objects.size() == 1) return object_phrase(objects[0]);
  if (objects.size() == 2) {
    const ShapeObject& a = objects[0];
    const ShapeObject& b = objects[1];
    const double dx = b.cx - a.cx, dy = b.cy - a.cy;
    const char* rel = std::fabs(dx) >= std::fabs(dy) ? (dx > 0 ? "left of" : "right of") : (dy > 0 ? "above" : "below");
    return object_phrase(a) + " " + rel + " " + object_phrase(b);
  }
  std::vector<ShapeObject> sorted = objects;
  std::stable_sort(sorted.begin(), sorted.end(), [](const ShapeObject& p, const ShapeObject& q) { return p.cx < q.cx; });
  std::string c;
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) c += i + 1 == sorted.size() ? " and " : ", ";
    c += object_phrase(sorted[i]);
  }
  return c;
}

std::string inpainting_prompt(const ShapeScene& scene, int hidden_object, double object_prompt, uint64_t index) {
  if (hidden_object < 0 || hidden_object >= static_cast<int>(scene.objects.size())) return scene.caption;
  Rng rng(stream_seed(0x1a2b3c4dull, index));
  if (rng.uniform() >= object_prompt) return scene.caption;
  return shape_caption({scene.objects[static_cast<size_t>(hidden_object)]});
}

ShapesWorld::ShapesWorld(ShapesWorldOptions options) : options_(options) {
  if (options_.max_objects < 1 || options_.max_objects > 4) throw std::invalid_argument("max_objects must be 1..4");
}

ShapeScene ShapesWorld::scene_with(std::vector<ShapeObject> objects, uint64_t index) const {
  Rng rng(stream_seed(options_.seed ^ 0x5bd1e995ull, index));
  ShapeScene s;
  s.gradient = rng.below(4);
  s.background_a = background_colour(rng);
  s.background_b = s.gradient ? background_colour(rng) : s.background_a;
  std::vector<ShapeObject> placed;
  for (ShapeObject o : objects) {
    if (o.radius <= 0) o.radius = kSizeRadius[o.size];
    if (o.cx < 0 || o.cy < 0) {
      for (int attempt = 0; attempt < 200; ++attempt) {
        o.cx = rng.uniform(o.radius + 0.02, 1 - o.radius - 0.02);
        o.cy = rng.uniform(o.radius + 0.02, 1 - o.radius - 0.02);
        bool ok = true;
        for (const auto& p : placed) ok = ok && !overlaps(o, p, 0.03);
        if (ok && placed.size() == 1 && objects.size() == 2) ok = clear_relation(placed[0], o);
        if (ok) break;
      }
    }
    placed.push_back(o);
  }
  s.objects = placed;
  s.caption = shape_caption(s.objects);
  return s;
}

ShapeScene ShapesWorld::scene(uint64_t index) const {
  Rng rng(stream_seed(options_.seed, index));
  double total = 0;
  for (int i = 0; i < options_.max_objects; ++i) total += options_.object_count_weights[static_cast<size_t>(i)];
  double pick = rng.uniform() * total;
  int count = 1;
  for (int i = 0; i < options_.max_objects; ++i) {
    pick -= options_.object_count_weights[static_cast<size_t>(i)];
    if (pick < 0) {
      count = i + 1;
      break;
    }
    count = i + 1;
  }
  ShapeScene s;
  s.gradient = rng.below(4);
  s.background_a = background_colour(rng);
  s.background_b = s.gradient ? background_colour(rng) : s.background_a;
  for (int tries = 0; tries < 20 && static_cast<int>(s.objects.size()) < count; ++tries) {
    s.objects.clear();
    for (int k = 0; k < count; ++k) {
      ShapeObject o;
      o.shape = rng.below(kShapeKinds);
      o.colour = rng.below(kShapeColours);
      // Crowded scenes get smaller objects so they fit.
      o.size = count >= 3 ? rng.below(2) : rng.below(kShapeSizes);
      o.radius = kSizeRadius[o.size] * rng.uniform(0.92, 1.08);
      bool placed = false;
      for (int attempt = 0; attempt < 100 && !placed; ++attempt) {
        o.cx = rng.uniform(o.radius + 0.02, 1 - o.radius - 0.02);
        o.cy = rng.uniform(o.radius + 0.02, 1 - o.radius - 0.02);
        placed = true;
        for (const auto& p : s.objects) placed = placed && !overlaps(o, p, 0.03);
        if (placed && count == 2 && k == 1) placed = clear_relation(s.objects[0], o);
      }
      if (!placed) break;
      s.objects.push_back(o);
    }
  }
  s.caption = shape_caption(s.objects);
  return s;
}

Image render_scene(const ShapeScene& scene, int size, int skip) {
  Image im = Image::blank(size, size, 3);
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      double t = 0;
      const double fx = (x + 0.5) / size, fy = (y + 0.5) / size;
      if (scene.gradient == 1) t = fx;
      else if (scene.gradient == 2) t = fy;
      else if (scene.gradient == 3) t = 0.5 * (fx + fy);
      uint8_t* p = im.at(x, y);
      for (int c = 0; c < 3; ++c)
        p[c] = static_cast<uint8_t>(std::lround(scene.background_a[c] * (1 - t) + scene.background_b[c] * t));
    }
  }
  constexpr int kSuper = 4;
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    if (static_cast<int>(k) == skip) continue;
    const ShapeObject& o = scene.objects[k];
    const auto rgb = colour_rgb(o.colour);
    const int x0 = std::max(0, static_cast<int>(std::floor(o.x0() * size)) - 1);
    const int x1 = std::min(size - 1, static_cast<int>(std::ceil(o.x1() * size)) + 1);
    const int y0 = std::max(0, static_cast<int>(std::floor(o.y0() * size)) - 1);
    const int y1 = std::min(size - 1, static_cast<int>(std::ceil(o.y1() * size)) + 1);
    for (int y = y0; y <= y1; ++y) {
      for (int x = x0; x <= x1; ++x) {
        int hits = 0;
        for (int sy = 0; sy < kSuper; ++sy) {
          for (int sx = 0; sx < kSuper; ++sx) {
            const double px = (x + (sx + 0.5) / kSuper) / size, py = (y + (sy + 0.5) / kSuper) / size;
            hits += inside(o.shape, (px - o.cx) / o.radius, (py - o.cy) / o.radius);
          }
        }
        if (!hits) continue;
        const double a = static_cast<double>(hits) / (kSuper * kSuper);
        uint8_t* p = im.at(x, y);
        for (int c = 0; c < 3; ++c) p[c] = static_cast<uint8_t>(std::lround(p[c] * (1 - a) + rgb[static_cast<size_t>(c)] * a));
      }
    }
  }
  return im;
}

Image render_object_mask(const ShapeObject& o, int size) {
  Image m = Image::blank(size, size, 1);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      if (inside(o.shape, ((x + 0.5) / size - o.cx) / o.radius, ((y + 0.5) / size - o.cy) / o.radius)) *m.at(x, y) = 255;
  return m;
}

}  // namespace ldm
