#include "ui/image_convert.h"

#include <cstring>

namespace ldm::ui {

QImage toQImage(const Image& image) {
  if (image.empty()) return {};
  QImage::Format format = QImage::Format_RGB888;
  if (image.channels == 1) format = QImage::Format_Grayscale8;
  if (image.channels == 4) format = QImage::Format_RGBA8888;
  QImage out(image.width, image.height, format);
  const size_t rowBytes = static_cast<size_t>(image.width) * image.channels;
  for (int y = 0; y < image.height; ++y) {
    std::memcpy(out.scanLine(y), image.pixels.data() + rowBytes * y, rowBytes);
  }
  return out;
}

Image fromQImage(const QImage& source, int channels) {
  if (source.isNull()) return {};
  QImage converted;
  if (channels == 1) {
    converted = source.convertToFormat(QImage::Format_Grayscale8);
  } else if (channels == 4) {
    converted = source.convertToFormat(QImage::Format_RGBA8888);
  } else {
    channels = 3;
    converted = source.convertToFormat(QImage::Format_RGB888);
  }
  Image out = Image::blank(converted.width(), converted.height(), channels);
  const size_t rowBytes = static_cast<size_t>(out.width) * channels;
  for (int y = 0; y < out.height; ++y) {
    std::memcpy(out.pixels.data() + rowBytes * y, converted.constScanLine(y), rowBytes);
  }
  return out;
}

}  // namespace ldm::ui
