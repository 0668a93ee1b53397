#pragma once
// Inpainting tab: the mask canvas with its brush tools, an optional prompt (text-conditioned
// inpainting models), sampler settings and the result pane.
#include "ui/task_panel.h"

class QAction;
class QPlainTextEdit;
class QPushButton;
class QSlider;
class QSpinBox;
class QToolBar;

namespace ldm::ui {

class MaskCanvas;

class InpaintPanel : public TaskPanel {
  Q_OBJECT
 public:
  explicit InpaintPanel(QWidget* parent = nullptr);
  bool buildRequest(GenerationRequest* request, QString* error) const override;
  bool acceptsImage() const override { return true; }
  void setInputImage(const QImage& image) override;
  void applyRequest(const GenerationRequest& request) override;
  void loadDemoContent() override;

  MaskCanvas* canvas() const { return m_canvas; }
  QPlainTextEdit* promptEdit() const { return m_prompt; }
  ImageView* resultView() const { return resultPane(); }
  QToolBar* toolBar() const { return m_tools; }
  // The brush diameter in image pixels: the slider and the number, kept in sync with the canvas.
  QSlider* sizeSlider() const { return m_size; }
  QSpinBox* sizeBox() const { return m_sizeBox; }
  QSlider* softnessSlider() const { return m_softness; }
  QAction* openImageAction() const { return m_openImage; }
  QAction* loadMaskAction() const { return m_loadMask; }
  QAction* undoAction() const { return m_undo; }
  QAction* redoAction() const { return m_redo; }

 public Q_SLOTS:
  void loadMask();
  void saveMask();

 protected:
  void saveOwnSettings(QSettings& settings) const override;
  void loadOwnSettings(QSettings& settings) override;

 private:
  void syncBrushWidgets();
  MaskCanvas* m_canvas;
  QToolBar* m_tools;
  QPlainTextEdit* m_prompt;
  QSlider* m_size;
  QSpinBox* m_sizeBox;
  QSlider* m_softness;
  QPushButton* m_generate;
  QAction* m_openImage;
  QAction* m_loadMask;
  QAction* m_brush;
  QAction* m_eraser;
  QAction* m_undo;
  QAction* m_redo;
};

}  // namespace ldm::ui
