#include "ui/txt2img_panel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "core/api/model_info.h"
#include "ui/image_views.h"
#include "ui/sampler_options.h"

namespace ldm::ui {

Txt2ImgPanel::Txt2ImgPanel(QWidget* parent) : TaskPanel(Task::Txt2Img, parent) {
  auto* form = new QWidget;
  auto* column = new QVBoxLayout(form);

  auto* promptLabel = new QLabel(tr("&Prompt:"));
  m_prompt = new QPlainTextEdit;
  m_prompt->setPlaceholderText(tr("Describe the image (Ctrl+Enter generates)"));
  m_prompt->setTabChangesFocus(true);
  promptLabel->setBuddy(m_prompt);
  auto* negativeLabel = new QLabel(tr("&Negative prompt:"));
  m_negative = new QPlainTextEdit;
  m_negative->setPlaceholderText(tr("What the image should not contain"));
  m_negative->setTabChangesFocus(true);
  m_negative->setMaximumHeight(80);
  negativeLabel->setBuddy(m_negative);
  column->addWidget(promptLabel);
  column->addWidget(m_prompt, 1);
  column->addWidget(negativeLabel);
  column->addWidget(m_negative);

  SamplerOptions* options = createSamplerOptions(true);
  insertSizeRow(options, &m_width, &m_height);
  column->addWidget(options);

  m_generate = createGenerateButton(QStringLiteral(":/icons/generate.svg"), tr("&Generate"), tr("Generate (Ctrl+Enter)"));
  column->addWidget(m_generate);

  layOutColumns(form, {createResultView(tr("The preview appears here while the image is generated."))}, 300);

  installGenerateShortcut(m_prompt, this);
  installGenerateShortcut(m_negative, this);
  setFocusProxy(m_prompt);
}

bool Txt2ImgPanel::buildRequest(GenerationRequest* r, QString* error) const {
  const QString prompt = m_prompt->toPlainText().trimmed();
  if (prompt.isEmpty()) {
    *error = tr("Enter a prompt first.");
    return false;
  }
  const int m = m_width->multiple();
  if (m_width->value() % m != 0 || m_height->value() % m != 0) {
    *error = tr("Width and height must be multiples of %1 pixels.").arg(m);
    return false;
  }
  r->task = Task::Txt2Img;
  r->prompt = prompt.toStdString();
  r->negative_prompt = m_negative->toPlainText().trimmed().toStdString();
  r->width = m_width->value();
  r->height = m_height->value();
  samplerOptions()->fillRequest(r);
  return true;
}

void Txt2ImgPanel::applyModelDefaults(const ModelInfo& model) {
  TaskPanel::applyModelDefaults(model);
  applyNativeSize(m_width, m_height, model);
}

QStringList Txt2ImgPanel::fitToModel(const ModelInfo& model) { return fitSizeToModel(m_width, m_height, model); }

void Txt2ImgPanel::saveOwnSettings(QSettings& s) const {
  s.beginGroup(key());
  s.setValue(QStringLiteral("prompt"), m_prompt->toPlainText());
  s.setValue(QStringLiteral("negative"), m_negative->toPlainText());
  s.setValue(QStringLiteral("width"), m_width->value());
  s.setValue(QStringLiteral("height"), m_height->value());
  s.endGroup();
}

void Txt2ImgPanel::loadOwnSettings(QSettings& s) {
  s.beginGroup(key());
  m_prompt->setPlainText(s.value(QStringLiteral("prompt")).toString());
  m_negative->setPlainText(s.value(QStringLiteral("negative")).toString());
  m_width->setValue(s.value(QStringLiteral("width"), m_width->value()).toInt());
  m_height->setValue(s.value(QStringLiteral("height"), m_height->value()).toInt());
  s.endGroup();
}

void Txt2ImgPanel::applyRequest(const GenerationRequest& r) {
  TaskPanel::applyRequest(r);
  m_prompt->setPlainText(QString::fromStdString(r.prompt));
  m_negative->setPlainText(QString::fromStdString(r.negative_prompt));
  if (r.width > 0) m_width->setValue(r.width);
  if (r.height > 0) m_height->setValue(r.height);
}

void Txt2ImgPanel::loadDemoContent() {
  m_prompt->setPlainText(QStringLiteral("a red circle above a small blue square"));
  m_negative->clear();
}

}  // namespace ldm::ui
