#pragma once
// Image-to-image tab (Task::Img2Img, scripts/img2img.py): an init image (opened, dropped, pasted or sent
// from the history), the prompts, a denoising strength (the model's by default), the size (the init
// image's, rounded to the model's multiple; the model's native size until there is one) and the
// sampler settings. A reopened picture restores its settings; its init image comes back when the
// request holds it (a history entry of this session), otherwise the tab says it must be chosen again.
#include <QImage>

#include "ui/task_panel.h"

class QAction;
class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace ldm::ui {

class Img2ImgPanel : public TaskPanel {
  Q_OBJECT
 public:
  explicit Img2ImgPanel(QWidget* parent = nullptr);
  bool buildRequest(GenerationRequest* request, QString* error) const override;
  bool acceptsImage() const override { return true; }
  void setInputImage(const QImage& image) override;
  bool reopensPictureAsInput() const override { return false; }
  void useModel(const ModelInfo& model) override;
  void applyModelDefaults(const ModelInfo& model) override;
  QStringList fitToModel(const ModelInfo& model) override;
  void loadDemoContent() override;

  QImage initImage() const { return m_init; }
  ImageView* initView() const { return m_initView; }
  QDoubleSpinBox* strengthBox() const { return m_strength; }
  QSlider* strengthSlider() const { return m_strengthSlider; }
  QAction* pasteAction() const { return m_paste; }
  // Says what the init image is, or why there is none (e.g. a reopened picture that does not hold it).
  QLabel* initNote() const { return m_initNote; }

 public Q_SLOTS:
  // The clipboard's picture (or an image file copied in a file manager) becomes the init image.
  void pasteImage();

 protected:
  void applyOwnRequest(const GenerationRequest& request) override;

 private:
  void sizeFromInit();
  void updateInitNote();
  QImage m_init;
  int m_multiple = 8;
  ImageView* m_initView;
  QLabel* m_initNote;
  QDoubleSpinBox* m_strength;
  QSlider* m_strengthSlider;
  QAction* m_paste;
  bool m_initMissing = false;  // a reopened picture's init image is not known
};

}  // namespace ldm::ui
