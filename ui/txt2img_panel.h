#pragma once
// Text-to-image tab: prompt, negative prompt, size, sampler settings and the result pane.
#include "ui/task_panel.h"

class QPlainTextEdit;
class QPushButton;

namespace ldm::ui {

class SizeSpinBox;

class Txt2ImgPanel : public TaskPanel {
  Q_OBJECT
 public:
  explicit Txt2ImgPanel(QWidget* parent = nullptr);
  QList<Task> restoredTasks() const override { return {Task::Txt2Img, Task::Img2Img}; }
  bool buildRequest(GenerationRequest* request, QString* error) const override;
  void applyModelDefaults(const ModelInfo& model) override;
  QStringList fitToModel(const ModelInfo& model) override;
  void applyRequest(const GenerationRequest& request) override;
  void loadDemoContent() override;

  QPlainTextEdit* promptEdit() const { return m_prompt; }
  QPlainTextEdit* negativeEdit() const { return m_negative; }
  SizeSpinBox* widthBox() const { return m_width; }
  SizeSpinBox* heightBox() const { return m_height; }
  ImageView* preview() const { return resultPane(); }
  QPushButton* generateButton() const { return m_generate; }

 protected:
  void saveOwnSettings(QSettings& settings) const override;
  void loadOwnSettings(QSettings& settings) override;

 private:
  QPlainTextEdit* m_prompt;
  QPlainTextEdit* m_negative;
  SizeSpinBox* m_width;
  SizeSpinBox* m_height;
  QPushButton* m_generate;
};

}  // namespace ldm::ui
