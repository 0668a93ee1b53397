#pragma once
// Conversions the pipelines and the GUI need around ldm::Image: planar float images (the layout of
// a [C,H,W] tensor, kept torch-free here), resizing with PyTorch's exact semantics, masks,
// outpainting padding and compositing.
#include <cstddef>
#include <vector>

#include "core/api/image.h"

namespace ldm {

// Planar float image, [C, H, W] row-major (what torch::from_blob(data, {C, H, W}) expects).
struct PlanarImage {
  int channels = 0;
  int height = 0;
  int width = 0;
  std::vector<float> data;

  static PlanarImage zeros(int c, int h, int w) {
    PlanarImage p;
    p.channels = c;
    p.height = h;
    p.width = w;
    p.data.assign(static_cast<size_t>(c) * h * w, 0.f);
    return p;
  }
  bool empty() const { return data.empty(); }
  float& at(int c, int y, int x) { return data[(static_cast<size_t>(c) * height + y) * width + x]; }
  float at(int c, int y, int x) const { return data[(static_cast<size_t>(c) * height + y) * width + x]; }
};

enum class ValueRange {
  ZeroOne,      // u8 / 255 (torchvision ToTensor)
  MinusOneOne,  // u8 / 255 * 2 - 1 (what the autoencoders and LR conditioning take)
};

// u8 -> float exactly as the references do it in float32: x = u8 / 255, then 2x - 1.
PlanarImage to_planar(const Image& image, ValueRange range = ValueRange::MinusOneOne);
// float -> u8 as the reference scripts do: clamp to the range, map to [0,1], then
// (255 * x01).astype(uint8), i.e. truncation toward zero (not rounding). 1, 3 or 4 channels.
Image to_image(const PlanarImage& planar, ValueRange range = ValueRange::MinusOneOne);

enum class ResizeFilter {
  Nearest,            // F.interpolate(mode="nearest"): src = floor(dst * in / out)
  Bilinear,           // F.interpolate(mode="bilinear", align_corners=False)
  BilinearAntialias,  // same with antialias=True (torchvision resize): triangle filter whose
                      // support grows with the downscale factor; equals Bilinear when upscaling
  Bicubic,            // F.interpolate(mode="bicubic", align_corners=False): Keys a = -0.75
  BicubicAntialias,   // same with antialias=True: Keys a = -0.5, support scaled (PIL-like)
  Area,               // F.interpolate(mode="area") = adaptive average pooling
};
PlanarImage resize(const PlanarImage& image, int width, int height, ResizeFilter filter);
// uint8 version: computed in float, rounded to nearest and clamped.
Image resize(const Image& image, int width, int height, ResizeFilter filter);

// ---- masks: 1-channel ldm::Image, 255 = repaint ----
// 255 where u8 / 255 >= 0.5 (i.e. u8 >= 128), else 0: the inpainting reference's binarisation.
// Multi-channel input is reduced to its first channel.
Image binarize_mask(const Image& mask);
// Binarised as above, as [1, H, W] floats in {0, 1} or {-1, 1}.
PlanarImage mask_to_planar(const Image& mask, ValueRange range = ValueRange::MinusOneOne);
// Binarised mask resized with "nearest" to the latent grid (the inpainting reference's
// F.interpolate(mask, size=latent_hw)), as [1, h, w] in `range`.
PlanarImage mask_to_latent(const Image& mask, int latent_width, int latent_height,
                           ValueRange range = ValueRange::MinusOneOne);
// Gaussian blur with standard deviation `sigma` px (A1111 "Mask blur"); sigma <= 0 returns a copy.
Image feather_mask(const Image& mask, double sigma);
// Grows the white area by `radius` px (elliptical structuring element); radius <= 0: copy.
Image dilate_mask(const Image& mask, int radius);
Image invert_mask(const Image& mask);

// Outpainting: the image extended by the given number of pixels on each side. New pixels repeat
// the nearest edge pixel (a neutral start for the sampler); `mask` is 255 there, 0 elsewhere.
struct PaddedImage {
  Image image;
  Image mask;
};
PaddedImage pad_for_outpaint(const Image& image, int left, int top, int right, int bottom);

// result * m + original * (1 - m) with m = mask / 255, rounded. Where the mask is 0 the original
// pixel is kept bit for bit, where it is 255 the result pixel is. Sizes and channels must agree.
Image composite(const Image& result, const Image& original, const Image& mask);
// Float version in the reference's order: (1 - m) * original + m * result (m in [0, 1], [1,H,W]).
PlanarImage composite(const PlanarImage& result, const PlanarImage& original, const PlanarImage& mask01);

}  // namespace ldm
