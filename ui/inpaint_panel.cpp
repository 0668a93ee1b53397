#include "ui/inpaint_panel.h"

#include <QActionGroup>
#include <QFileDialog>
#include <QFormLayout>
#include <QImageReader>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QToolBar>
#include <QVBoxLayout>

#include "core/api/generation_request.h"
#include "ui/image_convert.h"
#include "ui/image_views.h"
#include "ui/mask_canvas.h"
#include "ui/result_io.h"
#include "ui/sampler_options.h"

namespace ldm::ui {

InpaintPanel::InpaintPanel(QWidget* parent) : TaskPanel(parent) {
  m_canvas = new MaskCanvas;

  auto* tools = new QToolBar(tr("Mask tools"));
  tools->setIconSize(QSize(20, 20));
  tools->setToolButtonStyle(Qt::ToolButtonIconOnly);
  // Ctrl+O is the window's "Open image", which opens into this tab when it is current.
  tools->addAction(QIcon(QStringLiteral(":/icons/open.svg")), tr("Open image…"), this, &InpaintPanel::openImage);
  tools->addAction(QIcon(QStringLiteral(":/icons/open.svg")), tr("Load mask…"), this, &InpaintPanel::loadMask);
  tools->addAction(QIcon(QStringLiteral(":/icons/save.svg")), tr("Save mask…"), this, &InpaintPanel::saveMask);
  tools->addSeparator();
  auto* toolGroup = new QActionGroup(this);
  m_brush = tools->addAction(QIcon(QStringLiteral(":/icons/brush.svg")), tr("Brush (B)"));
  m_brush->setShortcut(QKeySequence(Qt::Key_B));
  m_eraser = tools->addAction(QIcon(QStringLiteral(":/icons/eraser.svg")), tr("Eraser (E)"));
  m_eraser->setShortcut(QKeySequence(Qt::Key_E));
  for (QAction* a : {m_brush, m_eraser}) {
    a->setCheckable(true);
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    toolGroup->addAction(a);
  }
  m_brush->setChecked(true);
  connect(m_brush, &QAction::triggered, this, [this] { m_canvas->setTool(MaskCanvas::Tool::Brush); });
  connect(m_eraser, &QAction::triggered, this, [this] { m_canvas->setTool(MaskCanvas::Tool::Eraser); });
  tools->addSeparator();
  QAction* undo = m_canvas->undoStack()->createUndoAction(this, tr("Undo"));
  undo->setIcon(QIcon(QStringLiteral(":/icons/undo.svg")));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = m_canvas->undoStack()->createRedoAction(this, tr("Redo"));
  redo->setIcon(QIcon(QStringLiteral(":/icons/redo.svg")));
  redo->setShortcut(QKeySequence::Redo);
  for (QAction* a : {undo, redo}) {
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    tools->addAction(a);
  }
  tools->addAction(QIcon(QStringLiteral(":/icons/clear.svg")), tr("Clear mask"), m_canvas, &MaskCanvas::clearMask);
  tools->addAction(QIcon(QStringLiteral(":/icons/invert.svg")), tr("Invert mask"), m_canvas, &MaskCanvas::invertMask);
  addActions(tools->actions());  // shortcuts work anywhere in the tab

  m_size = new QSlider(Qt::Horizontal);
  m_size->setRange(1, 256);
  m_size->setValue(int(m_canvas->brushSize()));
  m_size->setAccessibleName(tr("Brush size"));
  m_softness = new QSlider(Qt::Horizontal);
  m_softness->setRange(0, 100);
  m_softness->setValue(0);
  m_softness->setAccessibleName(tr("Brush softness"));
  connect(m_size, &QSlider::valueChanged, m_canvas, [this](int v) { m_canvas->setBrushSize(v); });
  connect(m_softness, &QSlider::valueChanged, m_canvas, [this](int v) { m_canvas->setSoftness(v / 100.0); });

  auto* form = new QWidget;
  auto* column = new QVBoxLayout(form);
  auto* brushForm = new QFormLayout;
  brushForm->addRow(tr("Brush si&ze:"), m_size);
  brushForm->addRow(tr("So&ftness:"), m_softness);
  column->addLayout(brushForm);
  auto* promptLabel = new QLabel(tr("&Prompt (text-conditioned models only):"));
  promptLabel->setWordWrap(true);
  m_prompt = new QPlainTextEdit;
  m_prompt->setTabChangesFocus(true);
  m_prompt->setMaximumHeight(90);
  promptLabel->setBuddy(m_prompt);
  column->addWidget(promptLabel);
  column->addWidget(m_prompt);
  m_options = new SamplerOptions(true);
  column->addWidget(m_options);
  m_generate = new QPushButton(QIcon(QStringLiteral(":/icons/generate.svg")), tr("&Inpaint"));
  m_generate->setToolTip(tr("Repaint the masked area (Ctrl+Enter)"));
  column->addWidget(m_generate);
  column->addStretch(1);
  auto* scroll = new QScrollArea;
  scroll->setWidget(form);
  scroll->setWidgetResizable(true);
  scroll->setMinimumWidth(300);

  m_result = new ImageView;
  m_result->setPlaceholderText(tr("The inpainted image appears here."));

  auto* canvasColumn = new QWidget;
  auto* canvasLayout = new QVBoxLayout(canvasColumn);
  canvasLayout->setContentsMargins(0, 0, 0, 0);
  canvasLayout->addWidget(tools);
  canvasLayout->addWidget(m_canvas, 1);

  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->addWidget(scroll);
  splitter->addWidget(canvasColumn);
  splitter->addWidget(m_result);
  splitter->setStretchFactor(1, 2);
  splitter->setStretchFactor(2, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);

  installGenerateShortcut(m_prompt, this);
  connect(m_generate, &QPushButton::clicked, this, &TaskPanel::generateRequested);
  setFocusProxy(m_canvas);
}

void InpaintPanel::setInputImage(const QImage& image) { m_canvas->setImage(image); }

void InpaintPanel::openImage() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open image"), QString(), imageFileFilter());
  if (path.isEmpty()) return;
  QImageReader reader(path);
  reader.setAutoTransform(true);
  const QImage image = reader.read();
  if (image.isNull()) {
    Q_EMIT errorOccurred(tr("Cannot open %1: %2").arg(path, reader.errorString()));
    return;
  }
  setInputImage(image);
}

