#pragma once
// Super-resolution tab: input image, steps, tile size and input matching, a before/after compare
// view, and the input and output sizes.
#include "ui/task_panel.h"

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace ldm::ui {

class CompareView;

class UpscalePanel : public TaskPanel {
  Q_OBJECT
 public:
  explicit UpscalePanel(QWidget* parent = nullptr);
  bool buildRequest(GenerationRequest* request, QString* error) const override;
  bool acceptsImage() const override { return true; }
  void setInputImage(const QImage& image) override;
  void useModel(const ModelInfo& model) override;
  void applyModelDefaults(const ModelInfo& model) override;
  void loadDemoContent() override;

  CompareView* compareView() const { return m_compare; }
  QWidget* resultWidget() const override;
  QSpinBox* tileBox() const { return m_tile; }  // output pixels; 0 = automatic
  QCheckBox* matchInputBox() const { return m_matchInput; }
  QCheckBox* startFromInputBox() const { return m_startFromInput; }
  QDoubleSpinBox* strengthBox() const { return m_strength; }
  QSlider* splitSlider() const { return m_split; }
  // "Input 16×16 px → output 64×64 px (×4)".
  QLabel* sizeLabel() const { return m_sizeLabel; }
  int scaleFactor() const { return m_factor; }

 protected:
  void applyOwnRequest(const GenerationRequest& request) override;
  void displayResult(const QImage& image, const QString& caption, ResultState state) override;

 private:
  void updateSizeLabel();
  QImage m_input;
  int m_factor = 4;
  int m_tileMultiple = 8;  // the model's size multiple: what a tile must be a multiple of
  CompareView* m_compare;
  QSlider* m_split;
  QSpinBox* m_tile;
  QCheckBox* m_matchInput;
  QCheckBox* m_startFromInput;
  QDoubleSpinBox* m_strength;
  QLabel* m_sizeLabel;
  QPushButton* m_save;
};

}  // namespace ldm::ui
