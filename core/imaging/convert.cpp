#include "core/imaging/convert.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "core/error.h"

namespace ldm {

namespace {

void check_image(const Image& im, const char* what) {
  if (im.width <= 0 || im.height <= 0 || im.channels <= 0 ||
      im.pixels.size() != static_cast<size_t>(im.width) * im.height * im.channels) {
    throw Error(std::string(what) + " is empty or its pixel buffer does not match its size");
  }
}

void check_planar(const PlanarImage& p, const char* what) {
  if (p.width <= 0 || p.height <= 0 || p.channels <= 0 ||
      p.data.size() != static_cast<size_t>(p.width) * p.height * p.channels) {
    throw Error(std::string(what) + " is empty or its data does not match its size");
  }
}

// One output sample along one axis: sum of weights[k] * in[first + k] (k < count), or for the
// non-antialiased filters an explicit (index, weight) list, since PyTorch clamps indices there.
struct Taps {
  std::vector<int> index;     // per output: max_taps entries
  std::vector<float> weight;  // per output: max_taps entries (unused taps weigh 0, index 0)
  std::vector<int> count;
  int max_taps = 0;
};

float triangle(float x) {
  if (x < 0.f) x = -x;
  if (x < 1.f) return 1.f - x;
  return 0.f;
}

float cubic_aa(float x) {  // Keys with a = -0.5, as PyTorch's antialiased bicubic (and PIL)
  const double a = -0.5;
  if (x < 0.f) x = -x;
  if (x < 1.f) return static_cast<float>(((a + 2.0) * x - (a + 3.0)) * x * x + 1);
  if (x < 2.f) return static_cast<float>((((x - 5) * x + 8) * x - 4) * a);
  return 0.f;
}

// aten/src/ATen/native/cpu/UpSampleKernel.cpp (_compute_indices_weights_aa), float arithmetic
// with the same mixed float/double steps so that the weights are bit-identical.
Taps antialias_taps(int in, int out, float (*filter)(float), int interp_size) {
  const float scale = static_cast<float>(in) / out;
  const float support = (scale >= 1.0) ? (interp_size * 0.5f) * scale : interp_size * 0.5f;
  Taps t;
  t.max_taps = static_cast<int>(std::ceil(support)) * 2 + 1;
  t.index.assign(static_cast<size_t>(out) * t.max_taps, 0);
  t.weight.assign(static_cast<size_t>(out) * t.max_taps, 0.f);
  t.count.assign(out, 0);
  for (int i = 0; i < out; ++i) {
    const float center = scale * (i + 0.5);
    const float invscale = (scale >= 1.0) ? 1.0 / scale : 1.0;
    const int64_t xmin = std::max(static_cast<int64_t>(center - support + 0.5), int64_t(0));
    const int64_t xsize = std::min(static_cast<int64_t>(center + support + 0.5), int64_t(in)) - xmin;
    float* w = &t.weight[static_cast<size_t>(i) * t.max_taps];
    int* idx = &t.index[static_cast<size_t>(i) * t.max_taps];
    float total = 0.f;
    for (int64_t j = 0; j < xsize; ++j) {
      w[j] = filter(static_cast<float>((j + xmin - center + 0.5) * invscale));
      idx[j] = static_cast<int>(xmin + j);
      total += w[j];
    }
    if (total != 0.f) {
      for (int64_t j = 0; j < xsize; ++j) w[j] /= total;
    }
    t.count[i] = static_cast<int>(xsize);
  }
  return t;
}

Taps fixed_taps(int out, int n) {
  Taps t;
  t.max_taps = n;
  t.index.assign(static_cast<size_t>(out) * n, 0);
  t.weight.assign(static_cast<size_t>(out) * n, 0.f);
  t.count.assign(out, n);
  return t;
}

Taps make_taps(int in, int out, ResizeFilter filter) {
  const float scale = static_cast<float>(in) / out;  // area_pixel_compute_scale, align_corners=False
  switch (filter) {
    case ResizeFilter::BilinearAntialias: return antialias_taps(in, out, triangle, 2);
    case ResizeFilter::BicubicAntialias: return antialias_taps(in, out, cubic_aa, 4);
    case ResizeFilter::Nearest: {
      Taps t = fixed_taps(out, 1);
      for (int i = 0; i < out; ++i) {
        int src = out == in ? i : out == 2 * in ? (i >> 1)
                                 : std::min(static_cast<int>(std::floor(i * scale)), in - 1);
        t.index[i] = src;
        t.weight[i] = 1.f;
      }
      return t;
    }
    case ResizeFilter::Bilinear: {
      Taps t = fixed_taps(out, 2);
      for (int i = 0; i < out; ++i) {
        // area_pixel_compute_source_index: evaluated in double, stored as float.
        float src = static_cast<float>(scale * (i + 0.5) - 0.5);
        if (src < 0.f) src = 0.f;
        const int i0 = static_cast<int>(src);
        const int i1 = i0 + (i0 < in - 1 ? 1 : 0);
        const float l1 = src - i0;
        t.index[2 * i] = i0;
        t.index[2 * i + 1] = i1;
        t.weight[2 * i] = 1.f - l1;
        t.weight[2 * i + 1] = l1;
      }
      return t;
    }
    case ResizeFilter::Bicubic: {
      Taps t = fixed_taps(out, 4);
      const float a = -0.75f;
      for (int i = 0; i < out; ++i) {
        const float src = static_cast<float>(scale * (i + 0.5) - 0.5);  // not clamped for cubic
        const int x0 = static_cast<int>(std::floor(src));
        const float x = src - x0;
        // Keys cubic convolution weights for the neighbours at distances 1+x, x, 1-x, 2-x.
        auto near = [a](float d) { return ((a + 2) * d - (a + 3)) * d * d + 1; };
        auto far = [a](float d) { return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a; };
        const float w[4] = {far(x + 1.f), near(x), near(1.f - x), far(2.f - x)};
        for (int k = 0; k < 4; ++k) {
          t.index[4 * i + k] = std::clamp(x0 - 1 + k, 0, in - 1);
          t.weight[4 * i + k] = w[k];
        }
      }
      return t;
    }
    case ResizeFilter::Area: {
      int max_taps = 0;
      for (int i = 0; i < out; ++i) {
        const int start = static_cast<int>((static_cast<int64_t>(i) * in) / out);
        const int end = static_cast<int>((static_cast<int64_t>(i + 1) * in + out - 1) / out);
        max_taps = std::max(max_taps, end - start);
      }
      Taps t = fixed_taps(out, max_taps);
      for (int i = 0; i < out; ++i) {
        const int start = static_cast<int>((static_cast<int64_t>(i) * in) / out);
        const int end = static_cast<int>((static_cast<int64_t>(i + 1) * in + out - 1) / out);
        t.count[i] = end - start;
        for (int k = 0; k < end - start; ++k) {
          t.index[static_cast<size_t>(i) * max_taps + k] = start + k;
          t.weight[static_cast<size_t>(i) * max_taps + k] = 1.f / (end - start);
        }
      }
      return t;
    }
  }
  throw Error("unknown resize filter");
}

float apply(const Taps& t, int i, const float* src, size_t stride) {
  const size_t base = static_cast<size_t>(i) * t.max_taps;
  float acc = 0.f;
  for (int k = 0; k < t.count[i]; ++k) acc += src[static_cast<size_t>(t.index[base + k]) * stride] * t.weight[base + k];
  return acc;
}

}  // namespace

PlanarImage to_planar(const Image& image, ValueRange range) {
  check_image(image, "image");
  PlanarImage p = PlanarImage::zeros(image.channels, image.height, image.width);
  const size_t plane = static_cast<size_t>(image.width) * image.height;
  for (size_t i = 0; i < plane; ++i) {
    for (int c = 0; c < image.channels; ++c) {
      float v = static_cast<float>(image.pixels[i * image.channels + c]) / 255.f;
      if (range == ValueRange::MinusOneOne) v = 2.f * v - 1.f;
      p.data[c * plane + i] = v;
    }
  }
  return p;
}

Image to_image(const PlanarImage& planar, ValueRange range) {
  check_planar(planar, "planar image");
  if (planar.channels != 1 && planar.channels != 3 && planar.channels != 4) {
    throw Error("cannot make an image of " + std::to_string(planar.channels) + " channels (1, 3 or 4 expected)");
  }
  Image im = Image::blank(planar.width, planar.height, planar.channels);
  const size_t plane = static_cast<size_t>(planar.width) * planar.height;
  for (int c = 0; c < planar.channels; ++c) {
    for (size_t i = 0; i < plane; ++i) {
      float v = planar.data[c * plane + i];
      if (std::isnan(v)) v = 0.f;  // only garbage in: keep the output defined
      float x01 = range == ValueRange::MinusOneOne ? (std::clamp(v, -1.f, 1.f) + 1.f) / 2.f : std::clamp(v, 0.f, 1.f);
      im.pixels[i * planar.channels + c] = static_cast<uint8_t>(255.f * x01);  // truncation, as the references
    }
  }
  return im;
}

PlanarImage resize(const PlanarImage& image, int width, int height, ResizeFilter filter) {
  check_planar(image, "image to resize");
  if (width <= 0 || height <= 0) throw Error("cannot resize to " + std::to_string(width) + "x" + std::to_string(height));
  const int C = image.channels, H = image.height, W = image.width;
  // Horizontal pass first, then vertical (PyTorch's separable order).
  PlanarImage tmp;
  if (width == W) {
    tmp = image;
  } else {
    const Taps tx = make_taps(W, width, filter);
    tmp = PlanarImage::zeros(C, H, width);
    for (int c = 0; c < C; ++c) {
      for (int y = 0; y < H; ++y) {
        const float* row = &image.data[(static_cast<size_t>(c) * H + y) * W];
        float* out = &tmp.at(c, y, 0);
        for (int x = 0; x < width; ++x) out[x] = apply(tx, x, row, 1);
      }
    }
  }
  if (height == H) return tmp;
  const Taps ty = make_taps(H, height, filter);
  PlanarImage out = PlanarImage::zeros(C, height, width);
  for (int c = 0; c < C; ++c) {
    const float* plane = &tmp.data[static_cast<size_t>(c) * H * width];
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) out.at(c, y, x) = apply(ty, y, plane + x, width);
    }
  }
  return out;
}

