#include "ui/label_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/image_edit_command.h"
#include "ui/image_views.h"

namespace ldm::ui {

LabelCanvas::LabelCanvas(QWidget* parent) : ZoomCanvas(parent) {
  setMinimumSize(200, 200);
  setAccessibleName(tr("Label map"));
  setToolTip(tr("Paint the labels: left button paints (or fills), right button picks the label under the cursor. "
                "Wheel: zoom; middle button or Space + drag: pan; Ctrl+0: fit."));
  m_colours.fill(qRgb(0, 0, 0), 256);
  resetMap(QSize(64, 64), 0, false);
}

QImage LabelCanvas::labelMap() const {
  QImage out(m_map.size(), QImage::Format_Grayscale8);
  for (int y = 0; y < m_map.height(); ++y)
    std::copy_n(m_map.constScanLine(y), m_map.width(), out.scanLine(y));
  return out;
}

int LabelCanvas::labelAt(int x, int y) const {
  if (x < 0 || y < 0 || x >= m_map.width() || y >= m_map.height()) return -1;
  return m_map.constScanLine(y)[x];
}

void LabelCanvas::replaceMap(const QImage& map) {
  const bool resized = map.size() != m_map.size();
  m_map = map;
  m_map.setColorTable(m_colours);
  if (resized) pictureResized();
  update();
  Q_EMIT mapChanged();
}

void LabelCanvas::pushEdit(const QImage& before, const QString& text) {
  // The first redo re-applies the same map.
  m_undo.push(new ImageEditCommand([this](const QImage& map) { replaceMap(map); }, before, m_map.copy(), text, false));
}

void LabelCanvas::setLabelMap(const QImage& source, bool undoable) {
  QImage map(source.size(), QImage::Format_Indexed8);
  const QImage grey = source.format() == QImage::Format_Indexed8 || source.format() == QImage::Format_Grayscale8
                          ? source
                          : source.convertToFormat(QImage::Format_Grayscale8);
  for (int y = 0; y < map.height(); ++y) std::copy_n(grey.constScanLine(y), map.width(), map.scanLine(y));
  map.setColorTable(m_colours);
  if (!undoable) {
    m_undo.clear();
    replaceMap(map);
    return;
  }
  const QImage before = m_map;
  replaceMap(map);
  pushEdit(before, tr("Replace the label map"));
}

void LabelCanvas::resetMap(QSize size, int label, bool undoable) {
  QImage map(size, QImage::Format_Indexed8);
  map.fill(uint(std::clamp(label, 0, 255)));
  setLabelMap(map, undoable);
}

void LabelCanvas::resample(QSize size) {
  if (size == m_map.size() || size.isEmpty()) return;
  QImage map(size, QImage::Format_Indexed8);
  const int sw = m_map.width(), sh = m_map.height();
  for (int y = 0; y < size.height(); ++y) {
    const uchar* src = m_map.constScanLine(std::min(sh - 1, int((y + 0.5) * sh / size.height())));
    uchar* dst = map.scanLine(y);
    for (int x = 0; x < size.width(); ++x) dst[x] = src[std::min(sw - 1, int((x + 0.5) * sw / size.width()))];
  }
  const QImage before = m_map;
  map.setColorTable(m_colours);
  replaceMap(map);
  pushEdit(before, tr("Resize the label map"));
}

void LabelCanvas::setColours(const QVector<QRgb>& colours) {
  m_colours = colours;
  m_colours.resize(256, qRgb(0, 0, 0));
  m_map.setColorTable(m_colours);
  update();
}

QRgb LabelCanvas::colourOf(int label) const { return label >= 0 && label < m_colours.size() ? m_colours[label] : qRgb(0, 0, 0); }

void LabelCanvas::setBrushSize(int diameter) {
  diameter = std::clamp(diameter, 1, 1024);
  if (diameter == m_brushSize) return;
  m_brushSize = diameter;
  update();
  Q_EMIT brushSizeChanged(diameter);
}

void LabelCanvas::stamp(const QPointF& c, double diameter, int label) {
  // Pixel (x, y) is painted when its centre lies in the disc; a diameter of 1 paints the pixel under c.
  const double r = std::max(0.5, diameter / 2.0);
  const int x0 = std::max(0, int(std::floor(c.x() - r))), x1 = std::min(m_map.width() - 1, int(std::ceil(c.x() + r)));
  const int y0 = std::max(0, int(std::floor(c.y() - r))), y1 = std::min(m_map.height() - 1, int(std::ceil(c.y() + r)));
  for (int y = y0; y <= y1; ++y) {
    uchar* row = m_map.scanLine(y);
    for (int x = x0; x <= x1; ++x) {
      const double dx = x + 0.5 - c.x(), dy = y + 0.5 - c.y();
      if (dx * dx + dy * dy <= r * r) row[x] = uchar(label);
    }
  }
}

void LabelCanvas::paintDisc(const QPointF& centre, double diameter, int label) {
  const QImage before = m_map.copy();
  stamp(centre, diameter, label);
  update();
  Q_EMIT mapChanged();
  pushEdit(before, tr("Paint"));
}

void LabelCanvas::fillRect(const QRect& rect, int label) {
  const QRect r = rect.intersected(m_map.rect());
  if (r.isEmpty()) return;
  const QImage before = m_map.copy();
  for (int y = r.top(); y <= r.bottom(); ++y) std::fill_n(m_map.scanLine(y) + r.left(), r.width(), uchar(label));
  update();
  Q_EMIT mapChanged();
  pushEdit(before, tr("Fill a rectangle"));
}

void LabelCanvas::floodFill(const QPoint& seed, int label) {
  const int from = labelAt(seed.x(), seed.y());
  if (from < 0 || from == label) return;
  const QImage before = m_map.copy();
  const int w = m_map.width(), h = m_map.height();
  std::vector<QPoint> stack{seed};
  while (!stack.empty()) {
    const QPoint p = stack.back();
    stack.pop_back();
    uchar* row = m_map.scanLine(p.y());
    if (row[p.x()] != from) continue;
    // The run of `from` through p on its row, then the rows above and below it.
    int l = p.x(), r = p.x();
    while (l > 0 && row[l - 1] == from) --l;
    while (r < w - 1 && row[r + 1] == from) ++r;
    std::fill(row + l, row + r + 1, uchar(label));
    for (int ny : {p.y() - 1, p.y() + 1}) {
      if (ny < 0 || ny >= h) continue;
      const uchar* next = m_map.constScanLine(ny);
      for (int x = l; x <= r; ++x) {
        if (next[x] == from && (x == l || next[x - 1] != from)) stack.push_back({x, ny});
      }
    }
  }
  update();
  Q_EMIT mapChanged();
  pushEdit(before, tr("Fill"));
}

void LabelCanvas::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  const QRectF t = imageRect();
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
  painter.drawImage(t, m_map);
  painter.setPen(QPen(palette().mid().color(), 1));
  painter.drawRect(t.adjusted(-0.5, -0.5, 0.5, 0.5));
  if (m_tool == Tool::Brush) paintBrushOutline(painter, m_brushSize);  // where it would paint
}

