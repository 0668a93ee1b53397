#include "ui/image_views.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace ldm::ui {

QRectF fitRect(const QSizeF& content, const QRectF& area) {
  if (content.isEmpty()) return {};
  const double scale = std::min(area.width() / content.width(), area.height() / content.height());
  const QSizeF size(content.width() * scale, content.height() * scale);
  return QRectF(QPointF(area.left() + (area.width() - size.width()) / 2, area.top() + (area.height() - size.height()) / 2), size);
}

namespace {
void drawCaption(QPainter& p, const QRect& area, const QString& caption) {
  if (caption.isEmpty()) return;
  const int h = p.fontMetrics().height() + 6;
  const QRect band(area.left(), area.bottom() + 1 - h, area.width(), h);
  p.fillRect(band, QColor(0, 0, 0, 150));
  p.setPen(Qt::white);
  p.drawText(band, Qt::AlignCenter, caption);
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
  drawCaption(p, rect(), m_caption);
}

void CompareView::setLabels(const QString& before, const QString& after) {
  m_beforeLabel = before;
  m_afterLabel = after;
  update();
}

void CompareView::setCaption(const QString& caption) {
  m_caption = caption;
  update();
}

CompareView::CompareView(QWidget* parent) : QWidget(parent), m_beforeLabel(tr("Before")), m_afterLabel(tr("After")) {
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
    p.setPen(Qt::white);
    p.drawText(target.adjusted(6, 4, -6, -4), Qt::AlignLeft | Qt::AlignTop, m_beforeLabel);
    drawCaption(p, rect(), m_caption);
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
  p.drawText(target.adjusted(6, 4, -6, -4), Qt::AlignLeft | Qt::AlignTop, m_beforeLabel);
  p.drawText(target.adjusted(6, 4, -6, -4), Qt::AlignRight | Qt::AlignTop, m_afterLabel);
  drawCaption(p, rect(), m_caption);
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
