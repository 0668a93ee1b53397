#pragma once
// LabelCanvas: paints a label map for semantic synthesis. The map is an 8-bit image whose pixel value
// is a label index (the model's class_names); it shows each label in its display colour (setColours),
// scaled without smoothing, so that every map pixel stays a sharp square: fitted to the widget, or
// zoomed with the wheel and panned with the middle button or Space + drag (ui/zoom_canvas.h). Tools:
// a round brush (diameter in map pixels; [ and ] change it) and a bucket fill (4-connected region of
// one label). The right button picks the label under the cursor. Every edit is undoable.
#include <QImage>
#include <QPointF>
#include <QUndoStack>
#include <QVector>

#include "ui/zoom_canvas.h"

namespace ldm::ui {

class LabelCanvas : public ZoomCanvas {
  Q_OBJECT
 public:
  enum class Tool { Brush, Fill };

  explicit LabelCanvas(QWidget* parent = nullptr);

  // The map, Format_Grayscale8: pixel value = label.
  QImage labelMap() const;
  int labelAt(int x, int y) const;
  QSize mapSize() const { return m_map.size(); }
  // Replaces the map (any 8-bit grey or indexed image; its values are the labels). `undoable` false
  // also clears the undo history (a new model, a new start).
  void setLabelMap(const QImage& map, bool undoable = true);
  // A map of one label.
  void resetMap(QSize size, int label, bool undoable = true);
  // Resamples the map to `size`, nearest neighbour (undoable).
  void resample(QSize size);
  // The display colour of every label (index = label; missing ones are shown black).
  void setColours(const QVector<QRgb>& colours);
  QRgb colourOf(int label) const;

  void setTool(Tool tool) { m_tool = tool; }
  Tool tool() const { return m_tool; }
  void setLabel(int label) { m_label = label; }
  int label() const { return m_label; }
  void setBrushSize(int diameter);  // map pixels
  int brushSize() const { return m_brushSize; }

  // The editing operations the mouse does, in map coordinates (undoable; for scripts and tests too).
  void paintDisc(const QPointF& centre, double diameter, int label);
  void fillRect(const QRect& rect, int label);
  // Sets the 4-connected region of pixels with the label of `seed` to `label`.
  void floodFill(const QPoint& seed, int label);

  QUndoStack* undoStack() { return &m_undo; }
  QSize sizeHint() const override { return {512, 512}; }

 Q_SIGNALS:
  void mapChanged();
  void labelPicked(int label);
  void brushSizeChanged(int diameter);

 protected:
  QSize pictureSize() const override { return m_map.size(); }
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void replaceMap(const QImage& map);  // no undo entry
  void pushEdit(const QImage& before, const QString& text);
  void stamp(const QPointF& centre, double diameter, int label);

  QImage m_map;  // Format_Indexed8; the colour table shows the labels
  QVector<QRgb> m_colours;
  Tool m_tool = Tool::Brush;
  int m_label = 0;
  int m_brushSize = 8;
  bool m_stroking = false;
  QPointF m_last;
  QImage m_strokeBefore;
  QUndoStack m_undo;
};

}  // namespace ldm::ui
