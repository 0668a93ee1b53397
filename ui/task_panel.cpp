#include "ui/task_panel.h"

#include <QAbstractButton>
#include <QAbstractSlider>
#include <QActionGroup>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGroupBox>
#include <QFileDialog>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QHBoxLayout>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QToolBar>
#include <QUndoStack>

#include "core/api/model_info.h"
#include "ui/image_views.h"
#include "ui/lora_vae_options.h"
#include "ui/result_io.h"
#include "ui/sampler_options.h"

namespace ldm::ui {

namespace {
class GenerateKeyFilter : public QObject {
 public:
  GenerateKeyFilter(TaskPanel* panel, QObject* parent) : QObject(parent), m_panel(panel) {}
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride) {
      auto* key = static_cast<QKeyEvent*>(event);
      if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
        if (event->type() == QEvent::KeyPress) Q_EMIT m_panel->generateRequested();
        event->accept();
        return true;
      }
    }
    return QObject::eventFilter(watched, event);
  }

 private:
  TaskPanel* m_panel;
};

// The form column: scrolls vertically, and is never narrower than the form needs as it is shown (a
// longer translation widens the column instead of cutting the form off).
class FormScrollArea : public QScrollArea {
 public:
  QSize minimumSizeHint() const override {
    const int form = widget() ? widget()->minimumSizeHint().width() : 0;
    return {std::max(260, form + verticalScrollBar()->sizeHint().width() + 2 * frameWidth()), 120};
  }
};

// A cancelled run's last preview: desaturated and dimmed, so that it does not look like a result.
QImage cancelledLook(const QImage& preview) {
  QImage im = preview.convertToFormat(QImage::Format_RGB32);
  for (int y = 0; y < im.height(); ++y) {
    auto* row = reinterpret_cast<QRgb*>(im.scanLine(y));
    for (int x = 0; x < im.width(); ++x) {
      const int g = qGray(row[x]) / 2 + 40;
      row[x] = qRgb(g, g, g);
    }
  }
  return im;
}
}  // namespace

void installGenerateShortcut(QPlainTextEdit* edit, TaskPanel* panel) {
  edit->installEventFilter(new GenerateKeyFilter(panel, edit));
}

QImage readImageFile(const QString& path, QString* error) {
  QImageReader reader(path);
  reader.setAutoTransform(true);
  const QImage image = reader.read();
  if (image.isNull() && error) *error = TaskPanel::tr("Cannot open %1: %2").arg(path, reader.errorString());
  return image;
}

TaskPanel::TaskPanel(Task task, QWidget* parent) : QWidget(parent), m_task(task) {}

QString TaskPanel::key() const { return QString::fromUtf8(task_name(m_task)); }

SamplerOptions* TaskPanel::createSamplerOptions(bool withCfg) {
  m_options = new SamplerOptions(withCfg);
  return m_options;
}

LoraVaeOptions* TaskPanel::createLoraVaeOptions() {
  m_loraVae = new LoraVaeOptions;
  return m_loraVae;
}

bool TaskPanel::makeRequest(GenerationRequest* r, QString* error) const {
  if (!buildRequest(r, error)) return false;
  if (m_loraVae) m_loraVae->fillRequest(r);
  return true;
}

void TaskPanel::followModel(const ModelInfo& model) {
  if (m_loraVae) m_loraVae->useModel(model);
  useModel(model);
  m_nativeSize = QSize(model.native_width, model.native_height);
  updateSizeNote();
}

ImageView* TaskPanel::createResultView(const QString& placeholder) {
  m_resultView = new ImageView;
  m_resultView->setPlaceholderText(placeholder);
  m_resultView->setAccessibleName(tr("Result"));
  return m_resultView;
}

QPushButton* TaskPanel::createGenerateButton(const QString& icon, const QString& text, const QString& toolTip) {
  m_generate = new QPushButton(QIcon(icon), text);
  m_generate->setToolTip(toolTip);
  connect(m_generate, &QPushButton::clicked, this, &TaskPanel::generateRequested);
  return m_generate;
}

QPushButton* TaskPanel::createGenerateButton(const QString& toolTip) {
  return createGenerateButton(QStringLiteral(":/icons/generate.svg"), tr("&Generate"), toolTip);
}

