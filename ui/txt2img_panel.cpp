#include "ui/txt2img_panel.h"

#include <QComboBox>
#include <QCompleter>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

#include "core/api/class_names.h"
#include "core/api/model_info.h"
#include "ui/image_views.h"
#include "ui/lora_vae_options.h"
#include "ui/sampler_options.h"

namespace ldm::ui {

Txt2ImgPanel::Txt2ImgPanel(QWidget* parent) : TaskPanel(Task::Txt2Img, parent) {
  auto* form = new QWidget;
  auto* column = new QVBoxLayout(form);

  // Text models: the prompts.
  m_textFields = new QWidget;
  auto* text = new QVBoxLayout(m_textFields);
  text->setContentsMargins(0, 0, 0, 0);
  auto* promptLabel = new QLabel(tr("&Prompt:"));
  promptLabel->setBuddy(createPromptEdit(tr("Describe the image (Ctrl+Enter generates)")));
  auto* negativeLabel = new QLabel(tr("&Negative prompt:"));
  negativeLabel->setBuddy(createNegativeEdit(80));
  text->addWidget(promptLabel);
  text->addWidget(promptEdit(), 1);
  text->addWidget(negativeLabel);
  text->addWidget(negativeEdit());
  column->addWidget(m_textFields, 1);

  // Class-conditional models: one of the model's classes, searchable by any part of its name.
  m_classFields = new QWidget;
  auto* classes = new QVBoxLayout(m_classFields);
  classes->setContentsMargins(0, 0, 0, 0);
  auto* classLabel = new QLabel(tr("&Class:"));
  m_class = new QComboBox;
  m_class->setEditable(true);
  m_class->setInsertPolicy(QComboBox::NoInsert);
  m_class->setMaxVisibleItems(20);
  m_class->setMinimumContentsLength(12);
  m_class->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_class->setAccessibleName(tr("Class"));
  m_class->setToolTip(tr("What the picture shows: one of the model's classes. Type any part of a name to search."));
  m_class->lineEdit()->setPlaceholderText(tr("Type to search the classes"));
  m_class->completer()->setFilterMode(Qt::MatchContains);
  m_class->completer()->setCaseSensitivity(Qt::CaseInsensitive);
  m_class->completer()->setCompletionMode(QCompleter::PopupCompletion);
  classLabel->setBuddy(m_class);
  classes->addWidget(classLabel);
  classes->addWidget(m_class);
  column->addWidget(m_classFields);

  // Unconditional models: nothing to say.
  m_unconditionalNote = new QLabel(tr("This model draws without a prompt: each seed gives another picture."));
  m_unconditionalNote->setWordWrap(true);
  column->addWidget(m_unconditionalNote);

  column->addWidget(createSamplerOptions(true));
  createSizeRow(SizeNote::BeyondNativeHiresFix);
  column->addWidget(sizeNote());

  // The hires fix (A1111's): off by default; its strength follows the model (applyModelDefaults).
  m_hires = new QGroupBox(tr("Hires fi&x"));
  m_hires->setCheckable(true);
  m_hires->setChecked(false);
  m_hires->setToolTip(tr("Make the picture at the size above, upscale it and redraw it at the larger size "
                         "(image to image with the same prompt and seed): more detail than generating large at once."));
  auto* hires = new QFormLayout(m_hires);
  m_hiresScale = new QDoubleSpinBox;
  m_hiresScale->setRange(1.0, 4.0);
  m_hiresScale->setSingleStep(0.25);
  m_hiresScale->setDecimals(2);
  m_hiresScale->setValue(2.0);
  m_hiresScale->setSuffix(QStringLiteral(" ×"));
  m_hiresScale->setToolTip(tr("How many times larger the final picture is (rounded to the model's size multiple)"));
  hires->addRow(tr("Scale:"), m_hiresScale);
  m_hiresUpscaler = new QComboBox;
  m_hiresUpscaler->addItem(tr("Latent"), QStringLiteral("latent"));
  m_hiresUpscaler->addItem(tr("Bicubic"), QStringLiteral("bicubic"));
  m_hiresUpscaler->setItemData(0, tr("Upscale the latent (bilinear): the model redraws more"), Qt::ToolTipRole);
  m_hiresUpscaler->setItemData(1, tr("Upscale the picture (bicubic), then encode it: closer to the first picture"), Qt::ToolTipRole);
  hires->addRow(tr("Upscaler:"), m_hiresUpscaler);
  m_hiresSteps = new QSpinBox;
  m_hiresSteps->setRange(0, 1000);
  m_hiresSteps->setSpecialValueText(tr("Same as steps"));
  m_hiresSteps->setToolTip(tr("Sampler steps of the second pass, of which the denoising strength runs (0: the steps above)"));
  hires->addRow(tr("Hires steps:"), m_hiresSteps);
  m_hiresStrength = createStrengthBox(0.01, 0.75,
                                      tr("How much of the upscaled picture is redrawn: low keeps it, 1 redraws it all. "
                                         "The model's default is set when the model changes."));
  hires->addRow(tr("Denoising strength:"), m_hiresStrength);
  persist(m_hires, QStringLiteral("hires/on"));
  persist(m_hiresScale, QStringLiteral("hires/scale"));
  persist(m_hiresUpscaler, QStringLiteral("hires/upscaler"));
  persist(m_hiresSteps, QStringLiteral("hires/steps"));
  persist(m_hiresStrength, QStringLiteral("hires/strength"));
  m_hiresSize = new QLabel;
  m_hiresSize->setAccessibleName(tr("Final size"));
  hires->addRow(tr("Final size:"), m_hiresSize);
  column->addWidget(m_hires);
  for (QSpinBox* box : {static_cast<QSpinBox*>(widthBox()), static_cast<QSpinBox*>(heightBox())})
    connect(box, &QSpinBox::valueChanged, this, [this] { updateHiresSize(); });
  connect(m_hiresScale, &QDoubleSpinBox::valueChanged, this, [this] { updateHiresSize(); });
  connect(m_hires, &QGroupBox::toggled, this, [this] { updateHiresSize(); });
  updateHiresSize();

  column->addWidget(createLoraVaeOptions());

  column->addWidget(createGenerateButton(tr("Generate (Ctrl+Enter)")));
  column->addStretch(0);

  layOutColumns(form, {createResultView(tr("The preview appears here while the image is generated."))}, 300);

  setMode(Mode::Text);
}

QSize Txt2ImgPanel::hiresSize(int width, int height, double scale, int multiple) {
  auto scaled = [&](int v) { return std::max(multiple, int(std::lround(v * scale / multiple)) * multiple); };
  return {scaled(width), scaled(height)};
}

void Txt2ImgPanel::updateHiresSize() {
  if (!m_hires->isChecked()) {
    m_hiresSize->setText(tr("%1 × %2 (off)").arg(widthBox()->value()).arg(heightBox()->value()));
    return;
  }
  const QSize size = hiresSize(widthBox()->value(), heightBox()->value(), m_hiresScale->value(), widthBox()->multiple());
  m_hiresSize->setText(tr("%1 × %2").arg(size.width()).arg(size.height()));
}

void Txt2ImgPanel::setMode(Mode mode) {
  m_mode = mode;
  // Class-conditional and unconditional models (Task::Sample) have no image-to-image pass.
  m_hires->setVisible(mode == Mode::Text);
  m_textFields->setVisible(mode == Mode::Text);
  m_classFields->setVisible(mode == Mode::Class);
  m_unconditionalNote->setVisible(mode == Mode::Unconditional);
  // Guidance needs an unconditional input: text models have one, class models only with "no class".
  if (QDoubleSpinBox* cfg = samplerOptions()->cfgBox()) cfg->setEnabled(mode == Mode::Text || m_noClass >= 0);
  if (auto* column = qobject_cast<QVBoxLayout*>(m_textFields->parentWidget()->layout()))
    column->setStretch(column->count() - 1, mode == Mode::Text ? 0 : 1);  // the form's slack goes below it
  setFocusProxy(mode == Mode::Text ? static_cast<QWidget*>(promptEdit()) : mode == Mode::Class ? static_cast<QWidget*>(m_class) : generateButton());
}

void Txt2ImgPanel::selectClass(const QString& name) {
  const int i = name.isEmpty() ? -1 : m_class->findText(name, Qt::MatchFixedString);
  m_class->setCurrentIndex(std::max(0, i));
}

void Txt2ImgPanel::useModel(const ModelInfo& model) {
  if (model.serves(Task::Txt2Img)) {
    m_classNames.clear();
    m_noClass = -1;
    setMode(Mode::Text);
    return;
  }
  if (model.class_names.empty()) {
    m_classNames.clear();
    m_noClass = -1;
    setMode(Mode::Unconditional);
    return;
  }
  // The class shown stays when the new model has it too.
  const QString wanted = m_class->count() > 0 ? m_class->currentText() : m_wantedClass;
  m_classNames = model.class_names;
  m_noClass = model.unconditional_class;
  const QSignalBlocker block(m_class);
  m_class->clear();
  for (size_t i = 0; i < model.class_names.size(); ++i)
    m_class->addItem(QString::fromStdString(model.class_names[i]), int(i));
  if (m_noClass >= 0) {
    m_class->addItem(tr("(no class)"), m_noClass);
    m_class->setItemData(m_class->count() - 1, tr("The model's unconditional input: it chooses what to draw."), Qt::ToolTipRole);
  }
  selectClass(wanted);
  setMode(Mode::Class);
}

bool Txt2ImgPanel::buildRequest(GenerationRequest* r, QString* error) const {
  if (!fillSize(r, error)) return false;
  if (m_mode == Mode::Text) {
    const QString prompt = promptEdit()->toPlainText().trimmed();
    if (prompt.isEmpty()) {
      *error = tr("Enter a prompt first.");
      return false;
    }
    r->task = Task::Txt2Img;
    r->prompt = prompt.toStdString();
    r->negative_prompt = negativeEdit()->toPlainText().trimmed().toStdString();
    if (m_hires->isChecked()) {
      r->hires_scale = m_hiresScale->value();
      r->hires_upscaler = m_hiresUpscaler->currentData().toString().toStdString();
      r->hires_steps = m_hiresSteps->value();
      r->strength = m_hiresStrength->value();
    }
  } else {
    r->task = Task::Sample;
    r->class_label = -1;
    if (m_mode == Mode::Class) {
      // The entry shown, or what was typed: an index or any synonym of a class (class_names.h).
      const QString typed = m_class->currentText().trimmed();
      const int shown = m_class->findText(typed, Qt::MatchFixedString);
      if (shown >= 0) {
        r->class_label = m_class->itemData(shown).toInt();
      } else if (!typed.isEmpty()) {
        try {
          r->class_label = resolve_class_name(m_classNames, typed.toStdString());
        } catch (const std::exception& e) {
          *error = tr("The model has no class \"%1\": choose one from the Class list (%2).").arg(typed, QString::fromUtf8(e.what()));
          return false;
        }
      }
      if (r->class_label < 0) {
        *error = tr("Choose a class first.");
        return false;
      }
    }
  }
  samplerOptions()->fillRequest(r);
  if (QDoubleSpinBox* cfg = samplerOptions()->cfgBox(); cfg && !cfg->isEnabled()) r->cfg_scale = -1;  // the model's own
  return true;
}

void Txt2ImgPanel::applyModelDefaults(const ModelInfo& model) {
  TaskPanel::applyModelDefaults(model);
  m_hiresStrength->setValue(model.defaults.strength);
  updateHiresSize();
}

QStringList Txt2ImgPanel::fitToModel(const ModelInfo& model) {
  const QStringList replaced = TaskPanel::fitToModel(model);
  updateHiresSize();
  return replaced;
}

void Txt2ImgPanel::saveOwnSettings(QSettings& s) const {
  s.beginGroup(key());
  s.setValue(QStringLiteral("class"), m_class->count() > 0 ? m_class->currentText() : m_wantedClass);
  s.endGroup();
}

void Txt2ImgPanel::loadOwnSettings(QSettings& s) {
  s.beginGroup(key());
  m_wantedClass = s.value(QStringLiteral("class")).toString();
  if (m_class->count() > 0) selectClass(m_wantedClass);
  s.endGroup();
}

void Txt2ImgPanel::applyOwnRequest(const GenerationRequest& r) {
  if (r.task == Task::Sample) {
    const int i = m_class->findData(r.class_label);
    if (r.class_label >= 0 && i >= 0) m_class->setCurrentIndex(i);
  } else {
    // The picture's hires settings, or none (the form must be that of the picture). Its size is the
    // first pass's, as A1111 records it.
    m_hires->setChecked(r.hires_scale > 1.0);
    if (r.hires_scale > 1.0) {
      m_hiresScale->setValue(r.hires_scale);
      m_hiresUpscaler->setCurrentIndex(std::max(0, m_hiresUpscaler->findData(QString::fromStdString(r.hires_upscaler))));
      m_hiresSteps->setValue(r.hires_steps);
      if (r.strength > 0) m_hiresStrength->setValue(r.strength);
    }
  }
}

void Txt2ImgPanel::loadDemoContent() {
  promptEdit()->setPlainText(QStringLiteral("a red circle and a blue square"));
  negativeEdit()->clear();
  if (m_mode == Mode::Class) selectClass(QStringLiteral("red circle"));
}

}  // namespace ldm::ui
