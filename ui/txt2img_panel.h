#pragma once
// Text-to-image tab: prompt, negative prompt, size, sampler settings and the preview area.
#include "ui/task_panel.h"

class QPlainTextEdit;
class QPushButton;

namespace ldm::ui {

class ImageView;
class SizeSpinBox;

class Txt2ImgPanel : public TaskPanel {
  Q_OBJECT
 public:
  explicit Txt2ImgPanel(QWidget* parent = nullptr);
  bool buildRequest(GenerationRequest* request, QString* error) const override;
  SamplerOptions* samplerOptions() const override { return m_options; }
  void showPreview(const QImage& image, int step, int total) override;
  void showResult(const QImage& image) override;
  void saveSettings(QSettings& settings) const override;
  void loadSettings(QSettings& settings) override;
  void applyRequest(const GenerationRequest& request) override;

  QPlainTextEdit* promptEdit() const { return m_prompt; }
  QPlainTextEdit* negativeEdit() const { return m_negative; }
  SizeSpinBox* widthBox() const { return m_width; }
  SizeSpinBox* heightBox() const { return m_height; }
  ImageView* preview() const { return m_preview; }
  QPushButton* generateButton() const { return m_generate; }

 private:
  QPlainTextEdit* m_prompt;
  QPlainTextEdit* m_negative;
  SizeSpinBox* m_width;
  SizeSpinBox* m_height;
  SamplerOptions* m_options;
  QPushButton* m_generate;
  ImageView* m_preview;
};

}  // namespace ldm::ui
