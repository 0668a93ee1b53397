#pragma once
// Inpainting tab: the mask canvas with its brush tools, an optional prompt (text-conditioned
// inpainting models), sampler settings and the result pane. Outpainting: "Extend canvas" margins on
// each side (GenerationRequest::outpaint_*), shown on the canvas as they will be after rounding to the
// model's size multiple; with a margin the painted mask is optional.
#include <QMargins>

#include "ui/task_panel.h"

class QAction;
class QLabel;
class QSlider;
class QSpinBox;

namespace ldm::ui {

class BrushSizeRow;
class MaskCanvas;

class InpaintPanel : public TaskPanel {
  Q_OBJECT
 public:
  explicit InpaintPanel(QWidget* parent = nullptr);
  bool buildRequest(GenerationRequest* request, QString* error) const override;
  bool acceptsImage() const override { return true; }
  void setInputImage(const QImage& image) override;
  void useModel(const ModelInfo& model) override;
  void loadDemoContent() override;
  QStringList demoVariants() const override { return {QStringLiteral("outpaint")}; }
  void loadDemoVariant(const QString& variant) override;

  // Outpainting: the margins asked for (pixels; the spin boxes step by the model's size multiple),
  // and those the engine will add to the current picture (the rounding goes right and bottom, or left
  // and top when only those are set; core/pipelines/engine.cpp extend_for_outpainting).
  enum Side { Left, Top, Right, Bottom };
  QSpinBox* marginBox(Side side) const { return m_margin[side]; }
  void setMargins(const QMargins& margins);
  QMargins margins() const;
  QMargins effectiveMargins() const;
  static QMargins roundedMargins(const QMargins& asked, const QSize& image, int multiple);
  // "Result: W × H" with margins (the picture's own size without).
  QLabel* outpaintSizeLabel() const { return m_outpaintSize; }
  QAction* clearMarginsAction() const { return m_clearMargins; }

  MaskCanvas* canvas() const { return m_canvas; }
  ImageView* resultView() const { return resultPane(); }
  // The brush diameter in image pixels: the slider and the number, kept in sync with the canvas.
  BrushSizeRow* brushSizeRow() const { return m_brushSize; }
  QSlider* softnessSlider() const { return m_softness; }
  QAction* openImageAction() const { return m_openImage; }
  QAction* loadMaskAction() const { return m_loadMask; }

 public Q_SLOTS:
  void loadMask();
  void saveMask();

 protected:
  void saveOwnSettings(QSettings& settings) const override;
  void loadOwnSettings(QSettings& settings) override;
  void applyOwnRequest(const GenerationRequest& request) override;

 private:
  void syncBrushWidgets();
  void updateMargins();
  MaskCanvas* m_canvas;
  BrushSizeRow* m_brushSize;
  QSlider* m_softness;
  QAction* m_openImage;
  QAction* m_loadMask;
  QAction* m_brush;
  QAction* m_eraser;
  QSpinBox* m_margin[4];
  QLabel* m_outpaintSize;
  QAction* m_clearMargins;
  int m_multiple = 8;
};

}  // namespace ldm::ui
