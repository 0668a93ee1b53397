#include "ui/txt2img_panel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QVBoxLayout>

#include "core/api/generation_request.h"
#include "ui/image_views.h"
#include "ui/sampler_options.h"

namespace ldm::ui {

Txt2ImgPanel::Txt2ImgPanel(QWidget* parent) : TaskPanel(parent) {
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

  m_options = new SamplerOptions(true);
  m_width = new SizeSpinBox;
  m_height = new SizeSpinBox;
  auto* sizeRow = new QHBoxLayout;
  sizeRow->addWidget(m_width);
  sizeRow->addWidget(new QLabel(QStringLiteral("×")));
  sizeRow->addWidget(m_height);
  m_options->form()->insertRow(0, tr("Si&ze:"), sizeRow);
  static_cast<QLabel*>(m_options->form()->labelForField(sizeRow))->setBuddy(m_width);
  column->addWidget(m_options);

  m_generate = new QPushButton(QIcon(QStringLiteral(":/icons/generate.svg")), tr("&Generate"));
  m_generate->setToolTip(tr("Generate (Ctrl+Enter)"));
  column->addWidget(m_generate);

  m_preview = new ImageView;
  m_preview->setPlaceholderText(tr("The preview appears here while the image is generated."));

  auto* splitter = new QSplitter(Qt::Horizontal);
  auto* scroll = new QScrollArea;
  scroll->setWidget(form);
  scroll->setWidgetResizable(true);
  scroll->setMinimumWidth(320);
  splitter->addWidget(scroll);
  splitter->addWidget(m_preview);
  splitter->setStretchFactor(1, 1);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);

  installGenerateShortcut(m_prompt, this);
  installGenerateShortcut(m_negative, this);
  connect(m_generate, &QPushButton::clicked, this, &TaskPanel::generateRequested);
  setFocusProxy(m_prompt);
}

bool Txt2ImgPanel::buildRequest(GenerationRequest* r, QString* error) const {
  const QString prompt = m_prompt->toPlainText().trimmed();
  if (prompt.isEmpty()) {
    *error = tr("Enter a prompt first.");
    return false;
  }
  if (m_width->value() % 8 != 0 || m_height->value() % 8 != 0) {
    *error = tr("Width and height must be multiples of 8 pixels.");
    return false;
  }
  r->task = Task::Txt2Img;
  r->prompt = prompt.toStdString();
  r->negative_prompt = m_negative->toPlainText().trimmed().toStdString();
  r->width = m_width->value();
  r->height = m_height->value();
  m_options->fillRequest(r);
  return true;
}

void Txt2ImgPanel::showPreview(const QImage& image, int step, int total) {
  m_preview->setImage(image);
  m_preview->setCaption(tr("Step %1 of %2").arg(step).arg(total));
}

void Txt2ImgPanel::showResult(const QImage& image) {
  m_preview->setImage(image);
  m_preview->setCaption(QString());
}

void Txt2ImgPanel::saveSettings(QSettings& s) const {
  s.beginGroup(QStringLiteral("txt2img"));
  s.setValue(QStringLiteral("prompt"), m_prompt->toPlainText());
  s.setValue(QStringLiteral("negative"), m_negative->toPlainText());
  s.setValue(QStringLiteral("width"), m_width->value());
  s.setValue(QStringLiteral("height"), m_height->value());
  s.endGroup();
  m_options->saveSettings(s, QStringLiteral("txt2img/sampler"));
}

void Txt2ImgPanel::loadSettings(QSettings& s) {
  s.beginGroup(QStringLiteral("txt2img"));
  m_prompt->setPlainText(s.value(QStringLiteral("prompt")).toString());
  m_negative->setPlainText(s.value(QStringLiteral("negative")).toString());
  m_width->setValue(s.value(QStringLiteral("width"), 512).toInt());
  m_height->setValue(s.value(QStringLiteral("height"), 512).toInt());
  s.endGroup();
  m_options->loadSettings(s, QStringLiteral("txt2img/sampler"));
}

void Txt2ImgPanel::applyRequest(const GenerationRequest& r) {
  TaskPanel::applyRequest(r);
  m_prompt->setPlainText(QString::fromStdString(r.prompt));
  m_negative->setPlainText(QString::fromStdString(r.negative_prompt));
  if (r.width > 0) m_width->setValue(r.width);
  if (r.height > 0) m_height->setValue(r.height);
}

}  // namespace ldm::ui
