#pragma once
// MaskCanvas: paints an image and an inpainting mask with a brush and an eraser; zoom with the
// wheel, pan with the middle button or Space + drag, Ctrl+0 fits (ui/zoom_canvas.h), [ and ] change
// the brush. The mask shows as a
// translucent overlay with an opaque outline, in the colour that contrasts most with the picture's
// own colours. The mask is an 8-bit grey image of the image's size: 255 = repaint. A hard brush
// writes binary pixels. The brush size is kept relative to the image (an eighth of its shorter
// side by default), so that a new picture of another size gets a brush of the same proportion.
// Outpainting margins (image pixels) show as a hatched band around the picture, in the overlay's
// colour: the area the engine adds to the mask, pre-filled (dimmed here) from the edge pixels.
#include <QImage>
#include <QMargins>
#include <QPointF>
#include <QUndoStack>

#include "ui/zoom_canvas.h"

namespace ldm::ui {

class MaskCanvas : public ZoomCanvas {
  Q_OBJECT
 public:
  enum class Tool { Brush, Eraser };

  explicit MaskCanvas(QWidget* parent = nullptr);

  void setImage(const QImage& image);  // resets the mask and the undo history
  QImage image() const { return m_image; }
  QImage mask() const { return m_mask; }  // Format_Grayscale8, same size as image()
  // Replaces the mask (undoable). Returns false (and leaves the mask) if the size differs.
  bool setMask(const QImage& mask);

  void setTool(Tool tool);
  Tool tool() const { return m_tool; }
  void setBrushSize(double diameter);  // image pixels
  double brushSize() const { return m_brushSize; }
  // The brush diameter as a fraction of the image's shorter side (kept when the image changes).
  void setRelativeBrushSize(double fraction);
  double relativeBrushSize() const { return m_relativeBrush; }
  static constexpr double kDefaultRelativeBrush = 1.0 / 8;
  // The overlay's colour: of a set of distinct hues, the one least present in the picture.
  QColor overlayColor() const { return m_overlayColor; }
  static QColor contrastingColor(const QImage& image);
  // The outpainting margins shown around the picture (they are not part of image() or mask()).
  void setMargins(const QMargins& margins);
  QMargins margins() const { return m_margins; }
  void setSoftness(double softness);  // 0 = hard edge, 1 = soft falloff over the whole radius
  double softness() const { return m_softness; }

  QUndoStack* undoStack() { return &m_undo; }

  QSize sizeHint() const override { return {512, 512}; }

 public Q_SLOTS:
  void clearMask();
  void invertMask();

 Q_SIGNALS:
  void maskChanged();
  void imageChanged();
  void brushSizeChanged(double diameter);

 protected:
  QSize pictureSize() const override { return m_image.size(); }
  QMargins pictureMargins() const override { return m_margins; }
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void applyMask(const QImage& mask);  // replace without undo entry
  // An undo entry for an edit the canvas shows already.
  void pushEdit(const QImage& before, const QImage& after, const QString& text);
  void stamp(const QPointF& center);   // image coordinates
  void stampSegment(const QPointF& from, const QPointF& to);
  void strokeTo(const QPointF& to);
  void updateOverlay(const QRect& region);
  void finishStroke();
  void paintMargins(QPainter& p, const QRectF& picture);

  QImage m_image;
  QImage m_mask;
  QImage m_overlay;  // ARGB32_Premultiplied red with the mask as alpha
  Tool m_tool = Tool::Brush;
  double m_brushSize = 32;
  double m_relativeBrush = kDefaultRelativeBrush;
  QColor m_overlayColor{230, 30, 230};
  QMargins m_margins;
  double m_softness = 0;
  bool m_stroking = false;
  QPointF m_lastImagePos;
  QImage m_strokeBefore;
  QUndoStack m_undo;
};

}  // namespace ldm::ui
