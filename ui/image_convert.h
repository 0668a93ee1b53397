#pragma once
// Conversions between ldm::Image (the engine's plain 8-bit image) and QImage.
#include <QImage>

#include "core/api/image.h"

namespace ldm::ui {

// 1 channel -> Grayscale8, 3 -> RGB888, 4 -> RGBA8888 (deep copies).
QImage toQImage(const Image& image);
// Converts to RGB (channels 3), RGBA (4) or grey (1).
Image fromQImage(const QImage& image, int channels = 3);

}  // namespace ldm::ui