Image resize(const Image& image, int width, int height, ResizeFilter filter) {
  check_image(image, "image to resize");
  if (width == image.width && height == image.height) return image;
  PlanarImage p = PlanarImage::zeros(image.channels, image.height, image.width);
  const size_t plane = static_cast<size_t>(image.width) * image.height;
  for (size_t i = 0; i < plane; ++i)
    for (int c = 0; c < image.channels; ++c) p.data[c * plane + i] = image.pixels[i * image.channels + c];
  PlanarImage r = resize(p, width, height, filter);
  Image out = Image::blank(width, height, image.channels);
  const size_t out_plane = static_cast<size_t>(width) * height;
  for (size_t i = 0; i < out_plane; ++i)
    for (int c = 0; c < image.channels; ++c)
      out.pixels[i * image.channels + c] = static_cast<uint8_t>(std::clamp(std::lround(r.data[c * out_plane + i]), 0L, 255L));
  return out;
}

Image binarize_mask(const Image& mask) {
  check_image(mask, "mask");
  Image out = Image::blank(mask.width, mask.height, 1);
  const size_t n = static_cast<size_t>(mask.width) * mask.height;
  for (size_t i = 0; i < n; ++i) {
    // u8/255 >= 0.5 in float32 holds exactly for u8 >= 128 (127/255 < 0.5 < 128/255).
    out.pixels[i] = static_cast<float>(mask.pixels[i * mask.channels]) / 255.f >= 0.5f ? 255 : 0;
  }
  return out;
}

