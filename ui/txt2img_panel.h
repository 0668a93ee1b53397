#pragma once
// Text-to-image tab. It follows the kind of model chosen for it:
//  - a text model: prompt and negative prompt (Task::Txt2Img);
//  - a class-conditional model: a searchable class picker instead of the prompts (Task::Sample with
//    class_label), with "no class" when the model has guidance's unconditional entry;
//  - an unconditional model: no prompt at all, a line saying so (Task::Sample).
// Size and sampler settings follow the model in every case. Text models also offer the hires fix
// (GenerationRequest::hires_*): the picture made at the size, upscaled and redrawn at the larger size as
// image to image with its own denoising strength and steps; the group says the final size.
#include <QStringList>

#include "ui/task_panel.h"

class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace ldm::ui {

class Txt2ImgPanel : public TaskPanel {
  Q_OBJECT
 public:
  // What the form asks for: it follows the model (useModel).
  enum class Mode { Text, Class, Unconditional };

  explicit Txt2ImgPanel(QWidget* parent = nullptr);
  QList<Task> restoredTasks() const override { return {Task::Txt2Img, Task::Sample}; }
  QList<Task> modelTasks() const override { return {Task::Txt2Img, Task::Sample}; }
  bool buildRequest(GenerationRequest* request, QString* error) const override;
  void useModel(const ModelInfo& model) override;
  void applyModelDefaults(const ModelInfo& model) override;
  QStringList fitToModel(const ModelInfo& model) override;
  void loadDemoContent() override;

  Mode mode() const { return m_mode; }
  // Editable, with a completer that matches anywhere in the names; item data = class index.
  QComboBox* classBox() const { return m_class; }
  QLabel* unconditionalNote() const { return m_unconditionalNote; }
  ImageView* preview() const { return resultPane(); }
  // The hires fix: checkable, off by default, shown for text models only.
  QGroupBox* hiresGroup() const { return m_hires; }
  QDoubleSpinBox* hiresScaleBox() const { return m_hiresScale; }
  QComboBox* hiresUpscalerBox() const { return m_hiresUpscaler; }  // item data: "latent" | "bicubic"
  QSpinBox* hiresStepsBox() const { return m_hiresSteps; }           // 0 = the sampler's steps
  QDoubleSpinBox* hiresStrengthBox() const { return m_hiresStrength; }
  QLabel* hiresSizeLabel() const { return m_hiresSize; }
  // The size the engine makes of width x height at `scale`: each side times the scale, rounded to the
  // model's size multiple (core/pipelines/engine.cpp hires_fix).
  static QSize hiresSize(int width, int height, double scale, int multiple);

 protected:
  void saveOwnSettings(QSettings& settings) const override;
  void loadOwnSettings(QSettings& settings) override;
  void applyOwnRequest(const GenerationRequest& request) override;

 private:
  void setMode(Mode mode);
  void selectClass(const QString& name);
  void updateHiresSize();
  Mode m_mode = Mode::Text;
  QWidget* m_textFields;
  QWidget* m_classFields;
  QComboBox* m_class;
  QLabel* m_unconditionalNote;
  QGroupBox* m_hires;
  QDoubleSpinBox* m_hiresScale;
  QComboBox* m_hiresUpscaler;
  QSpinBox* m_hiresSteps;
  QDoubleSpinBox* m_hiresStrength;
  QLabel* m_hiresSize;
  std::vector<std::string> m_classNames;  // the model's (resolve_class_name matches typed text)
  int m_noClass = -1;                     // the model's unconditional entry, or -1
  QString m_wantedClass;                  // from the settings or a restored request, until a model has it
};

}  // namespace ldm::ui
