#pragma once
// Super-resolution tab: input image, steps, tile size and input matching, a before/after compare view.
#include "ui/task_panel.h"

class QCheckBox;
class QDoubleSpinBox;
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
  SamplerOptions* samplerOptions() const override { return m_options; }
  void showPreview(const QImage& image, int step, int total) override;
  void showResult(const QImage& image) override;
  bool acceptsImage() const override { return true; }
  void setInputImage(const QImage& image) override;
  void saveSettings(QSettings& settings) const override;
  void loadSettings(QSettings& settings) override;
  void applyRequest(const GenerationRequest& request) override;

  CompareView* compareView() const { return m_compare; }
  QCheckBox* matchInputBox() const { return m_matchInput; }
  QCheckBox* startFromInputBox() const { return m_startFromInput; }
  QDoubleSpinBox* strengthBox() const { return m_strength; }
  QSlider* splitSlider() const { return m_split; }

 Q_SIGNALS:
  void saveRequested(const QImage& image);

 public Q_SLOTS:
  void openImage();

 private:
  QImage m_input;
  CompareView* m_compare;
  QSlider* m_split;
  QSpinBox* m_tile;
  QCheckBox* m_matchInput;
  QCheckBox* m_startFromInput;
  QDoubleSpinBox* m_strength;
  SamplerOptions* m_options;
  QPushButton* m_run;
  QPushButton* m_save;
};

}  // namespace ldm::ui
