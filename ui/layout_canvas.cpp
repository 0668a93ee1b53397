#include "ui/layout_canvas.h"

#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "ui/image_views.h"
#include "ui/layout_model.h"

namespace ldm::ui {

namespace {
QColor boxColor(int row) { return QColor::fromHsv((row * 67) % 360, 200, 230); }
QPointF corner(const QRectF& r, int i) {
  switch (i) {
    case 0: return r.topLeft();
    case 1: return r.topRight();
    case 2: return r.bottomRight();
    default: return r.bottomLeft();
  }
}
}  // namespace

LayoutCanvas::LayoutCanvas(QWidget* parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setMinimumSize(160, 160);
  setAccessibleName(tr("Layout canvas"));
}

void LayoutCanvas::setModel(LayoutBoxModel* model, QItemSelectionModel* selection) {
  m_model = model;
  m_selection = selection;
  auto repaint = [this] { update(); };
  connect(model, &QAbstractItemModel::dataChanged, this, repaint);
  connect(model, &QAbstractItemModel::rowsInserted, this, repaint);
  connect(model, &QAbstractItemModel::rowsRemoved, this, repaint);
  connect(model, &QAbstractItemModel::modelReset, this, repaint);
  connect(selection, &QItemSelectionModel::currentChanged, this, repaint);
  connect(selection, &QItemSelectionModel::selectionChanged, this, repaint);
}

void LayoutCanvas::setImageSize(int width, int height) {
  if (width > 0 && height > 0) m_imageSize = QSize(width, height);
  update();
}

void LayoutCanvas::setBackdrop(const QImage& image) {
  m_backdrop = image;
  update();
}

int LayoutCanvas::currentRow() const {
  if (!m_selection) return -1;
  const QModelIndexList rows = m_selection->selectedRows();
  if (!rows.isEmpty()) return rows.first().row();
  return -1;
}

void LayoutCanvas::selectRow(int row) {
  if (!m_selection || !m_model) return;
  if (row < 0) {
    m_selection->clearSelection();
    return;
  }
  m_selection->setCurrentIndex(m_model->index(row, 0),
                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QRectF LayoutCanvas::imageRect() const {
  const double margin = 8;
  return fitRect(m_imageSize, QRectF(rect()).adjusted(margin, margin, -margin, -margin));
}

QPointF LayoutCanvas::normToWidget(const QPointF& p) const {
  const QRectF r = imageRect();
  return {r.left() + p.x() * r.width(), r.top() + p.y() * r.height()};
}

QPointF LayoutCanvas::widgetToNorm(const QPointF& p) const {
  const QRectF r = imageRect();
  return {std::clamp((p.x() - r.left()) / r.width(), 0.0, 1.0), std::clamp((p.y() - r.top()) / r.height(), 0.0, 1.0)};
}

int LayoutCanvas::boxAt(const QPointF& pos) const {
  if (!m_model) return -1;
  // Topmost (last drawn) first; the selected box wins when boxes overlap.
  const int selected = currentRow();
  if (selected >= 0) {
    const QRectF r(normToWidget(m_model->box(selected).rect.topLeft()), normToWidget(m_model->box(selected).rect.bottomRight()));
    if (r.contains(pos)) return selected;
  }
  for (int row = m_model->count() - 1; row >= 0; --row) {
    const QRectF r(normToWidget(m_model->box(row).rect.topLeft()), normToWidget(m_model->box(row).rect.bottomRight()));
    if (r.contains(pos)) return row;
  }
  return -1;
}

int LayoutCanvas::handleAt(const QPointF& pos) const {
  const int row = currentRow();
  if (!m_model || row < 0) return -1;
  const QRectF r(normToWidget(m_model->box(row).rect.topLeft()), normToWidget(m_model->box(row).rect.bottomRight()));
  for (int i = 0; i < 4; ++i) {
    const QPointF d = corner(r, i) - pos;
    if (std::abs(d.x()) <= kHandleRadius && std::abs(d.y()) <= kHandleRadius) return i;
  }
  return -1;
}

void LayoutCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Dark));
  const QRectF area = imageRect();
  if (m_backdrop.isNull()) {
    p.fillRect(area, palette().color(QPalette::Base));
  } else {
    p.drawImage(area, m_backdrop);
  }
  p.setRenderHint(QPainter::Antialiasing);
  const int selected = currentRow();
  for (int row = 0; m_model && row < m_model->count(); ++row) {
    const BoxItem& b = m_model->box(row);
    const QRectF r(normToWidget(b.rect.topLeft()), normToWidget(b.rect.bottomRight()));
    const bool known = m_model->isKnownLabel(b.label);
    QColor c = known ? boxColor(row) : QColor(200, 0, 30);
    QColor fill = c;
    fill.setAlpha(row == selected ? 90 : 50);
    p.fillRect(r, fill);
    p.setPen(QPen(c.darker(row == selected ? 160 : 120), row == selected ? 2.5 : 1.5, known ? Qt::SolidLine : Qt::DashLine));
    p.drawRect(r);
    // An unknown label is marked: the box is drawn red and dashed, its label ends in "?".
    const QString text = QStringLiteral("%1 %2%3").arg(row + 1).arg(b.label, known ? QString() : QStringLiteral(" ?"));
    const QRectF textRect = p.fontMetrics().boundingRect(text).adjusted(-3, -1, 3, 1);
    const QRectF label(r.topLeft(), textRect.size());
    p.fillRect(label, c.darker(row == selected ? 160 : 120));
    p.setPen(Qt::white);
    p.drawText(label, Qt::AlignCenter, text);
    if (row == selected) {
      p.setPen(QPen(Qt::black, 1));
      p.setBrush(Qt::white);
      for (int i = 0; i < 4; ++i) {
        p.drawRect(QRectF(corner(r, i) - QPointF(kHandleRadius - 2, kHandleRadius - 2),
                          QSizeF(2 * kHandleRadius - 4, 2 * kHandleRadius - 4)));
      }
      p.setBrush(Qt::NoBrush);
    }
  }
  if (m_drag == Drag::Create) {
    p.setPen(QPen(palette().color(QPalette::Highlight), 1.5, Qt::DashLine));
    p.drawRect(QRectF(normToWidget(m_pressNorm), normToWidget(m_currentNorm)).normalized());
  }
}