void LabelCanvas::mousePressEvent(QMouseEvent* event) {
  if (panEvent(event)) return;
  const QPointF p = widgetToImage(event->position());
  if (event->button() == Qt::RightButton) {
    const int label = labelAt(int(std::floor(p.x())), int(std::floor(p.y())));
    if (label >= 0) Q_EMIT labelPicked(label);
    return;
  }
  if (event->button() != Qt::LeftButton) return;
  if (m_tool == Tool::Fill) {
    floodFill(QPoint(int(std::floor(p.x())), int(std::floor(p.y()))), m_label);
    return;
  }
  m_stroking = true;
  m_strokeBefore = m_map.copy();
  m_last = p;
  stamp(p, m_brushSize, m_label);
  update();
}

void LabelCanvas::mouseMoveEvent(QMouseEvent* event) {
  const QPointF p = widgetToImage(event->position());
  if (!panEvent(event) && m_stroking) {
    // Stamps along the segment, at most a quarter of the brush apart: no gaps in a fast stroke.
    const double step = std::max(0.5, m_brushSize / 4.0);
    const QPointF d = p - m_last;
    const int n = std::max(1, int(std::ceil(std::hypot(d.x(), d.y()) / step)));
    for (int i = 1; i <= n; ++i) stamp(m_last + d * (double(i) / n), m_brushSize, m_label);
    m_last = p;
  }
  update();
}

void LabelCanvas::mouseReleaseEvent(QMouseEvent* event) {
  if (panEvent(event) || event->button() != Qt::LeftButton || !m_stroking) return;
  m_stroking = false;
  Q_EMIT mapChanged();
  if (m_strokeBefore != m_map) pushEdit(m_strokeBefore, tr("Paint"));
  m_strokeBefore = QImage();
}

void LabelCanvas::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_BracketLeft) setBrushSize(std::max(1, int(std::lround(m_brushSize / 1.25))));
  else if (event->key() == Qt::Key_BracketRight) setBrushSize(std::max(m_brushSize + 1, int(std::lround(m_brushSize * 1.25))));
  else ZoomCanvas::keyPressEvent(event);
}

}  // namespace ldm::ui
