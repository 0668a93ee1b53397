#include "ui/img2img_panel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/api/model_info.h"
#include "core/training/shapes_world.h"
#include "ui/image_convert.h"
#include "ui/image_views.h"
#include "ui/lora_vae_options.h"
#include "ui/sampler_options.h"

namespace ldm::ui {

Img2ImgPanel::Img2ImgPanel(QWidget* parent) : TaskPanel(Task::Img2Img, parent) {
  auto* form = new QWidget;
  auto* column = new QVBoxLayout(form);

  // The init image: opened, pasted, dropped on the window or sent from the history.
  auto* open = new QPushButton(QIcon(QStringLiteral(":/icons/image-open.svg")), tr("&Open image…"));
  open->setToolTip(tr("Open the picture to start from (or drop it on the window, or paste it with Ctrl+V)"));
  connect(open, &QPushButton::clicked, this, &TaskPanel::openImage);
  m_paste = new QAction(QIcon(QStringLiteral(":/icons/copy.svg")), tr("Paste image"), this);
  m_paste->setShortcut(QKeySequence::Paste);
  m_paste->setShortcutContext(Qt::WidgetWithChildrenShortcut);  // the prompt editors keep their own Ctrl+V
  connect(m_paste, &QAction::triggered, this, &Img2ImgPanel::pasteImage);
  addAction(m_paste);
  auto* paste = new QPushButton(m_paste->icon(), tr("&Paste"));
  paste->setToolTip(tr("Use the picture on the clipboard (Ctrl+V)"));
  connect(paste, &QPushButton::clicked, m_paste, &QAction::trigger);
  auto* inputRow = new QHBoxLayout;
  inputRow->addWidget(open, 1);
  inputRow->addWidget(paste);
  column->addLayout(inputRow);
  m_initNote = new QLabel;
  m_initNote->setWordWrap(true);
  column->addWidget(m_initNote);

  auto* promptLabel = new QLabel(tr("P&rompt:"));
  promptLabel->setBuddy(createPromptEdit(tr("What the picture should become (Ctrl+Enter generates)"), 110));
  auto* negativeLabel = new QLabel(tr("&Negative prompt:"));
  negativeLabel->setBuddy(createNegativeEdit(60));
  column->addWidget(promptLabel);
  column->addWidget(promptEdit());
  column->addWidget(negativeLabel);
  column->addWidget(negativeEdit());

  SamplerOptions* options = createSamplerOptions(true);
  createSizeRow();
  // Strength: a slider for the feel and a number for the exact value, kept in sync.
  m_strengthSlider = new QSlider(Qt::Horizontal);
  m_strengthSlider->setRange(1, 100);
  m_strengthSlider->setAccessibleName(tr("Denoising strength"));
  const QString strengthTip = tr("How much of the picture is redrawn: low keeps the init image, 1 ignores it. "
                                 "Also the share of the steps that run.");
  m_strength = createStrengthBox(0.01, 0.75, strengthTip);
  persist(m_strength, QStringLiteral("strength"));
  m_strengthSlider->setValue(75);
  m_strengthSlider->setToolTip(strengthTip);
  connect(m_strengthSlider, &QSlider::valueChanged, m_strength, [this](int v) {
    const QSignalBlocker block(m_strength);
    m_strength->setValue(v / 100.0);
  });
  connect(m_strength, &QDoubleSpinBox::valueChanged, m_strengthSlider, [this](double v) {
    const QSignalBlocker block(m_strengthSlider);
    m_strengthSlider->setValue(int(std::lround(v * 100)));
  });
  auto* strengthRow = new QHBoxLayout;
  strengthRow->addWidget(m_strengthSlider, 1);
  strengthRow->addWidget(m_strength);
  options->form()->insertRow(1, tr("S&trength:"), strengthRow);
  static_cast<QLabel*>(options->form()->labelForField(strengthRow))->setBuddy(m_strength);
  column->addWidget(options);
  column->addWidget(createLoraVaeOptions());

  column->addWidget(createGenerateButton(tr("Generate (Ctrl+Enter)")));
  column->addStretch(1);

  m_initView = new ImageView;
  m_initView->setAccessibleName(tr("Init image"));
  layOutColumns(form, {m_initView, createResultView(tr("The picture appears here while it is made."))}, 300);

  setFocusProxy(promptEdit());
  updateInitNote();
}

void Img2ImgPanel::updateInitNote() {
  QString note;
  if (!m_init.isNull()) {
    note = tr("Init image %1×%2 px; the picture is made at the Size below.").arg(m_init.width()).arg(m_init.height());
  } else if (m_initMissing) {
    note = tr("The reopened picture was made from an init image that its file does not hold: "
              "open, drop or paste that image again.");
  } else {
    note = tr("Open, drop or paste (Ctrl+V) the picture to start from.");
  }
  m_initNote->setText(note);
  m_initView->setPlaceholderText(m_init.isNull() ? note : QString());
  m_initView->setCaption(m_init.isNull() ? QString() : tr("Init image · %1×%2").arg(m_init.width()).arg(m_init.height()));
}

void Img2ImgPanel::sizeFromInit() {
  if (m_init.isNull()) return;
  const int m = std::max(1, m_multiple);
  auto fit = [m](int v, SizeSpinBox* box) { return std::clamp(std::max(m, (v + m / 2) / m * m), box->minimum(), box->maximum()); };
  widthBox()->setValue(fit(m_init.width(), widthBox()));
  heightBox()->setValue(fit(m_init.height(), heightBox()));
}

void Img2ImgPanel::setInputImage(const QImage& image) {
  m_init = image.convertToFormat(QImage::Format_RGB888);
  m_initMissing = false;
  m_initView->setImage(m_init);
  sizeFromInit();
  updateInitNote();
  showResult(QImage());
}

void Img2ImgPanel::pasteImage() {
  const QMimeData* mime = QApplication::clipboard()->mimeData();
  if (mime && mime->hasImage()) {
    const QImage image = qvariant_cast<QImage>(mime->imageData());
    if (!image.isNull()) {
      setInputImage(image);
      return;
    }
  }
  if (mime) {
    for (const QUrl& url : mime->urls()) {  // a file copied in a file manager
      if (!url.isLocalFile()) continue;
      QString error;
      const QImage image = readImageFile(url.toLocalFile(), &error);
      if (image.isNull()) {
        Q_EMIT errorOccurred(error);
        return;
      }
      setInputImage(image);
      return;
    }
  }
  Q_EMIT errorOccurred(tr("The clipboard holds no picture: copy one, or open the init image with Open image."));
}

void Img2ImgPanel::useModel(const ModelInfo& model) {
  m_multiple = std::max(1, model.size_multiple);
  widthBox()->setMultiple(m_multiple);
  heightBox()->setMultiple(m_multiple);
}

void Img2ImgPanel::applyModelDefaults(const ModelInfo& model) {
  TaskPanel::applyModelDefaults(model);
  m_strength->setValue(model.defaults.strength);
  sizeFromInit();  // the init image's size wins over the model's
}

QStringList Img2ImgPanel::fitToModel(const ModelInfo& model) {
  if (m_init.isNull()) return TaskPanel::fitToModel(model);
  const int w = widthBox()->value(), h = heightBox()->value();
  m_multiple = std::max(1, model.size_multiple);
  if (w % m_multiple == 0 && h % m_multiple == 0) return {};
  sizeFromInit();
  return {SizeSpinBox::tr("size %1×%2 → %3×%4 (a multiple of %5)").arg(w).arg(h).arg(widthBox()->value()).arg(heightBox()->value()).arg(m_multiple)};
}

bool Img2ImgPanel::buildRequest(GenerationRequest* r, QString* error) const {
  if (m_init.isNull()) {
    *error = m_initMissing ? tr("Open, drop or paste the init image again: the reopened picture does not hold it.")
                           : tr("Open, drop or paste an init image first.");
    return false;
  }
  if (!fillSize(r, error)) return false;
  r->task = Task::Img2Img;
  r->prompt = promptEdit()->toPlainText().trimmed().toStdString();
  r->negative_prompt = negativeEdit()->toPlainText().trimmed().toStdString();
  r->init_image = fromQImage(m_init, 3);
  r->strength = m_strength->value();
  samplerOptions()->fillRequest(r);
  return true;
}

void Img2ImgPanel::applyOwnRequest(const GenerationRequest& r) {
  if (r.strength > 0) m_strength->setValue(r.strength);
  if (!r.init_image.empty()) {
    setInputImage(toQImage(r.init_image));
  } else {
    // Not a silent stand-in: an init image left from before is not the one this picture was made from.
    m_init = QImage();
    m_initMissing = true;
    m_initView->setImage(QImage());
    updateInitNote();
  }
}

void Img2ImgPanel::loadDemoContent() {
  // A red circle above a blue square, redrawn with the circle asked to be green (shapes-world content
  // the bundled text-to-image model understands).
  const ldm::ShapesWorld world(ldm::ShapesWorldOptions{2});
  ldm::ShapeObject circle, square;
  circle.shape = static_cast<int>(ldm::ShapeKind::Circle), circle.colour = 0, circle.size = 1;
  circle.cx = 0.5, circle.cy = 0.3, circle.radius = 0.17;
  square.shape = static_cast<int>(ldm::ShapeKind::Square), square.colour = 5, square.size = 0;
  square.cx = 0.5, square.cy = 0.74, square.radius = 0.12;
  setInputImage(toQImage(ldm::render_scene(world.scene_with({circle, square}, 4), 64)));
  circle.colour = 3;  // green
  promptEdit()->setPlainText(QString::fromStdString(ldm::shape_caption({circle, square})));
  negativeEdit()->clear();
  m_strength->setValue(0.7);
}

}  // namespace ldm::ui
