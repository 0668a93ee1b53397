#pragma once
// ZoomCanvas: the view a painting canvas shows its picture in. The wheel zooms about the cursor, the
// middle button or Space + left drag pans, Ctrl+0 fits the picture (and margins around it, such as
// outpainting's) to the view again; while fitted, the view refits when the widget or the picture
// changes size. A subclass names the picture's size, paints into imageRect() and maps the mouse
// with widgetToImage(); its mouse handlers start with `if (panEvent(event)) return;`, which also
// follows the pointer for the brush outline (paintBrushOutline).
// MaskCanvas (inpainting) and LabelCanvas (semantic synthesis) are the two.
#include <QMargins>
#include <QPointF>
#include <QRectF>
#include <QWidget>

class QMouseEvent;
class QPainter;

namespace ldm::ui {

class ZoomCanvas : public QWidget {
  Q_OBJECT
 public:
  double zoom() const { return m_zoom; }  // widget pixels per picture pixel
  QPointF panOffset() const { return m_offset; }
  // Zooms by `factor` keeping the picture point under `anchor` (widget coordinates) in place.
  void zoomBy(double factor, const QPointF& anchor);
  void fitToView();
  QPointF widgetToImage(const QPointF& p) const;
  QPointF imageToWidget(const QPointF& p) const;
  QRectF imageRect() const;  // the picture in widget coordinates

 protected:
  explicit ZoomCanvas(QWidget* parent);
  virtual QSize pictureSize() const = 0;
  virtual QMargins pictureMargins() const { return {}; }
  // The picture or its margins changed size: refit when the view is fitted.
  void pictureResized();
  bool isPanning() const { return m_panning; }
  // Press, move or release of a pan (middle button, or left with Space held): true when the event
  // was the pan's and the tool must not see it. Every move is recorded as the pointer's position.
  bool panEvent(QMouseEvent* event);
  // A brush of `diameter` picture pixels drawn round the pointer (white and black, seen on any
  // picture); nothing while panning or when the pointer is outside the widget.
  void paintBrushOutline(QPainter& painter, double diameter) const;

  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  double m_zoom = 1;
  QPointF m_offset;
  bool m_fit = true;
  bool m_panning = false;
  bool m_spaceDown = false;
  QPointF m_panStart;
  QPointF m_offsetStart;
  QPointF m_pointer{-1, -1};  // widget coordinates; x < 0 while outside
};

}  // namespace ldm::ui
