#include "ui/sampler_options.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QRandomGenerator>
#include <QSettings>
#include <QToolButton>

#include <algorithm>

#include "core/api/generation_request.h"
#include "core/api/model_info.h"
#include "core/api/sampler_registry.h"

namespace ldm::ui {

SizeSpinBox::SizeSpinBox(QWidget* parent) : QSpinBox(parent) {
  setRange(64, 4096);
  setSingleStep(64);
  setValue(512);
  setSuffix(QStringLiteral(" px"));
  setMultiple(8);
}

void SizeSpinBox::setMultiple(int multiple) {
  m_multiple = std::max(1, multiple);
  setMinimum(std::max(m_multiple, 8));
  setSingleStep(std::max(m_multiple, 64));
  setToolTip(tr("A multiple of %1 pixels (what the model's autoencoder and UNet divide it by).").arg(m_multiple));
}

QValidator::State SizeSpinBox::validate(QString& text, int& pos) const {
  const QValidator::State base = QSpinBox::validate(text, pos);
  if (base != QValidator::Acceptable) return base;
  return valueFromText(text) % m_multiple == 0 ? QValidator::Acceptable : QValidator::Intermediate;
}

void SizeSpinBox::fixup(QString& input) const {
  const int v = valueFromText(input);
  const int m = m_multiple;
  input = prefix() + textFromValue(std::clamp((v + m / 2) / m * m, minimum(), maximum())) + suffix();
}

SamplerOptions::SamplerOptions(bool withCfg, QWidget* parent) : QWidget(parent) {
  m_form = new QFormLayout(this);
  m_form->setContentsMargins(0, 0, 0, 0);
  m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

  m_steps = new QSpinBox(this);
  m_steps->setRange(1, 1000);
  m_steps->setValue(50);
  m_form->addRow(tr("&Steps:"), m_steps);

  m_sampler = new QComboBox(this);
  // Display names that are words, not proper names, are translated (lupdate sees them here).
  static const char* const kTranslated[] = {QT_TR_NOOP("Euler ancestral")};
  (void)kTranslated;
  for (const SamplerInfo& s : sampler_registry())
    m_sampler->addItem(tr(s.display_name.c_str()), QString::fromStdString(s.name));
  m_karras = new QCheckBox(tr("&Karras sigmas"), this);
  m_karras->setToolTip(tr("Use the Karras et al. noise schedule (k-diffusion samplers only)."));
  // One control per row where it can be: the form stays narrow enough for a 1024-pixel window.
  m_form->addRow(tr("Sa&mpler:"), m_sampler);
  m_form->addRow(QString(), m_karras);

  m_eta = new QDoubleSpinBox(this);
  m_eta->setRange(0, 1);
  m_eta->setSingleStep(0.1);
  m_eta->setToolTip(tr("DDIM eta: 0 is deterministic, 1 adds as much noise as DDPM."));
  m_form->addRow(tr("&Eta:"), m_eta);

  if (withCfg) {
    m_cfg = new QDoubleSpinBox(this);
    m_cfg->setRange(1, 30);
    m_cfg->setSingleStep(0.5);
    m_cfg->setValue(7.5);
    m_cfg->setToolTip(tr("Classifier-free guidance: how strongly the image follows the prompt."));
    m_form->addRow(tr("&CFG scale:"), m_cfg);
  }

  m_seed = new QSpinBox(this);
  m_seed->setRange(0, 2147483647);
  m_seed->setValue(42);
  m_randomSeed = new QCheckBox(tr("&Random"), this);
  m_randomSeed->setChecked(true);
  m_reuseSeed = new QToolButton(this);
  m_reuseSeed->setText(tr("Reuse last"));
  m_reuseSeed->setIcon(QIcon(QStringLiteral(":/icons/history.svg")));
  m_reuseSeed->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  m_reuseSeed->setToolTip(tr("Use the seed of the last generated image."));
  m_reuseSeed->setEnabled(false);
  auto* seedRow = new QHBoxLayout;
  seedRow->addWidget(m_seed, 1);
  seedRow->addWidget(m_randomSeed);
  m_form->addRow(tr("S&eed:"), seedRow);
  // Rows holding a layout get a plain label: give it the buddy so that its mnemonic works.
  static_cast<QLabel*>(m_form->labelForField(seedRow))->setBuddy(m_seed);
  m_form->addRow(QString(), m_reuseSeed);

  m_batchCount = new QSpinBox(this);
  m_batchCount->setRange(1, 100);
  m_batchCount->setToolTip(tr("Number of images, generated one after another with consecutive seeds."));
  m_form->addRow(tr("&Batch count:"), m_batchCount);

  connect(m_randomSeed, &QCheckBox::toggled, this, [this] { updateEnabled(); });
  connect(m_sampler, &QComboBox::currentIndexChanged, this, [this] { updateEnabled(); });
  connect(m_reuseSeed, &QToolButton::clicked, this, [this] {
    if (m_lastSeed < 0) return;
    m_randomSeed->setChecked(false);
    m_seed->setValue(int(m_lastSeed));
  });
  updateEnabled();
}

void SamplerOptions::updateEnabled() {
  m_seed->setEnabled(!m_randomSeed->isChecked());
  const SamplerInfo* s = find_sampler(m_sampler->currentData().toString().toStdString());
  m_karras->setEnabled(s && s->k_diffusion);
  m_eta->setEnabled(s && s->uses_eta);
  // Only DDIM takes eta: for the others its row would show a value that does nothing.
  m_form->setRowVisible(m_eta, s && s->uses_eta);
}

void SamplerOptions::fillRequest(GenerationRequest* r) const {
  r->steps = m_steps->value();
  r->sampler = m_sampler->currentData().toString().toStdString();
  r->karras = m_karras->isEnabled() && m_karras->isChecked();
  r->eta = m_eta->isEnabled() ? m_eta->value() : -1.0;  // samplers without eta: left open
  if (m_cfg) r->cfg_scale = m_cfg->value();
}

int64_t SamplerOptions::nextSeed() const {
  if (m_randomSeed->isChecked()) return QRandomGenerator::global()->bounded(2147483647);
  return m_seed->value();
}

int SamplerOptions::batchCount() const { return m_batchCount->value(); }

void SamplerOptions::setLastSeed(int64_t seed) {
  m_lastSeed = seed;
  m_reuseSeed->setEnabled(seed >= 0);
  m_reuseSeed->setToolTip(tr("Use the seed of the last generated image (%1).").arg(seed));
}

void SamplerOptions::saveSettings(QSettings& s, const QString& group) const {
  s.beginGroup(group);
  s.setValue(QStringLiteral("steps"), m_steps->value());
  s.setValue(QStringLiteral("sampler"), m_sampler->currentData());
  s.setValue(QStringLiteral("karras"), m_karras->isChecked());
  s.setValue(QStringLiteral("eta"), m_eta->value());
  if (m_cfg) s.setValue(QStringLiteral("cfg"), m_cfg->value());
  s.setValue(QStringLiteral("seed"), m_seed->value());
  s.setValue(QStringLiteral("randomSeed"), m_randomSeed->isChecked());
  s.setValue(QStringLiteral("batchCount"), m_batchCount->value());
  s.endGroup();
}

void SamplerOptions::loadSettings(QSettings& s, const QString& group) {
  s.beginGroup(group);
  m_steps->setValue(s.value(QStringLiteral("steps"), m_steps->value()).toInt());
  const int i = m_sampler->findData(s.value(QStringLiteral("sampler"), m_sampler->currentData()));
  if (i >= 0) m_sampler->setCurrentIndex(i);
  m_karras->setChecked(s.value(QStringLiteral("karras"), false).toBool());
  m_eta->setValue(s.value(QStringLiteral("eta"), m_eta->value()).toDouble());
  if (m_cfg) m_cfg->setValue(s.value(QStringLiteral("cfg"), m_cfg->value()).toDouble());
  m_seed->setValue(s.value(QStringLiteral("seed"), m_seed->value()).toInt());
  m_randomSeed->setChecked(s.value(QStringLiteral("randomSeed"), true).toBool());
  m_batchCount->setValue(s.value(QStringLiteral("batchCount"), 1).toInt());
  s.endGroup();
  updateEnabled();
}

void SamplerOptions::applyDefaults(const ModelDefaults& d) {
  const int sampler = m_sampler->findData(QString::fromStdString(d.sampler));
  if (sampler >= 0) m_sampler->setCurrentIndex(sampler);
  m_steps->setValue(d.steps);
  m_karras->setChecked(d.karras);
  m_eta->setValue(d.eta);
  if (m_cfg) m_cfg->setValue(d.cfg_scale);
  updateEnabled();
}

QString SamplerOptions::summary() const {
  QString s = tr("%n step(s), %1", nullptr, m_steps->value()).arg(m_sampler->currentText());
  if (m_karras->isEnabled() && m_karras->isChecked()) s += tr(" (Karras)");
  if (m_cfg) s += tr(", CFG %1").arg(m_cfg->value(), 0, 'f', 1);
  return s;
}

void SamplerOptions::applyRequest(const GenerationRequest& r) {
  m_steps->setValue(r.steps);
  const int sampler = m_sampler->findData(QString::fromStdString(r.sampler));
  if (sampler >= 0) m_sampler->setCurrentIndex(sampler);
  m_karras->setChecked(r.karras);
  m_eta->setValue(r.eta);
  if (m_cfg) m_cfg->setValue(r.cfg_scale);
  if (r.seed >= 0 && r.seed <= m_seed->maximum()) {
    m_randomSeed->setChecked(false);
    m_seed->setValue(static_cast<int>(r.seed));
  }
  updateEnabled();
}

void insertSizeRow(SamplerOptions* options, SizeSpinBox** width, SizeSpinBox** height) {
  *width = new SizeSpinBox;
  *height = new SizeSpinBox;
  (*width)->setAccessibleName(SizeSpinBox::tr("Width"));
  (*height)->setAccessibleName(SizeSpinBox::tr("Height"));
  auto* row = new QHBoxLayout;
  row->addWidget(*width);
  row->addWidget(new QLabel(QStringLiteral("×")));
  row->addWidget(*height);
  options->form()->insertRow(0, SizeSpinBox::tr("Si&ze:"), row);
  static_cast<QLabel*>(options->form()->labelForField(row))->setBuddy(*width);
}

void applyNativeSize(SizeSpinBox* width, SizeSpinBox* height, const ModelInfo& model) {
  width->setMultiple(model.size_multiple);
  height->setMultiple(model.size_multiple);
  if (model.native_width > 0) width->setValue(model.native_width);
  if (model.native_height > 0) height->setValue(model.native_height);
}

QStringList fitSizeToModel(SizeSpinBox* width, SizeSpinBox* height, const ModelInfo& model) {
  QStringList changes;
  const int m = std::max(1, model.size_multiple);
  const int w = width->value(), h = height->value();
  width->setMultiple(m);
  height->setMultiple(m);
  if (w % m != 0 || h % m != 0 || width->value() != w || height->value() != h) {
    const int nw = model.native_width > 0 ? model.native_width : std::max(m, (w + m / 2) / m * m);
    const int nh = model.native_height > 0 ? model.native_height : std::max(m, (h + m / 2) / m * m);
    width->setValue(nw);
    height->setValue(nh);
    changes << SizeSpinBox::tr("size %1×%2 → %3×%4 (a multiple of %5)").arg(w).arg(h).arg(nw).arg(nh).arg(m);
  }
  return changes;
}

void saveSize(QSettings& settings, const SizeSpinBox* width, const SizeSpinBox* height) {
  settings.setValue(QStringLiteral("width"), width->value());
  settings.setValue(QStringLiteral("height"), height->value());
}

void loadSize(QSettings& settings, SizeSpinBox* width, SizeSpinBox* height) {
  width->setValue(settings.value(QStringLiteral("width"), width->value()).toInt());
  height->setValue(settings.value(QStringLiteral("height"), height->value()).toInt());
}

}  // namespace ldm::ui
