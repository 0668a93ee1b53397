#include "ui/zoom_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "ui/image_views.h"

namespace ldm::ui {

ZoomCanvas::ZoomCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);            // the pointer, for the brush outline
  setFocusPolicy(Qt::StrongFocus);   // Space (pan) and Ctrl+0 (fit)
}

void ZoomCanvas::fitToView() {
  m_fit = true;
  const QSize picture = pictureSize();
  if (picture.isEmpty() || width() <= 0 || height() <= 0) return;
  const QMargins g = pictureMargins();
  const QRectF shown = fitRect(picture.grownBy(g), rect());
  m_zoom = shown.width() / (picture.width() + g.left() + g.right());
  m_offset = shown.topLeft() + QPointF(g.left(), g.top()) * m_zoom;
  update();
}

void ZoomCanvas::pictureResized() {
  if (m_fit) fitToView();
  update();
}

void ZoomCanvas::zoomBy(double factor, const QPointF& anchor) {
  if (pictureSize().isEmpty()) return;
  const QPointF picturePoint = widgetToImage(anchor);
  m_zoom = std::clamp(m_zoom * factor, 0.05, 64.0);
  m_offset = anchor - picturePoint * m_zoom;
  m_fit = false;
  update();
}

QPointF ZoomCanvas::widgetToImage(const QPointF& p) const { return (p - m_offset) / m_zoom; }
QPointF ZoomCanvas::imageToWidget(const QPointF& p) const { return p * m_zoom + m_offset; }
QRectF ZoomCanvas::imageRect() const { return {m_offset, QSizeF(pictureSize()) * m_zoom}; }

bool ZoomCanvas::panEvent(QMouseEvent* e) {
  switch (e->type()) {
    case QEvent::MouseButtonPress:
      if (pictureSize().isEmpty()) return false;
      if (e->button() != Qt::MiddleButton && !(e->button() == Qt::LeftButton && m_spaceDown)) return false;
      m_panning = true;
      m_panStart = e->position();
      m_offsetStart = m_offset;
      setCursor(Qt::ClosedHandCursor);
      return true;
    case QEvent::MouseMove:
      m_pointer = e->position();
      if (!m_panning) return false;
      m_offset = m_offsetStart + (e->position() - m_panStart);
      m_fit = false;
      update();
      return true;
    case QEvent::MouseButtonRelease:
      if (!m_panning || (e->button() != Qt::MiddleButton && e->button() != Qt::LeftButton)) return false;
      m_panning = false;
      if (m_spaceDown) setCursor(Qt::OpenHandCursor);
      else unsetCursor();
      return true;
    default:
      return false;
  }
}

void ZoomCanvas::paintBrushOutline(QPainter& p, double diameter) const {
  if (m_pointer.x() < 0 || m_panning) return;
  const double r = diameter / 2 * m_zoom;
  p.save();
  p.setRenderHint(QPainter::Antialiasing);
  p.setBrush(Qt::NoBrush);
  p.setPen(QPen(Qt::white, 1.5));
  p.drawEllipse(m_pointer, r, r);
  p.setPen(QPen(Qt::black, 1, Qt::DashLine));
  p.drawEllipse(m_pointer, r, r);
  p.restore();
}

void ZoomCanvas::leaveEvent(QEvent*) {
  m_pointer = QPointF(-1, -1);
  update();
}

void ZoomCanvas::resizeEvent(QResizeEvent*) {
  if (m_fit) fitToView();
}

void ZoomCanvas::wheelEvent(QWheelEvent* e) {
  const double steps = e->angleDelta().y() / 120.0;
  if (steps != 0) zoomBy(std::pow(1.25, steps), e->position());
  e->accept();
}

void ZoomCanvas::keyPressEvent(QKeyEvent* e) {
  if (e->key() == Qt::Key_Space && !e->isAutoRepeat()) {
    m_spaceDown = true;
    setCursor(Qt::OpenHandCursor);
    return;
  }
  if (e->key() == Qt::Key_0 && e->modifiers() & Qt::ControlModifier) return fitToView();
  QWidget::keyPressEvent(e);
}

void ZoomCanvas::keyReleaseEvent(QKeyEvent* e) {
  if (e->key() == Qt::Key_Space && !e->isAutoRepeat()) {
    m_spaceDown = false;
    if (!m_panning) unsetCursor();
    return;
  }
  QWidget::keyReleaseEvent(e);
}

}  // namespace ldm::ui
