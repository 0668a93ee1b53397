#include "ui/mask_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "ui/image_edit_command.h"
#include "ui/image_views.h"

namespace ldm::ui {

MaskCanvas::MaskCanvas(QWidget* parent) : ZoomCanvas(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMinimumSize(160, 160);
  setAccessibleName(tr("Inpainting canvas"));
}

QColor MaskCanvas::contrastingColor(const QImage& image) {
  // Candidate hues, the first preferred on a tie (grey pictures): magenta, cyan, yellow, blue, green,
  // orange, red.
  static const int kHues[] = {300, 185, 58, 225, 125, 30, 0};
  double weight[7] = {0, 0, 0, 0, 0, 0, 0};
  if (!image.isNull()) {
    const QImage small = image.scaled(std::min(image.width(), 96), std::min(image.height(), 96), Qt::IgnoreAspectRatio)
                             .convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < small.height(); ++y) {
      const auto* row = reinterpret_cast<const QRgb*>(small.constScanLine(y));
      for (int x = 0; x < small.width(); ++x) {
        const QColor c = QColor::fromRgb(row[x]);
        const int hue = c.hsvHue();
        if (hue < 0) continue;  // grey
        const double w = c.hsvSaturationF() * c.valueF();
        for (int i = 0; i < 7; ++i) {
          const int d = std::abs(hue - kHues[i]) % 360;
          if (std::min(d, 360 - d) < 45) weight[i] += w;
        }
      }
    }
  }
  int best = 0;
  for (int i = 1; i < 7; ++i) {
    if (weight[i] < weight[best] - 1e-9) best = i;
  }
  return QColor::fromHsv(kHues[best], 230, 235);
}

void MaskCanvas::setRelativeBrushSize(double fraction) {
  m_relativeBrush = std::clamp(fraction, 0.001, 1.0);
  if (!m_image.isNull()) setBrushSize(std::max(1.0, std::round(m_relativeBrush * std::min(m_image.width(), m_image.height()))));
}

void MaskCanvas::setImage(const QImage& image) {
  m_image = image.convertToFormat(QImage::Format_RGB32);
  m_overlayColor = contrastingColor(m_image);
  setRelativeBrushSize(m_relativeBrush);
  m_mask = QImage(m_image.size(), QImage::Format_Grayscale8);
  m_mask.fill(0);
  m_overlay = QImage(m_image.size(), QImage::Format_ARGB32_Premultiplied);
  m_overlay.fill(Qt::transparent);
  m_undo.clear();
  fitToView();
  Q_EMIT imageChanged();
  Q_EMIT maskChanged();
}

bool MaskCanvas::setMask(const QImage& mask) {
  if (m_image.isNull() || mask.size() != m_image.size()) return false;
  QImage grey = mask.convertToFormat(QImage::Format_Grayscale8);
  QImage before = m_mask;
  applyMask(grey);
  pushEdit(before, grey, tr("Load mask"));
  return true;
}

void MaskCanvas::pushEdit(const QImage& before, const QImage& after, const QString& text) {
  m_undo.push(new ImageEditCommand([this](const QImage& mask) { applyMask(mask); }, before, after, text, true));
}

void MaskCanvas::applyMask(const QImage& mask) {
  m_mask = mask;
  updateOverlay(m_mask.rect());
  update();
  Q_EMIT maskChanged();
}

void MaskCanvas::clearMask() {
  if (m_image.isNull()) return;
  QImage before = m_mask;
  QImage after = m_mask;
  after.fill(0);
  applyMask(after);
  pushEdit(before, after, tr("Clear mask"));
}

void MaskCanvas::invertMask() {
  if (m_image.isNull()) return;
  QImage before = m_mask;
  QImage after = m_mask;
  after.invertPixels();
  applyMask(after);
  pushEdit(before, after, tr("Invert mask"));
}

void MaskCanvas::setTool(Tool tool) { m_tool = tool; }