QWidget* TaskPanel::resultWidget() const { return m_resultView; }

void TaskPanel::createUndoActions(QUndoStack* stack) {
  m_undo = stack->createUndoAction(this, tr("Undo"));
  m_undo->setIcon(QIcon(QStringLiteral(":/icons/undo.svg")));
  m_undo->setShortcut(QKeySequence::Undo);
  m_redo = stack->createRedoAction(this, tr("Redo"));
  m_redo->setIcon(QIcon(QStringLiteral(":/icons/redo.svg")));
  QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
  for (const QKeySequence& k : {QKeySequence(Qt::CTRL | Qt::Key_Y), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)}) {
    if (!redoKeys.contains(k)) redoKeys << k;
  }
  m_redo->setShortcuts(redoKeys);
  for (QAction* a : {m_undo, m_redo}) {
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(a);
  }
}

namespace {
QPlainTextEdit* promptBox(TaskPanel* panel, const QString& placeholder, int maximumHeight) {
  auto* edit = new QPlainTextEdit;
  edit->setPlaceholderText(placeholder);
  edit->setTabChangesFocus(true);
  edit->setMaximumHeight(maximumHeight);
  installGenerateShortcut(edit, panel);
  return edit;
}
}  // namespace

QPlainTextEdit* TaskPanel::createPromptEdit(const QString& placeholder, int maximumHeight) {
  m_prompt = promptBox(this, placeholder, maximumHeight);
  return m_prompt;
}

QPlainTextEdit* TaskPanel::createNegativeEdit(int maximumHeight) {
  m_negative = promptBox(this, tr("What the image should not contain"), maximumHeight);
  return m_negative;
}

void TaskPanel::createSizeRow(SizeNote note) {
  insertSizeRow(m_options, &m_width, &m_height);
  if (note == SizeNote::None) return;
  m_sizeNoteKind = note;
  m_sizeNote = new QLabel;
  m_sizeNote->setWordWrap(true);
  m_sizeNote->setVisible(false);
  for (SizeSpinBox* box : {m_width, m_height}) connect(box, &QSpinBox::valueChanged, this, &TaskPanel::updateSizeNote);
}

void TaskPanel::updateSizeNote() {
  if (!m_sizeNote) return;
  const int w = m_nativeSize.width(), h = m_nativeSize.height();
  const bool beyond = w > 0 && h > 0 && qint64(m_width->value()) * m_height->value() > 2 * qint64(w) * h;
  if (beyond) {
    QString text = tr("More than twice the %1×%2 pixels this model was trained at: it tends to repeat its subject, "
                      "and every step takes longer.").arg(w).arg(h);
    if (m_sizeNoteKind == SizeNote::BeyondNativeHiresFix)
      text += QLatin1Char(' ') + tr("The Hires fix below keeps the composition: make it at %1×%2 and scale it up.").arg(w).arg(h);
    m_sizeNote->setText(text);
  }
  m_sizeNote->setVisible(beyond);
}

bool TaskPanel::fillSize(GenerationRequest* r, QString* error, QSize size) const {
  if (!size.isValid()) size = QSize(m_width->value(), m_height->value());
  const int m = m_width->multiple();
  if (size.width() % m != 0 || size.height() % m != 0) {
    *error = tr("Width and height must be multiples of %1 pixels.").arg(m);
    return false;
  }
  r->width = size.width();
  r->height = size.height();
  return true;
}

QDoubleSpinBox* TaskPanel::createStrengthBox(double minimum, double value, const QString& toolTip) {
  auto* box = new QDoubleSpinBox;
  box->setRange(minimum, 1.0);
  box->setSingleStep(0.05);
  box->setDecimals(2);
  box->setValue(value);
  box->setToolTip(toolTip);
  return box;
}

QToolBar* TaskPanel::createCanvasToolBar(const QString& title) {
  m_toolBar = new QToolBar(title);
  m_toolBar->setOrientation(Qt::Vertical);
  m_toolBar->setIconSize(QSize(20, 20));
  m_toolBar->setToolButtonStyle(Qt::ToolButtonIconOnly);
  return m_toolBar;
}

QWidget* TaskPanel::canvasPane(QToolBar* bar, QWidget* canvas) {
  auto* pane = new QWidget;
  auto* row = new QHBoxLayout(pane);
  row->setContentsMargins(0, 0, 0, 0);
  row->setSpacing(2);
  row->addWidget(bar);
  row->addWidget(canvas, 1);
  return pane;
}

