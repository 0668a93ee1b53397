#include "ui/inpaint_panel.h"

#include <QActionGroup>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/api/model_info.h"
#include "core/training/shapes_world.h"
#include "ui/brush_size_row.h"
#include "ui/image_convert.h"
#include "ui/image_views.h"
#include "ui/lora_vae_options.h"
#include "ui/mask_canvas.h"
#include "ui/result_io.h"
#include "ui/sampler_options.h"

namespace ldm::ui {

InpaintPanel::InpaintPanel(QWidget* parent) : TaskPanel(Task::Inpaint, parent) {
  m_canvas = new MaskCanvas;

  // A vertical tool bar beside the canvas: every tool stays reachable in a narrow window.
  QToolBar* tools = createCanvasToolBar(tr("Mask tools"));
  // Ctrl+O is the window's "Open image", which opens into this tab when it is current.
  m_openImage = tools->addAction(QIcon(QStringLiteral(":/icons/image-open.svg")), tr("Open image…"), this, &TaskPanel::openImage);
  m_loadMask = tools->addAction(QIcon(QStringLiteral(":/icons/mask-load.svg")), tr("Load mask…"), this, &InpaintPanel::loadMask);
  tools->addAction(QIcon(QStringLiteral(":/icons/mask-save.svg")), tr("Save mask…"), this, &InpaintPanel::saveMask);
  tools->addSeparator();
  auto* toolGroup = new QActionGroup(this);
  m_brush = addCanvasTool(tools, toolGroup, QStringLiteral(":/icons/brush.svg"), tr("Brush (B)"), QKeySequence(Qt::Key_B),
                          [this] { m_canvas->setTool(MaskCanvas::Tool::Brush); });
  m_eraser = addCanvasTool(tools, toolGroup, QStringLiteral(":/icons/eraser.svg"), tr("Eraser (E)"), QKeySequence(Qt::Key_E),
                           [this] { m_canvas->setTool(MaskCanvas::Tool::Eraser); });
  tools->addSeparator();
  addUndoActions(tools, m_canvas->undoStack());
  tools->addAction(QIcon(QStringLiteral(":/icons/clear.svg")), tr("Clear mask"), m_canvas, &MaskCanvas::clearMask);
  tools->addAction(QIcon(QStringLiteral(":/icons/invert.svg")), tr("Invert mask"), m_canvas, &MaskCanvas::invertMask);
  addActions(tools->actions());  // shortcuts work anywhere in the tab

  m_brushSize = new BrushSizeRow(256);
  m_softness = new QSlider(Qt::Horizontal);
  m_softness->setRange(0, 100);
  m_softness->setValue(0);
  m_softness->setAccessibleName(tr("Brush softness"));
  persist(m_softness, QStringLiteral("softness"));
  connect(m_brushSize, &BrushSizeRow::sizeChanged, m_canvas, [this](int v) { m_canvas->setBrushSize(v); });
  connect(m_canvas, &MaskCanvas::brushSizeChanged, this, [this] { syncBrushWidgets(); });
  connect(m_canvas, &MaskCanvas::imageChanged, this, [this] { syncBrushWidgets(); });
  connect(m_softness, &QSlider::valueChanged, m_canvas, [this](int v) { m_canvas->setSoftness(v / 100.0); });
  syncBrushWidgets();

  auto* form = new QWidget;
  auto* column = new QVBoxLayout(form);
  auto* brushForm = new QFormLayout;
  m_brushSize->addTo(brushForm);
  brushForm->addRow(tr("So&ftness:"), m_softness);
  column->addLayout(brushForm);
  auto* promptLabel = new QLabel(tr("&Prompt (text-conditioned models only):"));
  promptLabel->setWordWrap(true);
  promptLabel->setBuddy(createPromptEdit(QString(), 90));
  column->addWidget(promptLabel);
  column->addWidget(promptEdit());

  // Outpainting: a margin per side, in two rows (left, right; top, bottom) so that the form stays narrow.
  auto* extend = new QGroupBox(tr("E&xtend canvas (outpainting)"));
  extend->setToolTip(tr("Grow the picture by these many pixels on each side; the new area is painted by the model. "
                        "With a margin, a painted mask is optional."));
  auto* grid = new QGridLayout(extend);
  const QString arrows[4] = {QStringLiteral("← "), QStringLiteral("↑ "), QStringLiteral("→ "), QStringLiteral("↓ ")};
  const QString names[4] = {tr("Extend left"), tr("Extend top"), tr("Extend right"), tr("Extend bottom")};
  const QPoint cells[4] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};  // column, row
  for (int side = 0; side < 4; ++side) {
    m_margin[side] = new QSpinBox;
    m_margin[side]->setRange(0, 4096);
    m_margin[side]->setPrefix(arrows[side]);
    m_margin[side]->setSuffix(tr(" px"));
    m_margin[side]->setAccessibleName(names[side]);
    m_margin[side]->setToolTip(tr("%1 (pixels; the arrows add the model's size multiple)").arg(names[side]));
    grid->addWidget(m_margin[side], cells[side].y(), cells[side].x());
    connect(m_margin[side], &QSpinBox::valueChanged, this, [this] { updateMargins(); });
  }
  m_clearMargins = new QAction(QIcon(QStringLiteral(":/icons/clear.svg")), tr("No margins"), this);
  m_clearMargins->setToolTip(tr("Set every margin to 0 (inpaint inside the picture only)"));
  connect(m_clearMargins, &QAction::triggered, this, [this] { setMargins(QMargins()); });
  auto* clear = new QToolButton;
  clear->setDefaultAction(m_clearMargins);
  grid->addWidget(clear, 0, 2, 2, 1, Qt::AlignCenter);
  m_outpaintSize = new QLabel;
  m_outpaintSize->setWordWrap(true);
  grid->addWidget(m_outpaintSize, 2, 0, 1, 3);
  column->addWidget(extend);
  connect(m_canvas, &MaskCanvas::imageChanged, this, [this] { updateMargins(); });
  updateMargins();
  column->addWidget(createSamplerOptions(true));
  column->addWidget(createLoraVaeOptions());
  column->addWidget(createGenerateButton(QStringLiteral(":/icons/generate.svg"), tr("&Inpaint"), tr("Repaint the masked area (Ctrl+Enter)")));
  column->addStretch(1);