PlanarImage mask_to_planar(const Image& mask, ValueRange range) {
  const Image b = binarize_mask(mask);
  PlanarImage p = PlanarImage::zeros(1, b.height, b.width);
  const float lo = range == ValueRange::MinusOneOne ? -1.f : 0.f;
  for (size_t i = 0; i < b.pixels.size(); ++i) p.data[i] = b.pixels[i] ? 1.f : lo;
  return p;
}

PlanarImage mask_to_latent(const Image& mask, int latent_width, int latent_height, ValueRange range) {
  return resize(mask_to_planar(mask, range), latent_width, latent_height, ResizeFilter::Nearest);
}

namespace {
cv::Mat grey_mat(const Image& mask) {
  check_image(mask, "mask");
  if (mask.channels != 1) throw Error("a mask must have 1 channel, this one has " + std::to_string(mask.channels));
  return cv::Mat(mask.height, mask.width, CV_8UC1, const_cast<uint8_t*>(mask.pixels.data()));
}
Image from_grey(const cv::Mat& m) {
  Image out = Image::blank(m.cols, m.rows, 1);
  cv::Mat dst(m.rows, m.cols, CV_8UC1, out.pixels.data());
  m.copyTo(dst);
  return out;
}
}  // namespace

Image feather_mask(const Image& mask, double sigma) {
  cv::Mat src = grey_mat(mask);
  if (sigma <= 0) return mask;
  cv::Mat dst;
  cv::GaussianBlur(src, dst, cv::Size(0, 0), sigma, sigma, cv::BORDER_REPLICATE);
  return from_grey(dst);
}

