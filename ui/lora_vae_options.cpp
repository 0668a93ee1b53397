#include "ui/lora_vae_options.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/api/model_info.h"

namespace ldm::ui {

namespace {
QString weightsFilter() { return LoraVaeOptions::tr("Weights (*.safetensors *.ckpt *.pt)"); }

// The name shown for a file (a picture records LoRAs and VAEs by file name only).
QString shownName(const QString& path) { return QFileInfo(path).fileName(); }
}  // namespace

LoraVaeOptions::LoraVaeOptions(QWidget* parent) : QWidget(parent) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* box = new QGroupBox(tr("LoRA and VAE"));
  outer->addWidget(box);
  auto* column = new QVBoxLayout(box);

  m_list = new QVBoxLayout;
  m_list->setContentsMargins(0, 0, 0, 0);
  m_list->setSpacing(2);
  m_empty = new QLabel;
  m_empty->setWordWrap(true);
  m_list->addWidget(m_empty);
  column->addLayout(m_list);

  m_add = new QPushButton(QIcon(QStringLiteral(":/icons/open.svg")), tr("Add &LoRA…"));
  m_add->setToolTip(tr("Add a LoRA file (kohya-ss or diffusers/PEFT, .safetensors, .ckpt or .pt) merged into the model "
                       "for this tab's pictures. Prompts may also name LoRAs: <lora:name:weight>."));
  connect(m_add, &QPushButton::clicked, this, &LoraVaeOptions::addLoraDialog);
  column->addWidget(m_add);

  m_vae = new QComboBox;
  m_vae->addItem(tr("Model's own"), QString());
  m_vae->setToolTip(tr("The VAE (first stage) that turns latents into pictures: the model's own, or a VAE checkpoint "
                       "with CompVis names (e.g. a fine-tuned SD decoder)."));
  m_vae->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_vae->setMinimumContentsLength(10);
  m_chooseVae = new QToolButton;
  m_chooseVae->setIcon(QIcon(QStringLiteral(":/icons/open.svg")));
  m_chooseVae->setToolTip(tr("Choose a VAE file…"));
  connect(m_chooseVae, &QToolButton::clicked, this, &LoraVaeOptions::chooseVaeDialog);
  auto* vaeRow = new QHBoxLayout;
  vaeRow->addWidget(m_vae, 1);
  vaeRow->addWidget(m_chooseVae);
  auto* form = new QFormLayout;
  form->setContentsMargins(0, 0, 0, 0);
  form->addRow(tr("&VAE:"), vaeRow);
  static_cast<QLabel*>(form->labelForField(vaeRow))->setBuddy(m_vae);
  column->addLayout(form);
  updateEmptyNote();
}

bool LoraVaeOptions::appliesTo(const ModelInfo& model) {
  return model.family == "sd1" || model.family == "sd2" || model.family == "sd-inpaint";
}

void LoraVaeOptions::useModel(const ModelInfo& model) {
  m_applies = appliesTo(model);
  setEnabled(m_applies);
  setToolTip(m_applies ? QString()
                       : tr("LoRAs and VAEs apply to Stable Diffusion models; %1 is a %2 model. "
                            "The list is kept for when a Stable Diffusion model is chosen.")
                             .arg(QString::fromStdString(model.name), QString::fromStdString(model.family_name)));
  updateEmptyNote();
}

void LoraVaeOptions::addRow(const LoraRef& lora) {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  const QString path = QString::fromStdString(lora.path);
  auto* name = new QLabel(shownName(path));
  name->setToolTip(path);
  name->setMinimumWidth(40);
  name->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // a long name does not widen the form
  auto* strength = new QDoubleSpinBox;
  strength->setRange(-4, 4);
  strength->setSingleStep(0.05);
  strength->setDecimals(2);
  strength->setValue(lora.strength);
  strength->setAccessibleName(tr("Strength of %1").arg(shownName(path)));
  auto* remove = new QToolButton;
  remove->setIcon(QIcon(QStringLiteral(":/icons/delete.svg")));
  remove->setToolTip(tr("Remove this LoRA"));
  remove->setAutoRaise(true);
  layout->addWidget(name, 1);
  layout->addWidget(strength);
  layout->addWidget(remove);
  m_list->addWidget(row);
  m_rows.append({lora, row, strength, remove});
  if (lora.unet_strength != lora.strength)
    strength->setToolTip(tr("Text encoder strength; the UNet's is %1 (as the picture recorded it).").arg(lora.unet_strength));
  else
    strength->setToolTip(tr("How strongly the LoRA changes the model (1 = as trained, 0 = not at all)."));
  connect(strength, &QDoubleSpinBox::valueChanged, this, [this, row](double v) {
    for (Row& r : m_rows) {
      if (r.widget != row) continue;
      // One number for both parts, unless a picture recorded them apart: then it is the text encoder's.
      if (r.lora.unet_strength == r.lora.strength) r.lora.unet_strength = v;
      r.lora.strength = v;
    }
  });
  connect(remove, &QToolButton::clicked, this, [this, row] {
    for (int i = 0; i < m_rows.size(); ++i) {
      if (m_rows[i].widget == row) removeLora(i);
    }
  });
  updateEmptyNote();
}

