#pragma once
// TaskPanel: the common face of the four task tabs towards the MainWindow.
#include <QImage>
#include <QWidget>

class QSettings;

namespace ldm {
struct GenerationRequest;
}

namespace ldm::ui {

class SamplerOptions;

class TaskPanel : public QWidget {
  Q_OBJECT
 public:
  using QWidget::QWidget;

  // Fills the task-specific fields of `request` (task, prompt, size, inputs, sampler). Returns
  // false with a one-line, translated `error` when the form is incomplete.
  virtual bool buildRequest(GenerationRequest* request, QString* error) const = 0;
  virtual SamplerOptions* samplerOptions() const = 0;
  virtual void showPreview(const QImage& image, int step, int total) = 0;
  virtual void showResult(const QImage& image) = 0;
  // Whether dropped/sent images go to this task, and the receiving end.
  virtual bool acceptsImage() const { return false; }
  virtual void setInputImage(const QImage&) {}
  // Restores the parameters of a request (e.g. from a dropped PNG's metadata): the sampler
  // options here, the task's own fields in the overrides. Input images are not part of it.
  virtual void applyRequest(const GenerationRequest& request);
  virtual void saveSettings(QSettings& settings) const = 0;
  virtual void loadSettings(QSettings& settings) = 0;

 Q_SIGNALS:
  void generateRequested();
  void errorOccurred(const QString& message);
};

}  // namespace ldm::ui

class QPlainTextEdit;

namespace ldm::ui {
// Ctrl+Enter / Ctrl+Return in `edit` emits panel->generateRequested() instead of a newline.
void installGenerateShortcut(QPlainTextEdit* edit, TaskPanel* panel);
}  // namespace ldm::ui
