#include "ui/image_views.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace ldm::ui {

namespace {
QRectF fitRect(const QSize& image, const QRect& area) {
  if (image.isEmpty()) return {};
  const double scale = std::min(double(area.width()) / image.width(), double(area.height()) / image.height());
  const QSizeF size(image.width() * scale, image.height() * scale);
  return QRectF(QPointF(area.left() + (area.width() - size.width()) / 2, area.top() + (area.height() - size.height()) / 2), size);
}
}  // namespace

ImageView::ImageView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(128, 128);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageView::setImage(const QImage& image) {
  m_image = image;
  update();
}

void ImageView::setPlaceholderText(const QString& text) {
  m_placeholder = text;
  update();
}

void ImageView::setCaption(const QString& caption) {
  m_caption = caption;
  update();
}

void ImageView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Dark));
  if (m_image.isNull()) {
    p.setPen(palette().color(QPalette::BrightText));
    p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
  } else {
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(fitRect(m_image.size(), rect()), m_image);
  }
  if (!m_caption.isEmpty()) {
    const QRect band(0, height() - p.fontMetrics().height() - 6, width(), p.fontMetrics().height() + 6);
    p.fillRect(band, QColor(0, 0, 0, 140));
    p.setPen(Qt::white);
    p.drawText(band, Qt::AlignCenter, m_caption);
  }
}

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(128, 128);
  setFocusPolicy(Qt::StrongFocus);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  setAccessibleName(tr("Before and after comparison"));
}

void CompareView::setBefore(const QImage& image) {
  m_before = image;
  update();
}

void CompareView::setAfter(const QImage& image) {
  m_after = image;
  update();
}

void CompareView::setSplit(double fraction) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  if (fraction == m_split) return;
  m_split = fraction;
  update();
  Q_EMIT splitChanged(m_split);
}

QRectF CompareView::targetRect() const {
  const QImage& ref = m_after.isNull() ? m_before : m_after;
  return fitRect(ref.size(), rect());
}

void CompareView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Dark));
  const QRectF target = targetRect();
  if (target.isEmpty()) {
    p.setPen(palette().color(QPalette::BrightText));
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Open or drop a low-resolution image"));
    return;
  }
  p.setRenderHint(QPainter::SmoothPixmapTransform);
  if (m_after.isNull()) {
    p.drawImage(target, m_before);
    return;
  }
  const double splitX = target.left() + target.width() * m_split;
  // Left of the split: the input (scaled up to the result's size); right: the result.
  p.drawImage(target, m_after);
  if (!m_before.isNull()) {
    p.save();
    p.setClipRect(QRectF(target.left(), target.top(), splitX - target.left(), target.height()));
    p.drawImage(target, m_before);
    p.restore();
  }
  p.setPen(QPen(Qt::white, 2));
  p.drawLine(QPointF(splitX, target.top()), QPointF(splitX, target.bottom()));
  p.setPen(Qt::white);
  p.drawText(target.adjusted(6, 4, -6, -4), Qt::AlignLeft | Qt::AlignTop, tr("Before"));
  p.drawText(target.adjusted(6, 4, -6, -4), Qt::AlignRight | Qt::AlignTop, tr("After"));
}

void CompareView::mousePressEvent(QMouseEvent* e) { mouseMoveEvent(e); }

void CompareView::mouseMoveEvent(QMouseEvent* e) {
  if (!(e->buttons() & Qt::LeftButton)) return;
  const QRectF target = targetRect();
  if (target.width() > 0) setSplit((e->position().x() - target.left()) / target.width());
}

void CompareView::keyPressEvent(QKeyEvent* e) {
  if (e->key() == Qt::Key_Left) return setSplit(m_split - 0.05);
  if (e->key() == Qt::Key_Right) return setSplit(m_split + 0.05);
  QWidget::keyPressEvent(e);
}

}  // namespace ldm::ui