void LayoutCanvas::mousePressEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton || !m_model) return;
  setFocus(Qt::MouseFocusReason);
  const QPointF pos = e->position();
  m_pressNorm = widgetToNorm(pos);
  m_currentNorm = m_pressNorm;
  if (const int c = handleAt(pos); c >= 0) {
    m_drag = Drag::Resize;
    m_dragRow = currentRow();
    m_dragCorner = c;
    m_rectAtPress = m_model->box(m_dragRow).rect;
    return;
  }
  if (const int row = boxAt(pos); row >= 0) {
    selectRow(row);
    m_drag = Drag::Move;
    m_dragRow = row;
    m_rectAtPress = m_model->box(row).rect;
    setCursor(Qt::SizeAllCursor);
    return;
  }
  if (!imageRect().contains(pos)) return;
  m_drag = Drag::Create;
  update();
}

void LayoutCanvas::mouseMoveEvent(QMouseEvent* e) {
  const QPointF pos = e->position();
  const QPointF norm = widgetToNorm(pos);
  m_currentNorm = norm;
  switch (m_drag) {
    case Drag::None:
      if (handleAt(pos) == 0 || handleAt(pos) == 2) {
        setCursor(Qt::SizeFDiagCursor);
      } else if (handleAt(pos) == 1 || handleAt(pos) == 3) {
        setCursor(Qt::SizeBDiagCursor);
      } else {
        unsetCursor();
      }
      return;
    case Drag::Create: update(); return;
    case Drag::Move: {
      QPointF delta = norm - m_pressNorm;
      // Keep the whole box inside the image.
      delta.setX(std::clamp(delta.x(), -m_rectAtPress.left(), 1.0 - m_rectAtPress.right()));
      delta.setY(std::clamp(delta.y(), -m_rectAtPress.top(), 1.0 - m_rectAtPress.bottom()));
      m_model->moveRect(m_dragRow, m_rectAtPress.translated(delta));
      return;
    }
    case Drag::Resize: {
      // The opposite corner stays fixed.
      const QPointF fixed = corner(m_rectAtPress, (m_dragCorner + 2) % 4);
      m_model->moveRect(m_dragRow, QRectF(fixed, norm).normalized());
      return;
    }
  }
}

void LayoutCanvas::mouseReleaseEvent(QMouseEvent* e) {
  if (e->button() != Qt::LeftButton) return;
  const Drag drag = m_drag;
  m_drag = Drag::None;
  unsetCursor();
  if ((drag == Drag::Move || drag == Drag::Resize) && m_model) {
    m_model->commitRect(m_dragRow, m_rectAtPress);  // the whole drag is one undo step
  } else if (drag == Drag::Create) {
    const QRectF widgetRect = QRectF(normToWidget(m_pressNorm), normToWidget(widgetToNorm(e->position()))).normalized();
    if (widgetRect.width() >= kMinBoxPixels && widgetRect.height() >= kMinBoxPixels) {
      const QRectF norm = QRectF(m_pressNorm, widgetToNorm(e->position())).normalized();
      const int row = m_model->addBox({m_defaultLabel, norm});
      selectRow(row);
    } else {
      selectRow(-1);  // a click on empty space: nothing selected, the label field is the next box's
    }
    update();
  }
}

void LayoutCanvas::keyPressEvent(QKeyEvent* e) {
  const int row = currentRow();
  if ((e->key() == Qt::Key_Delete || e->key() == Qt::Key_Backspace) && row >= 0 && m_model) {
    m_model->removeBox(row);
    if (m_model->count() > 0) selectRow(std::min(row, m_model->count() - 1));
    return;
  }
  if (e->key() == Qt::Key_Escape && row >= 0) {
    selectRow(-1);
    return;
  }
  QWidget::keyPressEvent(e);
}

}  // namespace ldm::ui
