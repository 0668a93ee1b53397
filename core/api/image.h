#pragma once
// A plain 8-bit image: the engine's torch-free currency with the GUI and the imaging library.
#include <cstdint>
#include <vector>

namespace ldm {

struct Image {
  int width = 0;
  int height = 0;
  int channels = 3;              // 1 (mask/grey), 3 (RGB) or 4 (RGBA)
  std::vector<uint8_t> pixels;   // row-major HWC, tightly packed

  bool empty() const { return width <= 0 || height <= 0 || pixels.empty(); }
  uint8_t* at(int x, int y) { return pixels.data() + (static_cast<size_t>(y) * width + x) * channels; }
  const uint8_t* at(int x, int y) const { return pixels.data() + (static_cast<size_t>(y) * width + x) * channels; }
  static Image blank(int w, int h, int c, uint8_t value = 0) {
    Image im;
    im.width = w;
    im.height = h;
    im.channels = c;
    im.pixels.assign(static_cast<size_t>(w) * h * c, value);
    return im;
  }
};

}  // namespace ldm