  layOutColumns(form, {canvasPane(tools, m_canvas), createResultView(tr("The inpainted image appears here."))}, 280);

  setFocusProxy(m_canvas);
}

void InpaintPanel::syncBrushWidgets() {
  const QImage& image = m_canvas->image();
  const int limit = image.isNull() ? 256 : std::max(8, std::max(image.width(), image.height()));
  m_brushSize->showSize(int(std::lround(m_canvas->brushSize())), limit);
}

QMargins InpaintPanel::roundedMargins(const QMargins& asked, const QSize& image, int multiple) {
  // The engine's rule (core/api/generation_request.h), so that the band shows what the engine will make.
  const ldm::OutpaintMargins m = ldm::rounded_outpaint_margins({asked.left(), asked.top(), asked.right(), asked.bottom()},
                                                               image.width(), image.height(), multiple);
  return {m.left, m.top, m.right, m.bottom};
}

QMargins InpaintPanel::margins() const {
  return {m_margin[Left]->value(), m_margin[Top]->value(), m_margin[Right]->value(), m_margin[Bottom]->value()};
}

void InpaintPanel::setMargins(const QMargins& m) {
  const int values[4] = {m.left(), m.top(), m.right(), m.bottom()};
  for (int side = 0; side < 4; ++side) {
    const QSignalBlocker block(m_margin[side]);
    m_margin[side]->setValue(values[side]);
  }
  updateMargins();
}

QMargins InpaintPanel::effectiveMargins() const {
  const QImage& image = m_canvas->image();
  return image.isNull() ? margins() : roundedMargins(margins(), image.size(), m_multiple);
}

void InpaintPanel::updateMargins() {
  const QMargins m = effectiveMargins();
  m_canvas->setMargins(m);
  m_clearMargins->setEnabled(!margins().isNull());
  const QImage& image = m_canvas->image();
  if (m.isNull()) {
    m_outpaintSize->setText(tr("No margins: the picture keeps its size."));
  } else if (image.isNull()) {
    m_outpaintSize->setText(tr("Open a picture to extend."));
  } else {
    const QSize out(image.width() + m.left() + m.right(), image.height() + m.top() + m.bottom());
    QString text = tr("Result: %1 × %2").arg(out.width()).arg(out.height());
    if (m != margins())
      text += QLatin1Char(' ') + tr("(margins %1, %2, %3, %4: rounded to multiples of %5)")
                                     .arg(m.left()).arg(m.top()).arg(m.right()).arg(m.bottom()).arg(m_multiple);
    m_outpaintSize->setText(text);
  }
}

void InpaintPanel::useModel(const ModelInfo& model) {
  m_multiple = std::max(1, model.size_multiple);
  for (QSpinBox* box : m_margin) box->setSingleStep(m_multiple);
  updateMargins();
}

void InpaintPanel::setInputImage(const QImage& image) {
  m_canvas->setImage(image);
  showResult(QImage());
}

void InpaintPanel::loadMask() {
  if (m_canvas->image().isNull()) {
    Q_EMIT errorOccurred(tr("Open an image before loading a mask."));
    return;
  }
  const QImage mask = askForImage(tr("Load mask"));
  if (!mask.isNull() && !m_canvas->setMask(mask)) {
    Q_EMIT errorOccurred(tr("The mask is %1×%2 but the image is %3×%4: use a mask of the image's size.")
                             .arg(mask.width()).arg(mask.height())
                             .arg(m_canvas->image().width()).arg(m_canvas->image().height()));
  }
}

