#pragma once
// LayoutCanvas: edits the boxes of a LayoutBoxModel. Drag on empty space creates a box (labelled
// with the default label), drag a box to move it, drag a corner handle of the selected box to
// resize it, Delete removes it; a click on empty space or Esc clears the selection. Each drag is one
// undo step of the model.
// Selection is shared with any view through the QItemSelectionModel.
#include <QPointer>
#include <QWidget>

class QItemSelectionModel;

namespace ldm::ui {

class LayoutBoxModel;

class LayoutCanvas : public QWidget {
  Q_OBJECT
 public:
  explicit LayoutCanvas(QWidget* parent = nullptr);
  void setModel(LayoutBoxModel* model, QItemSelectionModel* selection);
  void setImageSize(int width, int height);  // aspect ratio of the area
  void setBackdrop(const QImage& image);
  void setDefaultLabel(const QString& label) { m_defaultLabel = label; }
  QString defaultLabel() const { return m_defaultLabel; }

  int currentRow() const;
  void selectRow(int row);
  QRectF imageRect() const;  // widget coordinates of the normalised [0,1]^2 area
  QPointF normToWidget(const QPointF& p) const;
  QPointF widgetToNorm(const QPointF& p) const;  // clamped to [0,1]

  QSize sizeHint() const override { return {512, 512}; }
  static constexpr double kHandleRadius = 6;  // pixels
  static constexpr double kMinBoxPixels = 4;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  enum class Drag { None, Create, Move, Resize };
  int boxAt(const QPointF& widgetPos) const;
  int handleAt(const QPointF& widgetPos) const;  // corner 0..3 of the selected box, or -1

  QPointer<LayoutBoxModel> m_model;
  QPointer<QItemSelectionModel> m_selection;
  QSize m_imageSize{512, 512};
  QImage m_backdrop;
  QString m_defaultLabel;
  Drag m_drag = Drag::None;
  int m_dragRow = -1;
  int m_dragCorner = -1;
  QPointF m_pressNorm;
  QPointF m_currentNorm;
  QRectF m_rectAtPress;
};

}  // namespace ldm::ui