void MaskCanvas::setBrushSize(double diameter) {
  const double size = std::clamp(diameter, 1.0, 1024.0);
  if (!m_image.isNull()) m_relativeBrush = size / std::min(m_image.width(), m_image.height());
  if (size == m_brushSize) return;
  m_brushSize = size;
  update();
  Q_EMIT brushSizeChanged(m_brushSize);
}

void MaskCanvas::setSoftness(double softness) { m_softness = std::clamp(softness, 0.0, 1.0); }

void MaskCanvas::setMargins(const QMargins& margins) {
  if (margins == m_margins) return;
  m_margins = margins;
  pictureResized();  // a fitted view shows the picture and its margins
}

void MaskCanvas::stamp(const QPointF& c) { stampSegment(c, c); }

void MaskCanvas::stampSegment(const QPointF& a, const QPointF& b) {
  const double r = m_brushSize / 2;
  // The swept disc of a straight stroke: a pixel is covered when its centre lies within r of
  // the segment a-b. With softness s the alpha falls off linearly from r*(1-s) to r; s = 0
  // gives a binary mask.
  const double inner = r * (1 - m_softness);
  const int x0 = std::max(0, int(std::floor(std::min(a.x(), b.x()) - r)));
  const int y0 = std::max(0, int(std::floor(std::min(a.y(), b.y()) - r)));
  const int x1 = std::min(m_mask.width() - 1, int(std::ceil(std::max(a.x(), b.x()) + r)));
  const int y1 = std::min(m_mask.height() - 1, int(std::ceil(std::max(a.y(), b.y()) + r)));
  if (x0 > x1 || y0 > y1) return;
  const QPointF ab = b - a;
  const double len2 = QPointF::dotProduct(ab, ab);
  for (int y = y0; y <= y1; ++y) {
    uchar* row = m_mask.scanLine(y);
    for (int x = x0; x <= x1; ++x) {
      const QPointF p(x + 0.5, y + 0.5);
      const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
      const QPointF d = p - (a + ab * t);
      const double dist = std::sqrt(QPointF::dotProduct(d, d));
      if (dist > r) continue;
      double alpha = 1.0;
      if (dist > inner && r > inner) alpha = (r - dist) / (r - inner);
      const int v = int(std::lround(255 * alpha));
      if (m_tool == Tool::Brush) {
        row[x] = uchar(std::max<int>(row[x], v));
      } else {
        row[x] = uchar(std::min<int>(row[x], 255 - v));
      }
    }
  }
  updateOverlay(QRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1));
}

void MaskCanvas::strokeTo(const QPointF& to) {
  stampSegment(m_lastImagePos, to);
  m_lastImagePos = to;
  update();
}

void MaskCanvas::updateOverlay(const QRect& region) {
  // One pixel more on every side: the outline of a pixel depends on its neighbours.
  const QRect r = region.adjusted(-1, -1, 1, 1).intersected(m_mask.rect());
  const int cr = m_overlayColor.red(), cg = m_overlayColor.green(), cb = m_overlayColor.blue();
  const int w = m_mask.width(), h = m_mask.height();
  for (int y = r.top(); y <= r.bottom(); ++y) {
    const uchar* src = m_mask.constScanLine(y);
    const uchar* up = y > 0 ? m_mask.constScanLine(y - 1) : src;
    const uchar* down = y + 1 < h ? m_mask.constScanLine(y + 1) : src;
    auto* dst = reinterpret_cast<QRgb*>(m_overlay.scanLine(y));
    for (int x = r.left(); x <= r.right(); ++x) {
      int a = src[x] * 150 / 255;  // translucent: the image stays visible
      const bool inside = src[x] >= 128;
      const bool edge = inside && ((x > 0 && src[x - 1] < 128) || (x + 1 < w && src[x + 1] < 128) ||
                                   up[x] < 128 || down[x] < 128);
      if (edge) a = 255;  // the outline: opaque, so the mask reads on any picture
      dst[x] = qRgba(a * cr / 255, a * cg / 255, a * cb / 255, a);
    }
  }
}

void MaskCanvas::finishStroke() {
  if (!m_stroking) return;
  m_stroking = false;
  pushEdit(m_strokeBefore, m_mask, m_tool == Tool::Brush ? tr("Brush stroke") : tr("Eraser stroke"));
  m_strokeBefore = QImage();
  Q_EMIT maskChanged();
}

void MaskCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Dark));
  if (m_image.isNull()) {
    p.setPen(palette().color(QPalette::BrightText));
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Open or drop an image to paint a mask"));
    return;
  }
  const QRectF target = imageRect();
  p.setRenderHint(QPainter::SmoothPixmapTransform, zoom() < 1);
  if (!m_margins.isNull()) paintMargins(p, target);
  p.drawImage(target, m_image);
  p.drawImage(target, m_overlay);
  paintBrushOutline(p, m_brushSize);
}

void MaskCanvas::paintMargins(QPainter& p, const QRectF& pic) {
  const QMargins& g = m_margins;
  const double z = zoom();
  const QRectF all = pic.adjusted(-g.left() * z, -g.top() * z, g.right() * z, g.bottom() * z);
  const int w = m_image.width(), h = m_image.height();
  p.save();
  // What the engine starts from: every new pixel repeats the nearest edge pixel. Each band is the edge
  // row or column stretched, each corner the corner pixel.
  p.setRenderHint(QPainter::SmoothPixmapTransform, false);
  const double xs[4] = {all.left(), pic.left(), pic.right(), all.right()};
  const double ys[4] = {all.top(), pic.top(), pic.bottom(), all.bottom()};
  const int sx[3][2] = {{0, 1}, {0, w}, {w - 1, 1}};  // source column start and width per band
  const int sy[3][2] = {{0, 1}, {0, h}, {h - 1, 1}};
  for (int j = 0; j < 3; ++j) {
    for (int i = 0; i < 3; ++i) {
      if (i == 1 && j == 1) continue;  // the picture itself
      const QRectF dst(QPointF(xs[i], ys[j]), QPointF(xs[i + 1], ys[j + 1]));
      if (dst.width() <= 0 || dst.height() <= 0) continue;
      p.drawImage(dst, m_image, QRectF(sx[i][0], sy[j][0], sx[i][1], sy[j][1]));
    }
  }
  // Dimmed and hatched in the mask's colour: this area is repainted.
  QPainterPath band;
  band.addRect(all);
  band.addRect(pic);  // odd-even fill: the band around the picture
  p.fillPath(band, QColor(0, 0, 0, 110));
  QColor hatch = m_overlayColor;
  hatch.setAlpha(170);
  QBrush brush(hatch, Qt::BDiagPattern);
  brush.setTransform(QTransform::fromScale(2, 2));
  p.fillPath(band, brush);
  p.setPen(QPen(m_overlayColor, 2));
  p.drawRect(all.adjusted(1, 1, -1, -1));
  p.restore();
}

void MaskCanvas::mousePressEvent(QMouseEvent* e) {
  if (m_image.isNull() || panEvent(e)) return;
  if (e->button() == Qt::LeftButton) {
    m_stroking = true;
    m_strokeBefore = m_mask;
    m_lastImagePos = widgetToImage(e->position());
    stamp(m_lastImagePos);
    update();
  }
}

void MaskCanvas::mouseMoveEvent(QMouseEvent* e) {
  if (!panEvent(e) && m_stroking) strokeTo(widgetToImage(e->position()));
  update();
}

void MaskCanvas::mouseReleaseEvent(QMouseEvent* e) {
  if (panEvent(e)) return;
  if (m_stroking && e->button() == Qt::LeftButton) {
    strokeTo(widgetToImage(e->position()));
    finishStroke();
  }
}

void MaskCanvas::keyPressEvent(QKeyEvent* e) {
  // Whole pixels, at least one per key press.
  if (e->key() == Qt::Key_BracketLeft) return setBrushSize(std::min(m_brushSize - 1, std::round(m_brushSize / 1.25)));
  if (e->key() == Qt::Key_BracketRight) return setBrushSize(std::max(m_brushSize + 1, std::round(m_brushSize * 1.25)));
  ZoomCanvas::keyPressEvent(e);
}

}  // namespace ldm::ui