void InpaintPanel::saveMask() {
  if (m_canvas->image().isNull()) return;
  const QString path = QFileDialog::getSaveFileName(this, tr("Save mask"), QStringLiteral("mask.png"), imageFileFilter());
  if (path.isEmpty()) return;
  if (!m_canvas->mask().save(path)) Q_EMIT errorOccurred(tr("Cannot write %1.").arg(path));
}

bool InpaintPanel::buildRequest(GenerationRequest* r, QString* error) const {
  if (m_canvas->image().isNull()) {
    *error = tr("Open or drop an image to inpaint first.");
    return false;
  }
  const QImage mask = m_canvas->mask();
  bool any = false;
  for (int y = 0; y < mask.height() && !any; ++y) {
    const uchar* row = mask.constScanLine(y);
    for (int x = 0; x < mask.width(); ++x) {
      if (row[x] != 0) {
        any = true;
        break;
      }
    }
  }
  const QMargins margin = margins();
  if (!any && margin.isNull()) {
    *error = tr("Paint the area to repaint with the brush first (the mask is empty), or extend the canvas.");
    return false;
  }
  r->task = Task::Inpaint;
  r->prompt = promptEdit()->toPlainText().trimmed().toStdString();
  r->init_image = fromQImage(m_canvas->image(), 3);
  r->mask = any ? fromQImage(mask, 1) : Image();  // outpainting only: the engine masks the margins
  r->outpaint_left = margin.left();
  r->outpaint_top = margin.top();
  r->outpaint_right = margin.right();
  r->outpaint_bottom = margin.bottom();
  r->width = r->init_image.width;
  r->height = r->init_image.height;
  samplerOptions()->fillRequest(r);
  return true;
}

void InpaintPanel::saveOwnSettings(QSettings& s) const {
  s.beginGroup(key());
  s.setValue(QStringLiteral("brushRelative"), m_canvas->relativeBrushSize());
  s.endGroup();
}

void InpaintPanel::loadOwnSettings(QSettings& s) {
  s.beginGroup(key());
  m_canvas->setRelativeBrushSize(s.value(QStringLiteral("brushRelative"), MaskCanvas::kDefaultRelativeBrush).toDouble());
  s.endGroup();
}

void InpaintPanel::applyOwnRequest(const GenerationRequest& r) {
  // The picture's margins, or none: the form is that of the picture.
  setMargins(QMargins(r.outpaint_left, r.outpaint_top, r.outpaint_right, r.outpaint_bottom));
}

void InpaintPanel::loadDemoContent() {
  // A scene whose yellow star was left out, the mask over where it belongs, and the scene's caption
  // as the prompt (shapes-world content the bundled model understands).
  const ldm::ShapesWorld world(ldm::ShapesWorldOptions{2});
  ldm::ShapeObject star, triangle;
  star.shape = static_cast<int>(ldm::ShapeKind::Star), star.colour = 2, star.size = 2, star.cx = 0.3, star.cy = 0.32;
  triangle.shape = static_cast<int>(ldm::ShapeKind::Triangle), triangle.colour = 3, triangle.size = 1;
  triangle.cx = 0.72, triangle.cy = 0.7;
  star.radius = 0.2, triangle.radius = 0.14;
  const ldm::ShapeScene scene = world.scene_with({star, triangle}, 5);
  setInputImage(toQImage(ldm::render_scene(scene, 64, 0)));
  QImage mask(64, 64, QImage::Format_Grayscale8);
  mask.fill(0);
  {
    QPainter p(&mask);
    p.fillRect(QRectF(QPointF((star.x0() - 0.05) * 64, (star.y0() - 0.05) * 64),
                      QPointF((star.x1() + 0.05) * 64, (star.y1() + 0.05) * 64)), Qt::white);
  }
  m_canvas->setMask(mask);
  promptEdit()->setPlainText(QString::fromStdString(scene.caption));
  setMargins(QMargins());
}

void InpaintPanel::loadDemoVariant(const QString& variant) {
  if (variant != QLatin1String("outpaint")) return;
  // Outpainting: a red circle, the picture extended by half its width to the right, no mask; the prompt
  // is the caption of the circle with a blue square right of it, which the model is to add in the margin.
  const ldm::ShapesWorld world(ldm::ShapesWorldOptions{2});
  ldm::ShapeObject circle, square;
  circle.shape = static_cast<int>(ldm::ShapeKind::Circle), circle.colour = 0, circle.size = 2, circle.cx = 0.45, circle.cy = 0.5;
  square.shape = static_cast<int>(ldm::ShapeKind::Square), square.colour = 5, square.size = 1, square.cx = 0.85, square.cy = 0.55;
  circle.radius = 0.22, square.radius = 0.13;
  const ldm::ShapeScene scene = world.scene_with({circle, square}, 9);
  setInputImage(toQImage(ldm::render_scene(scene, 64, 1)));  // without the square
  promptEdit()->setPlainText(QString::fromStdString(scene.caption));
  setMargins(QMargins(0, 0, 32, 0));
}

}  // namespace ldm::ui
