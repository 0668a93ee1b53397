#pragma once
// Simple image analysers for judging shapes-world pictures without any model: hue classification
// of saturated pixels, connected components, and a shape classifier on contour features (extent,
// centroid offset, boundary length) whose prototypes are measured on ground-truth renders.
// Header-only (tests only).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "core/api/image.h"
#include "core/training/shapes_world.h"

namespace ldm::test {

// Palette colour of a pixel: -1 for unsaturated (background) pixels, else the nearest palette hue.
inline int pixel_colour(const uint8_t* p) {
  const double r = p[0] / 255.0, g = p[1] / 255.0, b = p[2] / 255.0;
  const double mx = std::max({r, g, b}), mn = std::min({r, g, b}), d = mx - mn;
  if (mx < 0.25 || d / std::max(mx, 1e-6) < 0.4) return -1;
  double h;
  if (mx == r) h = std::fmod((g - b) / d, 6.0);
  else if (mx == g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  h *= 60;
  if (h < 0) h += 360;
  int best = -1;
  double best_d = 1e9;
  for (int c = 0; c < kShapeColours; ++c) {
    double dh = std::fabs(h - colour_hue(c));
    dh = std::min(dh, 360 - dh);
    if (dh < best_d) best_d = dh, best = c;
  }
  return best;
}

struct Component {
  int colour = -1;
  int area = 0;
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // inclusive pixel bounds
  double cx = 0, cy = 0;               // centroid, pixels
  int boundary = 0;                    // pixels with a 4-neighbour outside the component
  double extent() const { return static_cast<double>(area) / ((x1 - x0 + 1) * (y1 - y0 + 1)); }
  // Centroid below the box centre, as a fraction of the box height (triangles: ~ +1/6).
  double centroid_offset() const { return (cy - 0.5 * (y0 + y1)) / (y1 - y0 + 1); }
  double compactness() const { return boundary / std::sqrt(std::max(area, 1)); }
  // Box in [0,1] image coordinates.
  std::array<double, 4> box(int w, int h) const { return {double(x0) / w, double(y0) / h, double(x1 + 1) / w, double(y1 + 1) / h}; }
};

// 4-connected components of equal palette colour, largest first; components under `min_area` dropped.
inline std::vector<Component> colour_components(const Image& im, int min_area = 6) {
  const int w = im.width, h = im.height;
  std::vector<int> label(static_cast<size_t>(w) * h), comp(static_cast<size_t>(w) * h, -1);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) label[static_cast<size_t>(y) * w + x] = pixel_colour(im.at(x, y));
  std::vector<Component> out;
  std::vector<int> stack;
  for (int start = 0; start < w * h; ++start) {
    if (label[static_cast<size_t>(start)] < 0 || comp[static_cast<size_t>(start)] >= 0) continue;
    const int id = static_cast<int>(out.size());
    Component c;
    c.colour = label[static_cast<size_t>(start)];
    c.x0 = w, c.y0 = h, c.x1 = -1, c.y1 = -1;
    std::vector<int> pixels;
    stack.assign(1, start);
    comp[static_cast<size_t>(start)] = id;
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      pixels.push_back(i);
      const int x = i % w, y = i / w;
      const int nb[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
      for (const auto& n : nb) {
        if (n[0] < 0 || n[1] < 0 || n[0] >= w || n[1] >= h) continue;
        const int j = n[1] * w + n[0];
        if (comp[static_cast<size_t>(j)] < 0 && label[static_cast<size_t>(j)] == c.colour) {
          comp[static_cast<size_t>(j)] = id;
          stack.push_back(j);
        }
      }
    }
    for (int i : pixels) {
      const int x = i % w, y = i / w;
      c.area++;
      c.cx += x;
      c.cy += y;
      c.x0 = std::min(c.x0, x), c.x1 = std::max(c.x1, x), c.y0 = std::min(c.y0, y), c.y1 = std::max(c.y1, y);
      bool edge = false;
      const int nb[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
      for (const auto& n : nb)
        edge = edge || n[0] < 0 || n[1] < 0 || n[0] >= w || n[1] >= h || comp[static_cast<size_t>(n[1] * w + n[0])] != id;
      c.boundary += edge;
    }
    c.cx /= c.area;
    c.cy /= c.area;
    out.push_back(c);
  }
  out.erase(std::remove_if(out.begin(), out.end(), [&](const Component& c) { return c.area < min_area; }), out.end());
  std::sort(out.begin(), out.end(), [](const Component& a, const Component& b) { return a.area > b.area; });
  return out;
}

// Tinted pixels (max - min channel >= 48 levels) farther than `margin` pixels (Chebyshev) from every
// object of the asked colour
// (components of `colour` with at least `min_object_area` pixels): colour where the picture should
// show background, such as stray strokes or streaks along the border. A second object of the asked
// colour is not counted (object counts are judged elsewhere).
inline int stray_saturated_pixels(const Image& im, int colour, int min_object_area = 12, int margin = 2) {
  std::vector<Component> objects;
  for (const Component& c : colour_components(im, min_object_area))
    if (c.colour == colour) objects.push_back(c);
  int n = 0;
  for (int y = 0; y < im.height; ++y) {
    for (int x = 0; x < im.width; ++x) {
      // Tinted, not only saturated: a streak is often a faint magenta over the grey background.
      const uint8_t* p = im.at(x, y);
      const int mx = std::max({p[0], p[1], p[2]}), mn = std::min({p[0], p[1], p[2]});
      if (mx - mn < 48) continue;
      bool near = false;
      for (const Component& c : objects)
        near = near || (x >= c.x0 - margin && x <= c.x1 + margin && y >= c.y0 - margin && y <= c.y1 + margin);
      n += !near;
    }
  }
  return n;
}

// Nearest-prototype shape classifier; prototypes are feature means over ground-truth renders.
class ShapeClassifier {
 public:
  // Renders `per_shape` scenes of each shape (all colours and sizes) at `size` and averages features.
  explicit ShapeClassifier(int size, int per_shape = 48) {
    const ShapesWorld world(ShapesWorldOptions{777});
    std::array<std::array<double, 3>, kShapeKinds> sum{};
    std::array<double, 3> sq{}, tot{};
    int n_all = 0;
    for (int s = 0; s < kShapeKinds; ++s) {
      int n = 0;
      for (int i = 0; i < per_shape; ++i) {
        ShapeObject o;
        o.shape = s;
        o.colour = i % kShapeColours;
        o.size = i % kShapeSizes;
        o.cx = o.cy = -1;
        const Image im = render_scene(world.scene_with({o}, static_cast<uint64_t>(s * 1000 + i)), size);
        const auto comps = colour_components(im);
        if (comps.empty()) continue;
        const auto f = features(comps[0]);
        for (int k = 0; k < 3; ++k) sum[static_cast<size_t>(s)][static_cast<size_t>(k)] += f[static_cast<size_t>(k)], sq[static_cast<size_t>(k)] += f[static_cast<size_t>(k)] * f[static_cast<size_t>(k)], tot[static_cast<size_t>(k)] += f[static_cast<size_t>(k)];
        ++n, ++n_all;
      }
      for (int k = 0; k < 3; ++k) proto_[static_cast<size_t>(s)][static_cast<size_t>(k)] = sum[static_cast<size_t>(s)][static_cast<size_t>(k)] / std::max(n, 1);
    }
    for (int k = 0; k < 3; ++k) {
      const double mean = tot[static_cast<size_t>(k)] / n_all;
      scale_[static_cast<size_t>(k)] = std::sqrt(std::max(sq[static_cast<size_t>(k)] / n_all - mean * mean, 1e-8));
    }
  }
  static std::array<double, 3> features(const Component& c) { return {c.extent(), c.centroid_offset(), c.compactness()}; }
  int classify(const Component& c) const {
    const auto f = features(c);
    int best = 0;
    double best_d = std::numeric_limits<double>::max();
    for (int s = 0; s < kShapeKinds; ++s) {
      double d = 0;
      for (int k = 0; k < 3; ++k) {
        const double z = (f[static_cast<size_t>(k)] - proto_[static_cast<size_t>(s)][static_cast<size_t>(k)]) / scale_[static_cast<size_t>(k)];
        d += z * z;
      }
      if (d < best_d) best_d = d, best = s;
    }
    return best;
  }

 private:
  std::array<std::array<double, 3>, kShapeKinds> proto_{};
  std::array<double, 3> scale_{};
};

inline double box_iou(const std::array<double, 4>& a, const std::array<double, 4>& b) {
  const double ix = std::max(0.0, std::min(a[2], b[2]) - std::max(a[0], b[0]));
  const double iy = std::max(0.0, std::min(a[3], b[3]) - std::max(a[1], b[1]));
  const double inter = ix * iy;
  const double u = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return u > 0 ? inter / u : 0.0;
}

inline double psnr_u8(const Image& a, const Image& b) {
  double se = 0;
  for (size_t i = 0; i < a.pixels.size(); ++i) {
    const double d = static_cast<double>(a.pixels[i]) - b.pixels[i];
    se += d * d;
  }
  const double mse = se / static_cast<double>(a.pixels.size());
  return 10 * std::log10(255.0 * 255.0 / std::max(mse, 1e-10));
}

}  // namespace ldm::test