Image dilate_mask(const Image& mask, int radius) {
  cv::Mat src = grey_mat(mask);
  if (radius <= 0) return mask;
  cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * radius + 1, 2 * radius + 1));
  cv::Mat dst;
  cv::dilate(src, dst, kernel, cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(0));
  return from_grey(dst);
}

Image invert_mask(const Image& mask) {
  grey_mat(mask);
  Image out = mask;
  for (auto& v : out.pixels) v = static_cast<uint8_t>(255 - v);
  return out;
}

PaddedImage pad_for_outpaint(const Image& image, int left, int top, int right, int bottom) {
  check_image(image, "image to extend");
  if (left < 0 || top < 0 || right < 0 || bottom < 0) throw Error("outpainting margins must not be negative");
  const int W = image.width + left + right, H = image.height + top + bottom;
  PaddedImage out;
  out.image = Image::blank(W, H, image.channels);
  out.mask = Image::blank(W, H, 1, 255);
  const int C = image.channels;
  for (int y = 0; y < H; ++y) {
    const int sy = std::clamp(y - top, 0, image.height - 1);
    for (int x = 0; x < W; ++x) {
      const int sx = std::clamp(x - left, 0, image.width - 1);
      std::copy_n(image.at(sx, sy), C, out.image.at(x, y));
    }
  }
  for (int y = 0; y < image.height; ++y) std::fill_n(out.mask.at(left, y + top), image.width, uint8_t(0));
  return out;
}

Image composite(const Image& result, const Image& original, const Image& mask) {
  check_image(result, "generated image");
  check_image(original, "original image");
  check_image(mask, "mask");
  if (result.width != original.width || result.height != original.height || result.channels != original.channels ||
      mask.width != original.width || mask.height != original.height || mask.channels != 1) {
    throw Error("cannot composite: image, result and mask sizes differ (" + std::to_string(original.width) + "x" +
                std::to_string(original.height) + " vs " + std::to_string(result.width) + "x" +
                std::to_string(result.height) + " vs mask " + std::to_string(mask.width) + "x" +
                std::to_string(mask.height) + ")");
  }
  Image out = original;
  const int C = original.channels;
  const size_t n = static_cast<size_t>(original.width) * original.height;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t m = mask.pixels[i];
    if (m == 0) continue;  // unmasked: the original, untouched
    for (int c = 0; c < C; ++c) {
      const size_t k = i * C + c;
      if (m == 255) {
        out.pixels[k] = result.pixels[k];
      } else {
        const float a = m / 255.f;
        out.pixels[k] = static_cast<uint8_t>(std::lround(result.pixels[k] * a + original.pixels[k] * (1.f - a)));
      }
    }
  }
  return out;
}

PlanarImage composite(const PlanarImage& result, const PlanarImage& original, const PlanarImage& mask01) {
  check_planar(result, "generated image");
  check_planar(original, "original image");
  check_planar(mask01, "mask");
  if (result.width != original.width || result.height != original.height || result.channels != original.channels ||
      mask01.width != original.width || mask01.height != original.height || mask01.channels != 1) {
    throw Error("cannot composite: image, result and mask sizes differ");
  }
  PlanarImage out = original;
  const size_t plane = static_cast<size_t>(original.width) * original.height;
  for (int c = 0; c < original.channels; ++c) {
    for (size_t i = 0; i < plane; ++i) {
      const float m = mask01.data[i];
      out.data[c * plane + i] = (1.f - m) * original.data[c * plane + i] + m * result.data[c * plane + i];
    }
  }
  return out;
}

}  // namespace ldm
