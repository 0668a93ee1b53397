#pragma once
// Inpainting tab: the mask canvas with its brush tools, an optional prompt (text-conditioned
// inpainting models), sampler settings and the result view.
#include "ui/task_panel.h"

class QPlainTextEdit;
class QPushButton;
class QSlider;
class QToolBar;
class QAction;

namespace ldm::ui {

class ImageView;
class MaskCanvas;

class InpaintPanel : public TaskPanel {
  Q_OBJECT
 public:
  explicit InpaintPanel(QWidget* parent = nullptr);
  bool buildRequest(GenerationRequest* request, QString* error) const override;
  SamplerOptions* samplerOptions() const override { return m_options; }
  void showPreview(const QImage& image, int step, int total) override;
  void showResult(const QImage& image) override;
  bool acceptsImage() const override { return true; }
  void setInputImage(const QImage& image) override;
  void saveSettings(QSettings& settings) const override;
  void loadSettings(QSettings& settings) override;
  void applyRequest(const GenerationRequest& request) override;

  MaskCanvas* canvas() const { return m_canvas; }
  QPlainTextEdit* promptEdit() const { return m_prompt; }
  ImageView* resultView() const { return m_result; }
  QSlider* sizeSlider() const { return m_size; }
  QSlider* softnessSlider() const { return m_softness; }

 public Q_SLOTS:
  void openImage();
  void loadMask();
  void saveMask();

 private:
  MaskCanvas* m_canvas;
  QPlainTextEdit* m_prompt;
  SamplerOptions* m_options;
  QSlider* m_size;
  QSlider* m_softness;
  QPushButton* m_generate;
  ImageView* m_result;
  QAction* m_brush;
  QAction* m_eraser;
};

}  // namespace ldm::ui
