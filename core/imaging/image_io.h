#pragma once
// Reading images and masks into ldm::Image, and writing PNGs with metadata atomically, without
// ever replacing an existing file.
#include <string>
#include <vector>

#include "core/api/image.h"
#include "core/imaging/png_metadata.h"

namespace ldm {

// Larger images are refused before decoding (a 16384^2 RGB image is already 768 MiB).
constexpr int kMaxImageSide = 16384;

// PNG, JPEG, BMP, WebP, TIFF or PNM as 8-bit RGB (grey is expanded, alpha dropped, 16-bit
// scaled, JPEG EXIF orientation applied). Throws ldm::Error with one line: missing file, not an
// image, unsupported format (GIF, HEIF, ...), truncated/corrupt file, or too large.
Image load_image(const std::string& path);
// As load_image but 1 channel (white = 255 = repaint). RGB is converted to luminance; with an
// alpha channel, transparent pixels count as black (0) unless the colour is uniform, in which
// case the alpha channel itself is the mask.
Image load_mask(const std::string& path);
// Same, from bytes in memory; `source` names them in errors.
Image decode_image(const uint8_t* data, size_t size, const std::string& source, int channels);

// PNG bytes of an image with 1, 3 (RGB) or 4 (RGBA) channels, with text chunks.
std::vector<uint8_t> encode_png(const Image& image, const std::vector<PngText>& texts = {});
// Writes `path` atomically (temporary file in the same folder, then link). Never overwrites:
// throws ldm::Error when `path` exists.
void save_png(const std::string& path, const Image& image, const std::vector<PngText>& texts = {});
// As save_png, but when `path` exists writes name-1.png, name-2.png, ... instead (race-free:
// retried if another writer takes the name first). Returns the path written.
std::string save_png_unique(const std::string& path, const Image& image, const std::vector<PngText>& texts = {});

}  // namespace ldm