QAction* TaskPanel::addCanvasTool(QToolBar* bar, QActionGroup* group, const QString& icon, const QString& text,
                                  const QKeySequence& key, std::function<void()> choose) {
  QAction* a = bar->addAction(QIcon(icon), text);
  a->setShortcut(key);
  a->setCheckable(true);
  a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  a->setChecked(group->actions().isEmpty());
  group->addAction(a);
  connect(a, &QAction::triggered, this, std::move(choose));
  return a;
}

void TaskPanel::addUndoActions(QToolBar* bar, QUndoStack* stack) {
  createUndoActions(stack);
  bar->addAction(m_undo);
  bar->addAction(m_redo);
}

void TaskPanel::layOutColumns(QWidget* form, const QList<QWidget*>& panes, int formWidth) {
  auto* scroll = new FormScrollArea;
  scroll->setWidget(form);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // the form fits its column
  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->addWidget(scroll);
  QList<int> sizes{formWidth};
  for (QWidget* pane : panes) {
    splitter->addWidget(pane);
    sizes << 400;
  }
  for (int i = 0; i < splitter->count(); ++i) {
    splitter->setStretchFactor(i, i == 0 ? 0 : 1);
    splitter->setCollapsible(i, false);
  }
  splitter->setSizes(sizes);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);
}

void TaskPanel::applyModelDefaults(const ModelInfo& model) {
  if (m_options) m_options->applyDefaults(model.defaults);
  if (m_width) applyNativeSize(m_width, m_height, model);
}

QStringList TaskPanel::fitToModel(const ModelInfo& model) {
  return m_width ? fitSizeToModel(m_width, m_height, model) : QStringList();
}

void TaskPanel::startRun() {
  m_previewKind = -1;
  m_lastStep = m_lastTotal = m_runStep = m_runTotal = 0;
  m_running = true;
}

void TaskPanel::noteStep(int step, int total) {
  m_runStep = step;
  m_runTotal = total;
}

void TaskPanel::showPreview(const QImage& image, int step, int total, bool decoded) {
  const int kind = decoded ? 1 : 0;
  if (m_previewKind < 0) m_previewKind = kind;
  if (kind != m_previewKind) return;  // never two kinds of preview in one run
  m_lastStep = step;
  m_lastTotal = total;
  m_state = ResultState::Preview;
  m_shown = image;
  m_caption = tr("Preview · step %1 of %2").arg(step).arg(total);
  displayResult(image, m_caption, m_state);
}

void TaskPanel::showResult(const QImage& image, const QString& caption) {
  m_running = false;
  m_state = image.isNull() ? ResultState::Empty : ResultState::Result;
  m_shown = image;
  m_caption = caption;
  displayResult(image, caption, m_state);
}

void TaskPanel::markCancelled() {
  if (!m_running) return;  // cancelled before it started: the pane shows nothing of it
  m_running = false;
  if (m_state == ResultState::Preview) {
    m_shown = cancelledLook(m_shown);
    m_caption = tr("Cancelled at step %1 of %2: not a result").arg(m_lastStep).arg(m_lastTotal);
  } else {
    m_caption = m_runTotal > 0 ? tr("Cancelled at step %1 of %2, before its first preview: the picture is the one before")
                                     .arg(m_runStep).arg(m_runTotal)
                               : tr("Cancelled while the model loaded: the picture is the one before");
  }
  m_state = ResultState::Cancelled;
  displayResult(m_shown, m_caption, m_state);
}

void TaskPanel::displayResult(const QImage& image, const QString& caption, ResultState) {
  if (!m_resultView) return;
  m_resultView->setImage(image);
  m_resultView->setCaption(caption);
}

QImage TaskPanel::askForImage(const QString& title) {
  const QString path = QFileDialog::getOpenFileName(this, title, QString(), imageFileFilter());
  if (path.isEmpty()) return {};
  QString error;
  const QImage image = readImageFile(path, &error);
  if (image.isNull()) Q_EMIT errorOccurred(error);
  return image;
}

void TaskPanel::openImage() {
  const QImage image = askForImage(tr("Open image"));
  if (!image.isNull()) setInputImage(image);
}