void InpaintPanel::loadMask() {
  if (m_canvas->image().isNull()) {
    Q_EMIT errorOccurred(tr("Open an image before loading a mask."));
    return;
  }
  const QString path = QFileDialog::getOpenFileName(this, tr("Load mask"), QString(), imageFileFilter());
  if (path.isEmpty()) return;
  const QImage mask(path);
  if (mask.isNull()) {
    Q_EMIT errorOccurred(tr("Cannot open %1.").arg(path));
  } else if (!m_canvas->setMask(mask)) {
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
  if (!any) {
    *error = tr("Paint the area to repaint with the brush first (the mask is empty).");
    return false;
  }
  r->task = Task::Inpaint;
  r->prompt = m_prompt->toPlainText().trimmed().toStdString();
  r->init_image = fromQImage(m_canvas->image(), 3);
  r->mask = fromQImage(mask, 1);
  r->width = r->init_image.width;
  r->height = r->init_image.height;
  m_options->fillRequest(r);
  return true;
}

void InpaintPanel::showPreview(const QImage& image, int step, int total) {
  m_result->setImage(image);
  m_result->setCaption(tr("Step %1 of %2").arg(step).arg(total));
}

void InpaintPanel::showResult(const QImage& image) {
  m_result->setImage(image);
  m_result->setCaption(QString());
}

void InpaintPanel::saveSettings(QSettings& s) const {
  s.beginGroup(QStringLiteral("inpaint"));
  s.setValue(QStringLiteral("prompt"), m_prompt->toPlainText());
  s.setValue(QStringLiteral("brushSize"), m_size->value());
  s.setValue(QStringLiteral("softness"), m_softness->value());
  s.endGroup();
  m_options->saveSettings(s, QStringLiteral("inpaint/sampler"));
}

void InpaintPanel::loadSettings(QSettings& s) {
  s.beginGroup(QStringLiteral("inpaint"));
  m_prompt->setPlainText(s.value(QStringLiteral("prompt")).toString());
  m_size->setValue(s.value(QStringLiteral("brushSize"), m_size->value()).toInt());
  m_softness->setValue(s.value(QStringLiteral("softness"), 0).toInt());
  s.endGroup();
  m_options->loadSettings(s, QStringLiteral("inpaint/sampler"));
}

void InpaintPanel::applyRequest(const GenerationRequest& r) {
  TaskPanel::applyRequest(r);
  m_prompt->setPlainText(QString::fromStdString(r.prompt));
}

}  // namespace ldm::ui