void LoraVaeOptions::addLora(const QString& path, double strength) {
  LoraRef l;
  l.path = path.toStdString();
  l.strength = l.unet_strength = strength;
  addRow(l);
}

void LoraVaeOptions::removeLora(int row) {
  if (row < 0 || row >= m_rows.size()) return;
  delete m_rows.takeAt(row).widget;
  updateEmptyNote();
}

void LoraVaeOptions::clearLoras() {
  while (!m_rows.isEmpty()) removeLora(m_rows.size() - 1);
}

void LoraVaeOptions::updateEmptyNote() {
  // Greyed out, the box says why in so many words (the tooltip has the model's name).
  m_empty->setText(m_applies ? tr("No LoRA: the model as it is.") : tr("For Stable Diffusion models only."));
  m_empty->setVisible(m_rows.isEmpty() || !m_applies);
}

QList<LoraRef> LoraVaeOptions::loras() const {
  QList<LoraRef> out;
  for (const Row& r : m_rows) out << r.lora;
  return out;
}

QDoubleSpinBox* LoraVaeOptions::strengthBox(int row) const { return m_rows.value(row).strength; }
QToolButton* LoraVaeOptions::removeButton(int row) const { return m_rows.value(row).remove; }

void LoraVaeOptions::setVae(const QString& path) {
  if (path.isEmpty()) {
    m_vae->setCurrentIndex(0);
    return;
  }
  int i = m_vae->findData(path);
  if (i < 0) {
    m_vae->addItem(shownName(path), path);
    i = m_vae->count() - 1;
    m_vae->setItemData(i, path, Qt::ToolTipRole);
  }
  m_vae->setCurrentIndex(i);
}

QString LoraVaeOptions::vae() const { return m_vae->currentData().toString(); }

void LoraVaeOptions::addLoraDialog() {
  const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add LoRA"), QString(), weightsFilter());
  for (const QString& f : files) addLora(f);
}

void LoraVaeOptions::chooseVaeDialog() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Choose a VAE"), QString(), weightsFilter());
  if (!file.isEmpty()) setVae(file);
}

void LoraVaeOptions::fillRequest(GenerationRequest* r) const {
  r->loras.clear();
  r->vae.clear();
  if (!m_applies) return;
  for (const Row& row : m_rows) r->loras.push_back(row.lora);
  r->vae = vae().toStdString();
}

void LoraVaeOptions::applyRequest(const GenerationRequest& r) {
  clearLoras();
  for (const LoraRef& l : r.loras) addRow(l);
  setVae(QString::fromStdString(r.vae));
}

void LoraVaeOptions::saveSettings(QSettings& s, const QString& group) const {
  s.beginGroup(group);
  s.beginWriteArray(QStringLiteral("loras"), int(m_rows.size()));
  for (int i = 0; i < m_rows.size(); ++i) {
    s.setArrayIndex(i);
    s.setValue(QStringLiteral("path"), QString::fromStdString(m_rows[i].lora.path));
    s.setValue(QStringLiteral("strength"), m_rows[i].lora.strength);
    s.setValue(QStringLiteral("unet_strength"), m_rows[i].lora.unet_strength);
  }
  s.endArray();
  QStringList vaes;
  for (int i = 1; i < m_vae->count(); ++i) vaes << m_vae->itemData(i).toString();
  s.setValue(QStringLiteral("vaeFiles"), vaes);
  s.setValue(QStringLiteral("vae"), vae());
  s.endGroup();
}

void LoraVaeOptions::loadSettings(QSettings& s, const QString& group) {
  s.beginGroup(group);
  clearLoras();
  const int n = s.beginReadArray(QStringLiteral("loras"));
  for (int i = 0; i < n; ++i) {
    s.setArrayIndex(i);
    LoraRef l;
    l.path = s.value(QStringLiteral("path")).toString().toStdString();
    l.strength = s.value(QStringLiteral("strength"), 1.0).toDouble();
    l.unet_strength = s.value(QStringLiteral("unet_strength"), l.strength).toDouble();
    if (!l.path.empty()) addRow(l);
  }
  s.endArray();
  for (const QString& f : s.value(QStringLiteral("vaeFiles")).toStringList()) {
    if (!f.isEmpty() && m_vae->findData(f) < 0) {
      m_vae->addItem(shownName(f), f);
      m_vae->setItemData(m_vae->count() - 1, f, Qt::ToolTipRole);
    }
  }
  setVae(s.value(QStringLiteral("vae")).toString());
  s.endGroup();
}

}  // namespace ldm::ui