void TaskPanel::applyRequest(const GenerationRequest& r) {
  if (m_options) m_options->applyRequest(r);
  if (m_loraVae) m_loraVae->applyRequest(r);
  if (r.task != Task::Sample) {  // a class-conditional or unconditional picture has no prompt to show
    if (m_prompt) m_prompt->setPlainText(QString::fromStdString(r.prompt));
    if (m_negative) m_negative->setPlainText(QString::fromStdString(r.negative_prompt));
  }
  applyOwnRequest(r);
  if (m_width && r.width > 0) m_width->setValue(r.width);
  if (m_height && r.height > 0) m_height->setValue(r.height);
}

// The base's widgets under the tab's group (key()/prompt, key()/width, ...), then the tab's own.
namespace {

// The value persist() keeps for `w`; invalid for a widget of another kind.
QVariant persistedValue(const QWidget* w) {
  if (const auto* b = qobject_cast<const QDoubleSpinBox*>(w)) return b->value();
  if (const auto* b = qobject_cast<const QSpinBox*>(w)) return b->value();
  if (const auto* b = qobject_cast<const QAbstractButton*>(w)) return b->isChecked();
  if (const auto* b = qobject_cast<const QGroupBox*>(w)) return b->isChecked();
  if (const auto* b = qobject_cast<const QAbstractSlider*>(w)) return b->value();
  if (const auto* b = qobject_cast<const QComboBox*>(w)) return b->currentData();
  return {};
}

void restorePersisted(QWidget* w, const QVariant& v) {
  if (auto* b = qobject_cast<QDoubleSpinBox*>(w)) b->setValue(v.toDouble());
  else if (auto* b = qobject_cast<QSpinBox*>(w)) b->setValue(v.toInt());
  else if (auto* b = qobject_cast<QAbstractButton*>(w)) b->setChecked(v.toBool());
  else if (auto* b = qobject_cast<QGroupBox*>(w)) b->setChecked(v.toBool());
  else if (auto* b = qobject_cast<QAbstractSlider*>(w)) b->setValue(v.toInt());
  else if (auto* b = qobject_cast<QComboBox*>(w); b && b->findData(v) >= 0) b->setCurrentIndex(b->findData(v));
}

}  // namespace

void TaskPanel::persist(QWidget* widget, const QString& name) {
  Q_ASSERT_X(persistedValue(widget).isValid(), "TaskPanel::persist", "a widget of a kind persist() does not know");
  m_persisted.append({widget, name});
}

void TaskPanel::saveSettings(QSettings& s) const {
  s.setValue(key() + QStringLiteral("/model"), m_modelPath);
  if (m_options) m_options->saveSettings(s, key() + QStringLiteral("/sampler"));
  if (m_loraVae) m_loraVae->saveSettings(s, key() + QStringLiteral("/lora_vae"));
  s.beginGroup(key());
  if (m_prompt) s.setValue(QStringLiteral("prompt"), m_prompt->toPlainText());
  if (m_negative) s.setValue(QStringLiteral("negative"), m_negative->toPlainText());
  if (m_width) saveSize(s, m_width, m_height);
  for (const auto& [widget, name] : m_persisted) s.setValue(name, persistedValue(widget));
  s.endGroup();
  saveOwnSettings(s);
}

void TaskPanel::loadSettings(QSettings& s) {
  m_modelPath = s.value(key() + QStringLiteral("/model")).toString();
  if (m_options) m_options->loadSettings(s, key() + QStringLiteral("/sampler"));
  if (m_loraVae) m_loraVae->loadSettings(s, key() + QStringLiteral("/lora_vae"));
  s.beginGroup(key());
  if (m_prompt) m_prompt->setPlainText(s.value(QStringLiteral("prompt")).toString());
  if (m_negative) m_negative->setPlainText(s.value(QStringLiteral("negative")).toString());
  if (m_width) loadSize(s, m_width, m_height);
  for (const auto& [widget, name] : m_persisted)
    if (s.contains(name)) restorePersisted(widget, s.value(name));
  s.endGroup();
  loadOwnSettings(s);
}

bool TaskPanel::hasStoredModel(QSettings& s, const QString& key) { return s.contains(key + QStringLiteral("/model")); }

}  // namespace ldm::ui
