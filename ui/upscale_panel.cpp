#include "ui/upscale_panel.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

#include "core/api/model_info.h"
#include "core/training/shapes_world.h"
#include "ui/image_convert.h"
#include "ui/image_views.h"
#include "ui/sampler_options.h"

namespace ldm::ui {

UpscalePanel::UpscalePanel(QWidget* parent) : TaskPanel(Task::Upscale, parent) {
  auto* open = new QPushButton(QIcon(QStringLiteral(":/icons/image-open.svg")), tr("&Open image…"));
  connect(open, &QPushButton::clicked, this, &TaskPanel::openImage);
  m_sizeLabel = new QLabel;
  m_sizeLabel->setWordWrap(true);

  SamplerOptions* options = createSamplerOptions(false);
  m_tile = new QSpinBox;
  m_tile->setRange(0, 4096);
  m_tile->setSingleStep(64);
  m_tile->setSpecialValueText(tr("Automatic"));
  m_tile->setSuffix(QStringLiteral(" px"));
  m_tile->setToolTip(tr("Tile size in output pixels for large images; overlapping tiles are blended."));
  options->form()->addRow(tr("&Tile size:"), m_tile);
  m_matchInput = new QCheckBox(tr("&Match the input's colours"));
  m_matchInput->setChecked(true);
  m_matchInput->setToolTip(tr("Correct the result so that, scaled back down, it reproduces the input: "
                              "keeps the input's colours and tones, adds only detail."));
  options->form()->addRow(QString(), m_matchInput);
  m_startFromInput = new QCheckBox(tr("Start from the &input"));
  m_startFromInput->setChecked(true);
  m_startFromInput->setToolTip(tr("Begin sampling from the input, upscaled and noised as in training, "
                                  "instead of from pure noise: the model keeps the input's colours."));
  options->form()->addRow(QString(), m_startFromInput);
  m_strength = createStrengthBox(0.05, 0.5,
                                 tr("How much of the sampling runs from the input: lower keeps more of the input, "
                                    "1 starts from the beginning of the schedule. Also the fraction of the steps that run."));
  options->form()->addRow(tr("&Denoising strength:"), m_strength);
  connect(m_startFromInput, &QCheckBox::toggled, m_strength, &QWidget::setEnabled);
  persist(m_tile, QStringLiteral("tile"));
  persist(m_matchInput, QStringLiteral("match_input"));
  persist(m_startFromInput, QStringLiteral("start_from_input"));
  persist(m_strength, QStringLiteral("strength"));

  QPushButton* run = createGenerateButton(QStringLiteral(":/icons/upscale.svg"), tr("&Upscale"), tr("Run super-resolution (Ctrl+Enter)"));
  m_save = new QPushButton(QIcon(QStringLiteral(":/icons/save.svg")), tr("&Save result"));
  m_save->setEnabled(false);

  m_compare = new CompareView;
  m_split = new QSlider(Qt::Horizontal);
  m_split->setRange(0, 1000);
  m_split->setValue(500);
  m_split->setAccessibleName(tr("Before/after split"));
  connect(m_split, &QSlider::valueChanged, m_compare, [this](int v) { m_compare->setSplit(v / 1000.0); });
  connect(m_compare, &CompareView::splitChanged, m_split, [this](double f) {
    const QSignalBlocker block(m_split);
    m_split->setValue(int(f * 1000 + 0.5));
  });
  connect(m_save, &QPushButton::clicked, this, [this] {
    if (!m_compare->after().isNull()) Q_EMIT saveRequested(m_compare->after());
  });

  auto* side = new QVBoxLayout;
  side->addWidget(open);
  side->addWidget(m_sizeLabel);
  side->addWidget(options);
  side->addWidget(run);
  side->addWidget(m_save);
  side->addStretch(1);
  auto* sideWidget = new QWidget;
  sideWidget->setLayout(side);
  sideWidget->setMaximumWidth(380);

  auto* splitRow = new QHBoxLayout;
  auto* splitLabel = new QLabel(tr("S&plit:"));
  splitLabel->setBuddy(m_split);
  splitRow->addWidget(splitLabel);
  splitRow->addWidget(m_split, 1);
  auto* right = new QVBoxLayout;
  right->addWidget(m_compare, 1);
  right->addLayout(splitRow);

  auto* layout = new QHBoxLayout(this);
  layout->addWidget(sideWidget);
  layout->addLayout(right, 1);
  updateSizeLabel();
}

QWidget* UpscalePanel::resultWidget() const { return m_compare; }

void UpscalePanel::setInputImage(const QImage& image) {
  m_input = image;
  m_compare->setBefore(image);
  m_compare->setAfter(QImage());
  m_save->setEnabled(false);
  showResult(QImage());
  updateSizeLabel();
}

void UpscalePanel::useModel(const ModelInfo& model) {
  if (model.downsampling > 0) m_factor = model.downsampling;  // the low-resolution input is the latent's size
  m_tileMultiple = std::max(1, model.size_multiple);
  m_tile->setSingleStep((64 + m_tileMultiple - 1) / m_tileMultiple * m_tileMultiple);
  updateSizeLabel();
}

void UpscalePanel::updateSizeLabel() {
  if (m_input.isNull()) {
    m_sizeLabel->setText(tr("Open or drop an image: the output is %1 times its width and height.").arg(m_factor));
    m_compare->setLabels(tr("Before"), tr("After"));
    return;
  }
  const QSize out = m_input.size() * m_factor;
  m_sizeLabel->setText(tr("Input %1×%2 px → output %3×%4 px (×%5)")
                           .arg(m_input.width()).arg(m_input.height())
                           .arg(out.width()).arg(out.height()).arg(m_factor));
  m_compare->setLabels(tr("Before · %1×%2").arg(m_input.width()).arg(m_input.height()),
                       tr("After · %1×%2").arg(out.width()).arg(out.height()));
}

bool UpscalePanel::buildRequest(GenerationRequest* r, QString* error) const {
  if (m_input.isNull()) {
    *error = tr("Open or drop a low-resolution image first.");
    return false;
  }
  if (m_tile->value() % m_tileMultiple != 0) {
    *error = tr("The tile size must be a multiple of %1 px for this model.").arg(m_tileMultiple);
    return false;
  }
  r->task = Task::Upscale;
  r->init_image = fromQImage(m_input, 3);
  r->tile = m_tile->value();
  r->match_input = m_matchInput->isChecked() ? Toggle::On : Toggle::Off;
  r->start_from_input = m_startFromInput->isChecked() ? Toggle::On : Toggle::Off;
  r->strength = m_strength->value();
  samplerOptions()->fillRequest(r);
  return true;
}

void UpscalePanel::displayResult(const QImage& image, const QString& caption, ResultState state) {
  m_compare->setAfter(image);
  m_compare->setCaption(caption);
  m_save->setEnabled(state == ResultState::Result);
}

void UpscalePanel::applyModelDefaults(const ModelInfo& model) {
  TaskPanel::applyModelDefaults(model);
  m_strength->setValue(model.defaults.strength);
  m_startFromInput->setChecked(model.defaults.start_from_input);
  m_matchInput->setChecked(model.defaults.match_input);
}

void UpscalePanel::applyOwnRequest(const GenerationRequest& r) {
  m_tile->setValue(r.tile);
  if (r.match_input != Toggle::Auto) m_matchInput->setChecked(r.match_input == Toggle::On);
  if (r.start_from_input != Toggle::Auto) m_startFromInput->setChecked(r.start_from_input == Toggle::On);
  if (r.strength > 0) m_strength->setValue(r.strength);
}

void UpscalePanel::loadDemoContent() {
  // A 16x16 picture (area-downsampled) to be made 64x64.
  const ldm::ShapesWorld world(ldm::ShapesWorldOptions{2});
  const QImage big = toQImage(ldm::render_scene(world.scene(7), 64));
  setInputImage(big.scaled(16, 16, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
  m_split->setValue(300);  // the split across the scene's square: before on its left, after on its right
}

}  // namespace ldm::ui
