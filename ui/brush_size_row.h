#pragma once
// BrushSizeRow: the brush diameter of a painting tab as a slider and a number side by side, kept in
// sync with each other; the canvas is the source of the value ([ and ] change it there too), so the
// row shows what the canvas says (showSize) and reports what the user sets (sizeChanged).
#include <QWidget>

class QFormLayout;
class QSlider;
class QSpinBox;

namespace ldm::ui {

class BrushSizeRow : public QWidget {
  Q_OBJECT
 public:
  explicit BrushSizeRow(int maximum, QWidget* parent = nullptr);
  // Adds the row to `form` as "Brush size:", the label's mnemonic focusing the slider.
  void addTo(QFormLayout* form);
  QSlider* slider() const { return m_slider; }
  QSpinBox* spinBox() const { return m_box; }
  // Shows `diameter` (and a new maximum when `maximum` > 0) without emitting sizeChanged.
  void showSize(int diameter, int maximum = 0);

 Q_SIGNALS:
  void sizeChanged(int diameter);

 private:
  QSlider* m_slider;
  QSpinBox* m_box;
};

}  // namespace ldm::ui
