#include "ui/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QCheckBox>
#include <QComboBox>
#include <QSpinBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QTranslator>
#include <QVBoxLayout>

#include "core/api/model_info.h"
#include "core/imaging/png_metadata.h"
#include "ui/history_panel.h"
#include "ui/image_views.h"
#include "ui/img2img_panel.h"
#include "ui/inpaint_panel.h"
#include "ui/layout_panel.h"
#include "ui/result_io.h"
#include "ui/sampler_options.h"
#include "ui/semantic_panel.h"
#include "ui/txt2img_panel.h"
#include "ui/upscale_panel.h"

// The icon set is compiled into the static ldm_ui library; nothing references its object file,
// so register it explicitly (Q_INIT_RESOURCE must be used outside any namespace).
static void initIconResources() { Q_INIT_RESOURCE(icons); }

namespace ldm::ui {

namespace {
bool isImageFile(const QString& path) {
  const QByteArray suffix = QFileInfo(path).suffix().toLower().toLatin1();
  return QImageReader::supportedImageFormats().contains(suffix);
}

QString formatDuration(double seconds) {
  const int s = int(seconds + 0.5);
  return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString plainTitle(QString title) { return title.remove(QLatin1Char('&')); }

constexpr int kAddedRole = Qt::UserRole + 1;

QToolButton* iconButton(const QString& icon, const QString& toolTip) {
  auto* button = new QToolButton;
  button->setIcon(QIcon(icon));
  button->setToolTip(toolTip);
  return button;
}

// A form label whose mnemonic focuses `buddy`.
QLabel* buddyLabel(const QString& text, QWidget* buddy) {
  auto* label = new QLabel(text);
  label->setBuddy(buddy);
  return label;
}

// What a window manager's title bar and borders take around the client area (a generous guess).
const QSize kWindowFrame(16, 48);
}  // namespace

QSize MainWindow::firstWindowSize(const QSize& available, const QSize& minimum, bool* fits) {
  const QSize preferred(1280, 820);
  const QSize room = available - kWindowFrame;
  if (fits) *fits = preferred.width() <= room.width() && preferred.height() <= room.height();
  return preferred.boundedTo(room).expandedTo(minimum);
}

void installTranslations(const QString& language) {
  static QTranslator* pluralTranslator = nullptr;
  static QTranslator* appTranslator = nullptr;
  static QTranslator* qtTranslator = nullptr;
  for (QTranslator** t : {&pluralTranslator, &appTranslator, &qtTranslator}) {
    if (*t) {
      QCoreApplication::removeTranslator(*t);
      delete *t;
      *t = nullptr;
    }
  }
  // The English plurals ("1 step", "20 steps" for "%n step(s)"), beneath any other language: Qt asks
  // the translator installed last first, and a language without a translation here shows English.
  pluralTranslator = new QTranslator;
  if (pluralTranslator->load(QStringLiteral(":/i18n/ldm_studio_en.qm"))) QCoreApplication::installTranslator(pluralTranslator);
  const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
  if (language == QLatin1String("en")) return;
  appTranslator = new QTranslator;
  if (appTranslator->load(locale, QStringLiteral("ldm_studio"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
    QCoreApplication::installTranslator(appTranslator);
  }
  qtTranslator = new QTranslator;
  if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                         QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    QCoreApplication::installTranslator(qtTranslator);
  }
}

MainWindow::MainWindow(std::unique_ptr<GenerationBackend> backend, QWidget* parent)
    : QMainWindow(parent), m_worker(std::make_unique<EngineWorker>(std::move(backend))) {
  initIconResources();
  setWindowTitle(tr("LDM Studio"));
  setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
  setAcceptDrops(true);

  m_tabs = new QTabWidget;
  m_tabs->setDocumentMode(true);
  m_history = new HistoryPanel;

  // The task tabs: one line each.
  addTaskTab(new Txt2ImgPanel, QStringLiteral(":/icons/text2image.svg"), tr("&Text to image"));
  addTaskTab(new InpaintPanel, QStringLiteral(":/icons/inpaint.svg"), tr("&Inpaint"));
  addTaskTab(new LayoutPanel, QStringLiteral(":/icons/layout.svg"), tr("&Layout"));
  addTaskTab(new UpscalePanel, QStringLiteral(":/icons/upscale.svg"), tr("S&uper-resolution"));
  addTaskTab(new SemanticPanel, QStringLiteral(":/icons/semantic.svg"), tr("P&aint a scene"));
  // Last, so that the earlier tabs keep their Ctrl+number keys and screenshot names. No mnemonic: its
  // letters are taken by the menus and the other tabs (Ctrl+6 shows it).
  addTaskTab(new Img2ImgPanel, QStringLiteral(":/icons/image2image.svg"), tr("Image to image"));

  QList<QPair<int, QString>> targets;
  for (int i = 0; i < m_tabs->count(); ++i) {
    if (panel(i)->acceptsImage()) targets.append({i, m_tabs->tabText(i)});
  }
  m_history->setSendTargets(targets);
  connect(m_history, &HistoryPanel::sendRequested, this, &MainWindow::sendImageTo);
  connect(m_history, &HistoryPanel::errorOccurred, this, [this](const QString& m) { showError(m); });
  connect(m_history, &HistoryPanel::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });
  connect(m_history, &HistoryPanel::showRequested, this, [this](int index) {
    const HistoryEntry& e = m_history->entry(index);
    const int tab = tabForTask(e.request.task);
    if (tab < 0) return;
    const QString name = e.savedPath.isEmpty() ? QString::fromUtf8(task_name(e.request.task)) : QFileInfo(e.savedPath).fileName();
    panel(tab)->showResult(m_history->imageAt(index), tr("From the history: %1").arg(name));
    m_tabs->setCurrentIndex(tab);
  });
  connect(m_history, &HistoryPanel::restoreRequested, this, [this](int index) {
    const HistoryEntry& e = m_history->entry(index);
    restoreRequest(e.request, m_history->imageAt(index),
                   e.savedPath.isEmpty() ? QString::fromUtf8(task_name(e.request.task)) : QFileInfo(e.savedPath).fileName(), false);
  });

  // Error/message area: visible in the window (not only on stderr), dismissable.
  m_messageArea = new QFrame;
  m_messageArea->setObjectName(QStringLiteral("messageArea"));
  m_messageArea->setFrameShape(QFrame::StyledPanel);
  m_messageArea->setStyleSheet(QStringLiteral("#messageArea { background: #fde2e1; border: 1px solid #d9534f; }"
                                              "#messageArea QLabel { color: #6b1110; }"));
  m_messageLabel = new QLabel;
  m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
  m_messageLabel->setWordWrap(true);
  m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* dismiss = iconButton(QStringLiteral(":/icons/delete.svg"), tr("Dismiss"));
  dismiss->setAutoRaise(true);
  connect(dismiss, &QToolButton::clicked, this, &MainWindow::clearError);
  auto* messageLayout = new QHBoxLayout(m_messageArea);
  messageLayout->addWidget(m_messageLabel, 1);
  messageLayout->addWidget(dismiss, 0, Qt::AlignTop);
  m_messageArea->hide();

  m_splitter = new QSplitter(Qt::Horizontal);
  m_splitter->addWidget(m_tabs);
  m_splitter->addWidget(m_history);
  m_splitter->setStretchFactor(0, 1);
  m_splitter->setStretchFactor(1, 0);
  m_splitter->setCollapsible(0, false);

  auto* central = new QWidget;
  auto* column = new QVBoxLayout(central);
  column->addWidget(buildModelBar());
  column->addWidget(m_messageArea);
  column->addWidget(m_splitter, 1);
  setCentralWidget(central);

  buildStatusBar();
  buildMenus();

  connect(m_worker.get(), &EngineWorker::jobStarted, this, &MainWindow::onJobStarted);
  connect(m_worker.get(), &EngineWorker::previewReady, this, &MainWindow::onPreview);
  connect(m_worker.get(), &EngineWorker::progress, this, &MainWindow::onProgress);
  connect(m_worker.get(), &EngineWorker::jobFinished, this, &MainWindow::onFinished);
  connect(m_worker.get(), &EngineWorker::jobFailed, this, &MainWindow::onFailed);
  connect(m_worker.get(), &EngineWorker::jobCancelled, this, &MainWindow::onCancelled);
  connect(m_worker.get(), &EngineWorker::systemInfoReady, this, &MainWindow::applySystemInfo);
  connect(m_worker.get(), &EngineWorker::idle, this, [this] {
    if (!m_worker->isBusy()) setBusy(false);
  });
  connect(m_tabs, &QTabWidget::currentChanged, this, [this] { refreshModelBox(); });

  bool fits = true;
  const QSize size = firstWindowSize(screen() ? screen()->availableGeometry().size() : QSize(1280, 820) + kWindowFrame,
                                     minimumSizeHint(), &fits);
  resize(size);
  if (!fits) setWindowState(windowState() | Qt::WindowMaximized);
  m_splitter->setSizes({size.width() - 210, 210});
  loadSettings();
  m_worker->querySystem();  // the Device and Precision boxes fill in when the worker answers
  m_tabs->currentWidget()->setFocus();
}

MainWindow::~MainWindow() {
  // Stop the worker before the panels it reports to go away.
  m_worker.reset();
}

void MainWindow::addTaskTab(TaskPanel* p, const QString& icon, const QString& title) {
  m_tabs->addTab(p, QIcon(icon), title);
  connect(p, &TaskPanel::generateRequested, this, &MainWindow::generate);
  connect(p, &TaskPanel::errorOccurred, this, [this](const QString& m) { showError(m); });
  connect(p, &TaskPanel::statusMessage, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
  connect(p, &TaskPanel::saveRequested, this, [this](const QImage& im) {
    QString error;
    const QString path = saveResultImageAs(
        im, QDir(outputFolder()).filePath(QString::fromUtf8(task_name(currentPanel()->task())) + QStringLiteral(".png")),
        nullptr, &error);
    if (path.isEmpty()) {
      showError(error);
    } else {
      statusBar()->showMessage(tr("Saved %1").arg(path), 8000);
    }
  });
}

MemoryUse MainWindow::memoryUse() const {
  MemoryUse m = MemoryUse::Auto;
  parse_memory_use(m_memoryGroup->checkedAction()->data().toString().toStdString(), &m);
  return m;
}

void MainWindow::setMemoryUse(MemoryUse memory) {
  for (QAction* a : m_memoryGroup->actions()) {
    MemoryUse m = MemoryUse::Auto;
    if (parse_memory_use(a->data().toString().toStdString(), &m) && m == memory) a->setChecked(true);
  }
}

TaskPanel* MainWindow::panel(int tab) const { return qobject_cast<TaskPanel*>(m_tabs->widget(tab)); }
TaskPanel* MainWindow::currentPanel() const { return panel(m_tabs->currentIndex()); }

template <class T>
T* MainWindow::findPanel() const {
  for (int i = 0; i < m_tabs->count(); ++i) {
    if (T* p = qobject_cast<T*>(m_tabs->widget(i))) return p;
  }
  return nullptr;
}

Txt2ImgPanel* MainWindow::txt2imgPanel() const { return findPanel<Txt2ImgPanel>(); }
InpaintPanel* MainWindow::inpaintPanel() const { return findPanel<InpaintPanel>(); }
LayoutPanel* MainWindow::layoutPanel() const { return findPanel<LayoutPanel>(); }
UpscalePanel* MainWindow::upscalePanel() const { return findPanel<UpscalePanel>(); }
SemanticPanel* MainWindow::semanticPanel() const { return findPanel<SemanticPanel>(); }
Img2ImgPanel* MainWindow::img2imgPanel() const { return findPanel<Img2ImgPanel>(); }

int MainWindow::tabForTask(Task task) const {
  for (int i = 0; i < m_tabs->count(); ++i) {
    if (panel(i)->restoredTasks().contains(task)) return i;
  }
  return -1;
}

int MainWindow::imageTab() const {
  if (currentPanel()->acceptsImage()) return m_tabs->currentIndex();
  const int inpaint = tabForTask(Task::Inpaint);
  if (inpaint >= 0) return inpaint;
  for (int i = 0; i < m_tabs->count(); ++i) {
    if (panel(i)->acceptsImage()) return i;
  }
  return -1;
}

QWidget* MainWindow::buildModelBar() {
  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);

  m_model = new QComboBox;
  m_model->setMinimumContentsLength(22);
  m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_model->setToolTip(tr("The model of this tab: the list holds the models that can do its task. "
                         "Drop .ckpt or .safetensors files on the window to add them."));
  auto* modelLabel = buddyLabel(tr("&Model:"), m_model);
  auto* addModel = iconButton(QStringLiteral(":/icons/model.svg"), tr("Add a model file…"));
  connect(addModel, &QToolButton::clicked, this, &MainWindow::addModelDialog);
  m_removeModel = iconButton(QStringLiteral(":/icons/delete.svg"),
                             tr("Take this model off the list (the file stays where it is)"));
  connect(m_removeModel, &QToolButton::clicked, this, &MainWindow::removeCurrentModel);
  connect(m_model, &QComboBox::activated, this, &MainWindow::onModelChosen);

  // Filled from what the worker reports (applySystemInfo); until then only the CPU.
  m_device = new QComboBox;
  m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
  m_device->setToolTip(tr("Where the model runs: the CPU or a CUDA GPU this computer has."));
  auto* deviceLabel = buddyLabel(tr("&Device:"), m_device);
  connect(m_device, &QComboBox::activated, this, [this] {
    m_wantDevice = m_device->currentData().toString();
    fillPrecisions();
  });

  m_precision = new QComboBox;
  m_precision->setToolTip(tr("Number format of the computation: fp16 needs a CUDA GPU."));
  auto* precisionLabel = buddyLabel(tr("&Precision:"), m_precision);
  connect(m_precision, &QComboBox::activated, this, [this] { m_wantPrecision = m_precision->currentData().toString(); });
  fillPrecisions();

  m_output = new QLineEdit;
  m_output->setPlaceholderText(defaultOutputFolder());
  m_output->setToolTip(tr("Folder for generated images; empty: %1").arg(defaultOutputFolder()));
  m_output->setClearButtonEnabled(true);
  auto* outputLabel = buddyLabel(tr("&Output:"), m_output);
  auto* browse = iconButton(QStringLiteral(":/icons/open.svg"), tr("Choose the output folder…"));
  connect(browse, &QToolButton::clicked, this, &MainWindow::chooseOutputFolder);
  connect(m_output, &QLineEdit::editingFinished, this, [this] { m_history->setOutputFolder(outputFolder()); });

  row->addWidget(modelLabel);
  row->addWidget(m_model, 2);
  row->addWidget(addModel);
  row->addWidget(m_removeModel);
  row->addSpacing(6);
  row->addWidget(deviceLabel);
  row->addWidget(m_device);
  row->addWidget(precisionLabel);
  row->addWidget(m_precision);
  row->addSpacing(6);
  row->addWidget(outputLabel);
  row->addWidget(m_output, 1);
  row->addWidget(browse);
  return bar;
}

void MainWindow::buildStatusBar() {
  m_progressLabel = new QLabel;
  m_progress = new QProgressBar;
  m_progress->setMaximumWidth(200);
  m_progress->setTextVisible(false);
  m_progress->hide();
  m_cancel = new QPushButton(QIcon(QStringLiteral(":/icons/cancel.svg")), tr("Cancel"));
  m_cancel->setToolTip(tr("Stop the running generation (Esc)"));
  m_cancel->setEnabled(false);
  connect(m_cancel, &QPushButton::clicked, this, &MainWindow::cancel);
  statusBar()->addPermanentWidget(m_progressLabel);
  statusBar()->addPermanentWidget(m_progress);
  statusBar()->addPermanentWidget(m_cancel);
  statusBar()->showMessage(tr("Ready"));
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(QIcon(QStringLiteral(":/icons/image-open.svg")), tr("&Open image…"), this, &MainWindow::openImage);
  open->setShortcut(QKeySequence::Open);
  file->addAction(QIcon(QStringLiteral(":/icons/model.svg")), tr("&Add model…"), this, &MainWindow::addModelDialog);
  file->addAction(tr("&Models folder…"), this, &MainWindow::chooseModelsFolder);
  file->addAction(tr("O&utput folder…"), this, &MainWindow::chooseOutputFolder);
  file->addAction(QIcon(QStringLiteral(":/icons/folder.svg")), tr("Open output &folder"), m_history, &HistoryPanel::openOutputFolder);
  file->addSeparator();
  QAction* save = file->addAction(QIcon(QStringLiteral(":/icons/save.svg")), tr("&Save result as…"), m_history, &HistoryPanel::saveCurrentAs);
  save->setShortcut(QKeySequence::Save);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* copy = edit->addAction(QIcon(QStringLiteral(":/icons/copy.svg")), tr("&Copy result"), m_history, &HistoryPanel::copyCurrent);
  copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));

  QMenu* run = menuBar()->addMenu(tr("&Generate"));
  QAction* generate = run->addAction(QIcon(QStringLiteral(":/icons/generate.svg")), tr("&Generate"), this, &MainWindow::generate);
  generate->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
  QAction* cancel = run->addAction(QIcon(QStringLiteral(":/icons/cancel.svg")), tr("&Cancel"), this, &MainWindow::cancel);
  cancel->setShortcut(QKeySequence(Qt::Key_Escape));
  run->addSeparator();
  for (int i = 0; i < m_tabs->count(); ++i) {
    QAction* show = run->addAction(m_tabs->tabIcon(i), m_tabs->tabText(i), this, [this, i] { m_tabs->setCurrentIndex(i); });
    show->setShortcut(QKeySequence(QKeyCombination(Qt::ControlModifier, Qt::Key(Qt::Key_1 + i))));
  }

  QMenu* settings = menuBar()->addMenu(tr("&Settings"));
  m_autoSaveAction = settings->addAction(tr("Save results &automatically"));
  m_autoSaveAction->setObjectName(QStringLiteral("autoSave"));
  m_autoSaveAction->setCheckable(true);
  m_autoSaveAction->setChecked(m_autoSave);  // loadSettings sets it again
  connect(m_autoSaveAction, &QAction::toggled, this, [this](bool on) { m_autoSave = on; });
  // How much of a model stays loaded (ldm::MemoryUse); the pictures are the same in every mode.
  QMenu* memory = settings->addMenu(tr("&Memory use"));
  memory->setToolTipsVisible(true);
  m_memoryGroup = new QActionGroup(this);
  const struct {
    QString text, tip, name;
  } memoryModes[] = {
      {tr("&Automatic"), tr("Low memory where the model would take more than 40% of the free memory, else keep it loaded"),
       QStringLiteral("auto")},
      {tr("&Keep the model loaded"), tr("Quickest for one picture after another; needs memory for every part"),
       QStringLiteral("keep")},
      {tr("&Low memory"), tr("The model's parts take turns in memory: about a third less at the cost of reloading "
                             "each part for every picture (Stable Diffusion 1.5, 512×512: 3.9 GiB instead of 5.5)"),
       QStringLiteral("low")},
  };
  for (const auto& mode : memoryModes) {
    QAction* a = memory->addAction(mode.text);
    a->setObjectName(QStringLiteral("memory-") + mode.name);
    a->setToolTip(mode.tip);
    a->setStatusTip(mode.tip);
    a->setCheckable(true);
    a->setData(mode.name);
    m_memoryGroup->addAction(a);
  }
  m_memoryGroup->actions().first()->setChecked(true);  // loadSettings sets the stored one
  QMenu* language = settings->addMenu(tr("&Language"));
  m_languageGroup = new QActionGroup(this);
  const QList<QPair<QString, QString>> languages = {
      {tr("System default"), QString()}, {QStringLiteral("English"), QStringLiteral("en")},
      {QStringLiteral("Deutsch"), QStringLiteral("de")}, {QStringLiteral("简体中文"), QStringLiteral("zh_CN")}};
  const QString current = QSettings().value(QStringLiteral("language")).toString();
  for (const auto& [name, code] : languages) {
    QAction* a = language->addAction(name);
    a->setCheckable(true);
    a->setData(code);
    a->setChecked(code == current);
    m_languageGroup->addAction(a);
  }
  connect(m_languageGroup, &QActionGroup::triggered, this, [this](QAction* a) {
    QSettings().setValue(QStringLiteral("language"), a->data().toString());
    statusBar()->showMessage(tr("The language changes when LDM Studio is restarted."), 8000);
  });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* start = help->addAction(QIcon(QStringLiteral(":/icons/help.svg")), tr("&Getting started"), this,
                                   [this] { showHelp(HelpPage::GettingStarted); });
  start->setShortcut(QKeySequence::HelpContents);
  help->addAction(tr("&Keyboard shortcuts"), this, [this] { showHelp(HelpPage::Shortcuts); });
  help->addSeparator();
  help->addAction(tr("&About LDM Studio"), this, [this] { QMessageBox::about(this, tr("About LDM Studio"), aboutText()); });
}

QString MainWindow::aboutText() const {
  const QString torch = m_systemKnown ? QString::fromStdString(m_system.libtorch_version) : tr("(not asked yet)");
  const QString cuda = !m_systemKnown ? tr("(not asked yet)")
                       : m_system.cuda_version.empty() ? tr("none (this LibTorch runs on the CPU only)")
                                                       : QString::fromStdString(m_system.cuda_version);
  return tr("<b>LDM Studio</b> %1<br>Latent diffusion models (text to image, inpainting, layout to "
            "image, super-resolution) on your own computer.<br><br>LibTorch %2<br>Qt %3<br>CUDA: %4")
      .arg(QCoreApplication::applicationVersion(), torch, QString::fromLatin1(qVersion()), cuda);
}

QStringList MainWindow::shortcutList() const {
  QStringList lines;
  // The menus' actions, as they are bound.
  for (QAction* menu : menuBar()->actions()) {
    if (!menu->menu()) continue;
    for (QAction* a : menu->menu()->actions()) {
      if (a->shortcut().isEmpty()) continue;
      QStringList keys;
      for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
      lines << QStringLiteral("%1 — %2").arg(keys.join(QStringLiteral(", ")), plainTitle(a->text()).remove(QStringLiteral("…")));
    }
  }
  // The editors' keys.
  lines << tr("Ctrl+Enter in a prompt — Generate")
        << tr("Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z — Undo, redo (mask and layout editors, scene painter)")
        << tr("B, E — Brush, eraser (mask editor)")
        << tr("[, ] — Smaller, larger brush (mask editor, scene painter)")
        << tr("Mouse wheel, Ctrl+0 — Zoom, fit to the view (mask editor, scene painter)")
        << tr("Space + drag, middle button — Pan (mask editor, scene painter)")
        << tr("Delete — Remove the selected box (layout editor)")
        << tr("Esc — Deselect the box (layout editor), cancel the generation")
        << tr("Left, Right — Move the before/after split (super-resolution)")
        << tr("B, F, right button — Brush, fill, pick the label under the cursor (scene painter)");
  return lines;
}

QDialog* MainWindow::showHelp(HelpPage page) {
  const QString name = page == HelpPage::GettingStarted ? QStringLiteral("gettingStarted") : QStringLiteral("shortcuts");
  auto* dialog = findChild<QDialog*>(name);
  if (!dialog) {
    dialog = new QDialog(this);
    dialog->setObjectName(name);
    auto* text = new QTextBrowser;
    text->setOpenExternalLinks(true);
    text->setObjectName(QStringLiteral("helpText"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog->resize(620, 520);
    if (page == HelpPage::GettingStarted) {
      dialog->setWindowTitle(tr("Getting started"));
      // One translatable string per paragraph.
      const QStringList steps = {
          tr("<b>Text to image</b>: describe a picture, e.g. <i>a red circle and a blue square</i>, and press "
             "<b>Generate</b> (Ctrl+Enter). A preview shows while it is made; the picture lands in the history on the "
             "right and in the output folder."),
          tr("<b>Inpaint</b>: open or drop a picture, paint over what should change (B brush, E eraser, [ and ] size), "
             "say what should be there and press <b>Inpaint</b>."),
          tr("<b>Layout</b>: drag boxes on the canvas and label each one (e.g. <i>red circle</i>); the label field "
             "completes the model's classes."),
          tr("<b>Super-resolution</b>: open a small picture; the output is four times its width and height."),
          tr("<b>Paint a scene</b>: paint regions with the labels of the model (brush B, fill F) and press "
             "<b>Generate</b>: the model draws a picture that follows the map. Label maps can be imported and "
             "exported as 8-bit PNGs."),
          tr("<b>Image to image</b>: open, drop or paste a picture (or send one from the history), say what it "
             "should become and press <b>Generate</b>; the <b>Strength</b> sets how much of it is redrawn."),
          tr("<b>LoRA and VAE</b> (Stable Diffusion models): add LoRA files with a strength each, or choose another "
             "VAE, in the text to image, image to image and inpainting tabs.")};
      QString html = QStringLiteral("<h2>%1</h2><p>%2</p><ol>").arg(tr("Getting started"),
          tr("LDM Studio comes with six small models of its own (64×64 pictures of coloured circles, squares, "
             "triangles, diamonds and stars), so it works without downloading anything."));
      for (const QString& step : steps) html += QStringLiteral("<li>%1</li>").arg(step);
      html += QStringLiteral("</ol><p>%1</p><p>%2</p><p>%3</p>")
                  .arg(tr("The <b>Model</b> box lists, for each tab, the models that can do its task; size, steps, sampler "
                          "and guidance follow the chosen model. Add your own checkpoints (CompVis LDM, Stable Diffusion "
                          "1.x/2.x, .ckpt or .safetensors) with the button beside it or by dropping them on the window."),
                       tr("Click a picture in the history to see it, double-click it to get its settings back; its context "
                          "menu opens, copies, sends or deletes it. Dropping a PNG made by LDM Studio restores its settings too."),
                       tr("More: the README and the docs folder of LDM Studio, and <i>ldm --help</i> for the command line."));
      text->setHtml(html);
    }
  }
  if (page == HelpPage::Shortcuts) {
    dialog->setWindowTitle(tr("Keyboard shortcuts"));
    QString html = QStringLiteral("<h2>%1</h2><table cellpadding=3>").arg(tr("Keyboard shortcuts").toHtmlEscaped());
    for (const QString& line : shortcutList()) {
      const int dash = line.indexOf(QStringLiteral(" — "));
      html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                  .arg(line.left(dash).toHtmlEscaped(), line.mid(dash + 3).toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    dialog->findChild<QTextBrowser*>()->setHtml(html);
  }
  dialog->show();
  dialog->raise();
  return dialog;
}

// ---- models -----------------------------------------------------------------------------------

const CatalogEntry* MainWindow::catalogEntry(const QString& path) const {
  for (const CatalogEntry& e : m_catalog) {
    if (e.path == path) return &e;
  }
  return nullptr;
}

QList<CatalogEntry> MainWindow::modelsFor(Task task) const { return modelsFor(QList<Task>{task}); }

QList<CatalogEntry> MainWindow::modelsFor(const QList<Task>& tasks) const {
  QList<CatalogEntry> out;
  QStringList taken;
  auto add = [&](const CatalogEntry& e) {
    if (taken.contains(e.path)) return;
    taken << e.path;
    out << e;
  };
  for (Task task : tasks) {
    for (const CatalogEntry& e : m_catalog) {
      if (e.serves(task) && e.bundled) add(e);
    }
  }
  for (const CatalogEntry& e : m_catalog) {
    for (Task task : tasks) {
      if (e.serves(task) && !e.bundled) add(e);
    }
  }
  return out;
}

void MainWindow::rescanModels() {
  rebuildCatalog();
  for (int i = 0; i < m_tabs->count(); ++i) resolvePanelModel(panel(i), true);
  refreshModelBox();
}

void MainWindow::rebuildCatalog() {
  m_catalog.clear();
  int unusable = 0;
  auto take = [&](const CatalogEntry& e) {
    if (m_hiddenModels.contains(e.path) || catalogEntry(e.path)) return;
    if (!e.valid()) {
      ++unusable;
      return;
    }
    m_catalog << e;
  };
  for (const CatalogEntry& m : ModelCatalog::scan(resourcePath(QStringLiteral("models")), true)) take(m);
  for (const CatalogEntry& m : ModelCatalog::scan(m_modelsFolder)) take(m);
  for (const QString& path : m_addedModels) {
    if (QFileInfo::exists(path)) take(ModelCatalog::identify(path));
  }
  if (unusable > 0) {
    statusBar()->showMessage(tr("%n file(s) in the models folder are not models LDM Studio can use.", nullptr, unusable), 8000);
  }
}

void MainWindow::refreshModelBox() {
  TaskPanel* p = currentPanel();
  if (!p || !m_model) return;
  const QSignalBlocker block(m_model);
  m_model->clear();
  for (const CatalogEntry& e : modelsFor(p->modelTasks())) {
    m_model->addItem(QIcon(QStringLiteral(":/icons/model.svg")), e.label(), e.path);
    m_model->setItemData(m_model->count() - 1, e.path, Qt::ToolTipRole);
    m_model->setItemData(m_model->count() - 1, !e.bundled, kAddedRole);
  }
  if (m_model->count() == 0) m_model->addItem(tr("No model for this task: add one with the button on the right"), QString());
  const int i = m_model->findData(p->modelPath());
  m_model->setCurrentIndex(std::max(0, i));
  m_removeModel->setEnabled(m_model->currentData(kAddedRole).toBool());
}

QString MainWindow::resolvePanelModel(TaskPanel* p, bool keepSettings) {
  const QList<CatalogEntry> models = modelsFor(p->modelTasks());
  const CatalogEntry* entry = nullptr;
  for (const CatalogEntry& e : models) {
    if (e.path == p->modelPath()) entry = catalogEntry(e.path);
  }
  bool changed = !keepSettings;
  if (!entry) {
    changed = true;
    entry = models.isEmpty() ? nullptr : catalogEntry(models.first().path);
  }
  p->setModelPath(entry ? entry->path : QString());
  if (!entry) return QString();
  p->followModel(entry->info);
  if (changed) {
    p->applyModelDefaults(entry->info);
    return tr("%1: settings of the model %2 (%3).").arg(plainTitle(m_tabs->tabText(m_tabs->indexOf(p))), entry->name,
                                                         p->samplerOptions()->summary());
  }
  const QStringList replaced = p->fitToModel(entry->info);
  if (replaced.isEmpty()) return QString();
  return tr("%1: replaced what the model %2 cannot use: %3.")
      .arg(plainTitle(m_tabs->tabText(m_tabs->indexOf(p))), entry->name, replaced.join(QStringLiteral("; ")));
}

void MainWindow::onModelChosen(int index) {
  TaskPanel* p = currentPanel();
  const QString path = m_model->itemData(index).toString();
  m_removeModel->setEnabled(m_model->itemData(index, kAddedRole).toBool());
  if (path.isEmpty() || path == p->modelPath()) return;
  clearError();
  p->setModelPath(path);
  const QString message = resolvePanelModel(p, false);
  statusBar()->showMessage(message, 10000);
}

void MainWindow::rememberModel(const CatalogEntry& model) {
  m_hiddenModels.removeAll(model.path);
  if (!model.bundled && !m_addedModels.contains(model.path)) m_addedModels << model.path;
  if (!catalogEntry(model.path)) m_catalog << model;
}

bool MainWindow::addModel(const QString& path) {
  if (!ModelCatalog::isModelFile(path)) {
    showError(tr("%1 is not a model: use a .ckpt or .safetensors file or a diffusers folder.").arg(path));
    return false;
  }
  const CatalogEntry info = ModelCatalog::identify(path);
  if (!info.valid()) {
    showError(tr("%1 is not a model LDM Studio can use.").arg(QFileInfo(path).fileName()), info.error);
    return false;
  }
  rememberModel(info);
  // Into the current tab when it serves its task, else into the first tab that it serves.
  auto servesTab = [&](int i) {
    for (Task t : panel(i)->modelTasks()) {
      if (info.serves(t)) return true;
    }
    return false;
  };
  int tab = servesTab(m_tabs->currentIndex()) ? m_tabs->currentIndex() : -1;
  for (int i = 0; tab < 0 && i < m_tabs->count(); ++i) {
    if (servesTab(i)) tab = i;
  }
  if (tab < 0) {
    showError(tr("%1 is a %2 model, which none of the tabs can use.").arg(info.name, QString::fromStdString(info.info.family_name)));
    return false;
  }
  clearError();
  panel(tab)->setModelPath(info.path);
  const QString message = resolvePanelModel(panel(tab), false);
  if (tab == m_tabs->currentIndex()) refreshModelBox();
  else m_tabs->setCurrentIndex(tab);  // refreshes the model box
  statusBar()->showMessage(tr("Added model %1. %2").arg(info.name, message), 10000);
  return true;
}

bool MainWindow::removeCurrentModel() {
  const QString path = m_model->currentData().toString();
  const CatalogEntry* entry = catalogEntry(path);
  if (!entry || entry->bundled) return false;
  const QString name = entry->name;
  m_addedModels.removeAll(path);
  if (!m_hiddenModels.contains(path)) m_hiddenModels << path;
  m_catalog.erase(std::remove_if(m_catalog.begin(), m_catalog.end(), [&](const CatalogEntry& e) { return e.path == path; }),
                  m_catalog.end());
  for (int i = 0; i < m_tabs->count(); ++i) {
    if (panel(i)->modelPath() == path) resolvePanelModel(panel(i), false);
  }
  refreshModelBox();
  statusBar()->showMessage(tr("Took %1 off the model list.").arg(name), 8000);
  return true;
}

void MainWindow::addModelDialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Add model"), m_modelsFolder,
                                                    tr("Checkpoints (*.ckpt *.safetensors)"));
  if (!path.isEmpty()) addModel(path);
}

void MainWindow::chooseModelsFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Models folder"), m_modelsFolder);
  if (dir.isEmpty()) return;
  m_modelsFolder = dir;
  rescanModels();
}

// ---- devices ----------------------------------------------------------------------------------

void MainWindow::applySystemInfo(const SystemInfo& info) {
  m_system = info;
  m_systemKnown = true;
  {
    const QSignalBlocker block(m_device);
    m_device->clear();
    for (const ComputeDevice& d : info.devices) {
      QString label = d.id == "cpu" ? tr("CPU") : QString::fromStdString(d.name);
      if (d.memory_bytes > 0) label += tr(" · %1 GiB").arg(double(d.memory_bytes) / (1024.0 * 1024 * 1024), 0, 'f', 0);
      m_device->addItem(label, QString::fromStdString(d.id));
    }
    const int want = m_device->findData(m_wantDevice);
    m_device->setCurrentIndex(std::max(0, want));
    if (want < 0 && !m_wantDevice.isEmpty() && m_wantDevice != QLatin1String("cpu")) {
      statusBar()->showMessage(tr("The device %1 of the settings is not available on this computer: using the CPU.").arg(m_wantDevice), 10000);
    }
  }
  fillPrecisions();
}

void MainWindow::fillPrecisions() {
  const QString device = m_device->currentData().toString();
  QStringList precisions{QStringLiteral("fp32")};
  for (const ComputeDevice& d : m_system.devices) {
    if (QString::fromStdString(d.id) != device) continue;
    precisions.clear();
    for (const std::string& p : d.precisions) precisions << QString::fromStdString(p);
  }
  const QSignalBlocker block(m_precision);
  m_precision->clear();
  for (const QString& p : precisions) {
    if (p == QLatin1String("fp32")) m_precision->addItem(tr("fp32 (full)"), p);
    else if (p == QLatin1String("fp16")) m_precision->addItem(tr("fp16 (half)"), p);
    else m_precision->addItem(p, p);
  }
  const int want = m_precision->findData(m_wantPrecision);
  m_precision->setCurrentIndex(std::max(0, want));
}

// ---- output, images ---------------------------------------------------------------------------

QString MainWindow::defaultOutputFolder() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).filePath(QStringLiteral("LDM Studio"));
}

void MainWindow::setOutputFolder(const QString& dir) {
  m_output->setText(dir);
  m_history->setOutputFolder(outputFolder());
}

QString MainWindow::outputFolder() const {
  const QString dir = m_output->text().trimmed();
  return dir.isEmpty() ? defaultOutputFolder() : dir;
}

void MainWindow::chooseOutputFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Output folder"), outputFolder());
  if (!dir.isEmpty()) setOutputFolder(dir);
}

void MainWindow::openImage() {
  const int tab = imageTab();
  if (tab < 0) return;
  m_tabs->setCurrentIndex(tab);
  panel(tab)->openImage();
}

void MainWindow::sendImageTo(int tab, const QImage& image) {
  if (tab < 0 || tab >= m_tabs->count()) return;
  panel(tab)->setInputImage(image);
  m_tabs->setCurrentIndex(tab);
}

int MainWindow::restoreRequest(const GenerationRequest& r, const QImage& image, const QString& source, bool imageAsInput) {
  const int tab = tabForTask(r.task);
  if (tab < 0) return -1;
  TaskPanel* p = panel(tab);
  // The model it was made with, when the picker offers it for that tab.
  const QString model = QString::fromStdString(r.model);
  bool modelFound = false;
  auto chooseModel = [&] {
    for (const CatalogEntry& e : modelsFor(p->modelTasks())) {
      if (!model.isEmpty() && (e.path == model || QFileInfo(e.path).fileName() == QFileInfo(model).fileName())) {
        p->setModelPath(e.path);
        resolvePanelModel(p, true);
        modelFound = true;
      }
    }
  };
  chooseModel();
  // A model on this machine that the picker does not list (request_from_png found it by name and hash
  // in the model folders or among the models used before): it joins the picker.
  if (!modelFound && !model.isEmpty() && QFileInfo::exists(model) && !m_hiddenModels.contains(model)) {
    const CatalogEntry e = ModelCatalog::identify(model);
    if (e.valid()) {
      rememberModel(e);
      chooseModel();
    }
  }
  p->applyRequest(r);
  if (!image.isNull()) {
    if (imageAsInput && p->reopensPictureAsInput()) p->setInputImage(image);
    else p->showResult(image, tr("From %1").arg(source));
  }
  m_tabs->setCurrentIndex(tab);
  refreshModelBox();
  if (model.isEmpty() || modelFound)
    statusBar()->showMessage(tr("Parameters restored from %1").arg(source), 8000);
  else  // e.g. another program's picture of a model this machine does not have
    statusBar()->showMessage(tr("Parameters restored from %1; its model %2 is not here: the tab keeps its own")
                                 .arg(source, QFileInfo(model).fileName()),
                             15000);
  return tab;
}

// ---- messages ---------------------------------------------------------------------------------

void MainWindow::showError(const QString& message, const QString& details) {
  m_lastError = message;
  m_messageLabel->setText(message);
  m_messageLabel->setToolTip(details);
  m_messageArea->show();
  qWarning("%s%s%s", qPrintable(message), details.isEmpty() ? "" : " | ", qPrintable(details));
}

void MainWindow::clearError() {
  m_messageArea->hide();
  m_messageLabel->clear();
  m_messageLabel->setToolTip(QString());
}

QString MainWindow::explainError(ErrorCode code, const QString& message, const GenerationRequest& r) const {
  const int tab = tabForTask(r.task);
  const QString tabName = tab >= 0 ? plainTitle(m_tabs->tabText(tab)) : QString::fromUtf8(task_name(r.task));
  const CatalogEntry* entry = catalogEntry(QString::fromStdString(r.model));
  const QString model = entry        ? entry->name
                        : r.model.empty() ? tr("of the task")
                                          : QFileInfo(QString::fromStdString(r.model)).fileName();
  switch (code) {
    case ErrorCode::NoCudaDevice:
      return tr("There is no CUDA GPU this program can use on this computer: choose CPU in the Device box.");
    case ErrorCode::PrecisionUnsupported:
      return tr("The device %1 cannot compute in %2: choose fp32 in the Precision box.")
          .arg(m_device->currentText(), QString::fromStdString(r.precision));
    case ErrorCode::WrongModelForTask:
      return tr("The model %1 cannot do what the %2 tab asks: choose another one in the Model box.").arg(model, tabName);
    case ErrorCode::NoModel:
      return tr("There is no model for the %1 tab: add one with the button beside the Model box.").arg(tabName);
    case ErrorCode::InvalidSize:
      return tr("The model %1 cannot make a picture of %2×%3 pixels: change the Size (a multiple of %4 pixels).")
          .arg(model).arg(r.width).arg(r.height).arg(entry ? entry->info.size_multiple : 8);
    case ErrorCode::MaskSizeMismatch:
      return tr("The mask does not have the size of the picture: clear it and paint it again, or load a mask of the picture's size.");
    case ErrorCode::MissingInput:
      return tr("The %1 tab lacks something the model needs (a picture, a mask, a prompt or a box): fill it in and generate again.")
          .arg(tabName);
    case ErrorCode::OutOfMemory:
      return m_device->count() > 1
                 ? tr("Out of memory: make the picture smaller (Size), lower the Batch count, choose Settings ▸ Memory use ▸ Low memory, or choose another device in the Device box.")
                 : tr("Out of memory: make the picture smaller (Size), lower the Batch count, or choose Settings ▸ Memory use ▸ Low memory.");
    case ErrorCode::TooLargeForMemory: {
      // The engine's figures, where it measured them (engine.cpp check_fits_in_memory).
      static const QRegularExpression figures(QStringLiteral("about ([0-9.]+) GB needed, ([0-9.]+) GB free"));
      const QRegularExpressionMatch m = figures.match(message);
      const QString need = m.hasMatch() ? tr(" (about %1 GB needed, %2 GB free)").arg(m.captured(1), m.captured(2)) : QString();
      return m_device->count() > 1
                 ? tr("Not enough memory for this request%1, whatever the memory use setting: make the picture smaller (Size), lower the Batch count, or choose another device in the Device box.")
                       .arg(need)
                 : tr("Not enough memory for this request%1, whatever the memory use setting: make the picture smaller (Size) or lower the Batch count.")
                       .arg(need);
    }
    case ErrorCode::NumericOverflow:
      return tr("The computation overflowed (NaN or infinite values in %1): choose fp32 or bf16 in the Precision box; if it happens in fp32, choose another VAE.")
          .arg(QString::fromStdString(r.precision));
    case ErrorCode::BadFile:
      return tr("A file could not be read: %1. If it is the model, choose another one in the Model box.").arg(message);
    case ErrorCode::Cancelled:
      return tr("Cancelled.");
    case ErrorCode::Unspecified:
      break;
  }
  return tr("Generation failed: %1").arg(message);
}

void MainWindow::setBusy(bool busy) {
  m_cancel->setEnabled(busy);
  m_progress->setVisible(busy);
  if (!busy) {
    m_progressLabel->clear();
    m_progress->reset();
  }
}

// ---- generation -------------------------------------------------------------------------------

void MainWindow::generate() {
  TaskPanel* p = currentPanel();
  GenerationRequest request;
  QString error;
  clearError();  // a new action: yesterday's error goes
  if (!p->makeRequest(&request, &error)) {
    showError(error);
    return;
  }
  request.model = p->modelPath().toStdString();
  request.device = m_device->currentData().toString().toStdString();
  request.precision = m_precision->currentData().toString().toStdString();
  const MemoryUse memory = memoryUse();
  const int64_t seed = p->samplerOptions()->nextSeed();
  const int count = p->samplerOptions()->batchCount();
  for (int i = 0; i < count; ++i) {
    request.seed = seed + i;
    const int id = m_worker->submit(request, memory);
    m_jobPanels.insert(id, p);
    m_jobRequests.insert(id, request);
  }
  setBusy(true);
  statusBar()->showMessage(tr("Queued %n image(s)", nullptr, count));
}

void MainWindow::cancel() {
  if (!m_worker->isBusy()) return;
  m_worker->cancel();
  statusBar()->showMessage(tr("Cancelling…"));
}

void MainWindow::onJobStarted(int jobId, const QString& task) {
  setBusy(true);
  if (TaskPanel* p = m_jobPanels.value(jobId)) p->startRun();
  m_progress->setRange(0, 0);
  statusBar()->showMessage(tr("Running %1… (loading the model)").arg(task));
}

void MainWindow::onPreview(int jobId, const QImage& image, int step, int total, bool decoded) {
  if (TaskPanel* p = m_jobPanels.value(jobId)) p->showPreview(image, step, total, decoded);
}

void MainWindow::onProgress(int jobId, int step, int total, double itsPerSec, double etaSeconds) {
  if (TaskPanel* p = m_jobPanels.value(jobId)) p->noteStep(step, total);
  m_progress->setRange(0, total);
  m_progress->setValue(step);
  m_progressLabel->setText(tr("Step %1/%2 · %3 it/s · ETA %4")
                               .arg(step)
                               .arg(total)
                               .arg(itsPerSec, 0, 'f', 2)
                               .arg(formatDuration(etaSeconds)));
  statusBar()->clearMessage();
}

void MainWindow::onFinished(const JobResult& result) {
  TaskPanel* p = m_jobPanels.take(result.jobId);
  m_jobRequests.remove(result.jobId);
  QStringList saved;
  for (const QImage& image : result.images) {
    HistoryEntry entry;
    entry.image = image;
    entry.request = result.request;
    entry.modelName = result.modelName;
    entry.seconds = result.seconds;
    if (m_autoSave) {
      QString error;
      const QString path = saveResultImageAs(
          image, QDir(outputFolder()).filePath(resultBaseName(result.request) + QStringLiteral(".png")), &result.request, &error);
      if (!path.isEmpty()) {
        entry.savedPath = path;
        saved << QDir::toNativeSeparators(path);
      } else {
        showError(error);
      }
    }
    m_history->addEntry(entry);
    if (p) p->showResult(image);
  }
  if (p) p->samplerOptions()->setLastSeed(result.request.seed);
  QString message = saved.isEmpty() ? tr("Done in %1 s").arg(result.seconds, 0, 'f', 1)
                                    : tr("Done in %1 s, saved as %2").arg(result.seconds, 0, 'f', 1).arg(saved.join(QStringLiteral(", ")));
  if (result.lowMemory) message += tr(" (low memory: the model's parts took turns)");
  if (!result.warnings.isEmpty()) message += QStringLiteral(" — ") + result.warnings.join(QStringLiteral("; "));
  statusBar()->showMessage(message);
}

void MainWindow::onFailed(int jobId, const QString& message, ErrorCode code) {
  m_jobPanels.remove(jobId);
  const GenerationRequest request = m_jobRequests.take(jobId);
  showError(explainError(code, message, request), message);
  statusBar()->showMessage(tr("Failed"));
}

void MainWindow::onCancelled(int jobId) {
  if (TaskPanel* p = m_jobPanels.take(jobId)) p->markCancelled();
  m_jobRequests.remove(jobId);
  statusBar()->showMessage(tr("Cancelled"));
}

// ---- settings ---------------------------------------------------------------------------------

void MainWindow::saveSettings() const {
  QSettings s;
  s.setValue(QStringLiteral("window/geometry"), saveGeometry());
  s.setValue(QStringLiteral("window/state"), saveState());
  s.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
  s.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
  s.setValue(QStringLiteral("models/folder"), m_modelsFolder);
  s.setValue(QStringLiteral("models/added"), m_addedModels);
  s.setValue(QStringLiteral("models/hidden"), m_hiddenModels);
  s.setValue(QStringLiteral("device"), m_wantDevice);
  s.setValue(QStringLiteral("precision"), m_wantPrecision);
  s.setValue(QStringLiteral("output/folder"), m_output->text());
  s.setValue(QStringLiteral("output/autoSave"), m_autoSave);
  s.setValue(QStringLiteral("memory"), m_memoryGroup->checkedAction()->data());
  for (int i = 0; i < m_tabs->count(); ++i) panel(i)->saveSettings(s);
}

void MainWindow::loadSettings() {
  QSettings s;
  if (s.contains(QStringLiteral("window/geometry"))) restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(s.value(QStringLiteral("window/state")).toByteArray());
  if (s.contains(QStringLiteral("window/splitter"))) m_splitter->restoreState(s.value(QStringLiteral("window/splitter")).toByteArray());
  m_modelsFolder = s.value(QStringLiteral("models/folder")).toString();
  m_addedModels = s.value(QStringLiteral("models/added")).toStringList();
  m_hiddenModels = s.value(QStringLiteral("models/hidden")).toStringList();
  m_wantDevice = s.value(QStringLiteral("device"), QStringLiteral("cpu")).toString();
  m_wantPrecision = s.value(QStringLiteral("precision"), QStringLiteral("fp32")).toString();
  m_output->setText(s.value(QStringLiteral("output/folder")).toString());
  m_autoSave = s.value(QStringLiteral("output/autoSave"), true).toBool();
  m_autoSaveAction->setChecked(m_autoSave);
  MemoryUse memory = MemoryUse::Auto;
  parse_memory_use(s.value(QStringLiteral("memory"), QStringLiteral("auto")).toString().toStdString(), &memory);
  setMemoryUse(memory);
  QList<bool> stored;
  for (int i = 0; i < m_tabs->count(); ++i) {
    stored << TaskPanel::hasStoredModel(s, panel(i)->key());
    panel(i)->loadSettings(s);
  }
  m_tabs->setCurrentIndex(s.value(QStringLiteral("window/tab"), 0).toInt());
  // The model catalog, then each tab's model and the settings that follow it.
  rebuildCatalog();
  // The status bar says what the tab in view runs, first, and what changed in the others' stored
  // settings (a model gone, a value it cannot use). A first start, with nothing stored, gets the
  // current tab's line alone: six tabs' lines did not fit the status bar.
  QStringList messages;
  for (int i = 0; i < m_tabs->count(); ++i) {
    const QString m = resolvePanelModel(panel(i), stored[i]);
    if (m.isEmpty()) continue;
    if (i == m_tabs->currentIndex()) messages.prepend(m);
    else if (stored[i]) messages << m;
  }
  if (!messages.isEmpty()) statusBar()->showMessage(messages.join(QLatin1Char(' ')), 15000);
  refreshModelBox();
  m_history->setOutputFolder(outputFolder());
  m_history->loadFolder(outputFolder());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveSettings();
  m_worker->cancel();
  event->accept();
}

// ---- drag and drop ----------------------------------------------------------------------------

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  const QMimeData* mime = event->mimeData();
  if (mime->hasImage()) {
    event->acceptProposedAction();
    return;
  }
  for (const QUrl& url : mime->urls()) {
    const QString path = url.toLocalFile();
    if (!path.isEmpty() && (ModelCatalog::isModelFile(path) || isImageFile(path))) {
      event->acceptProposedAction();
      return;
    }
  }
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QMimeData* mime = event->mimeData();
  // Images go to the current task when it takes one, otherwise to inpainting.
  const int target = imageTab();
  bool handled = false;
  for (const QUrl& url : mime->urls()) {
    const QString path = url.toLocalFile();
    if (path.isEmpty()) continue;
    if (ModelCatalog::isModelFile(path)) {
      handled |= addModel(path);
    } else if (isImageFile(path)) {
      QString error;
      const QImage image = readImageFile(path, &error);
      if (image.isNull()) {
        showError(error);
        continue;
      }
      handled = true;
      // A PNG made by LDM Studio (or another A1111-compatible tool): restore its parameters in
      // the tab of its task; the picture goes where images go, or shows as that tab's result.
      GenerationRequest r;
      bool hasRequest = false;
      if (path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        try {
          r = ldm::request_from_png(QFile::encodeName(path).toStdString());
          hasRequest = true;
        } catch (const std::exception&) {
          // no metadata: an ordinary picture
        }
      }
      if (!hasRequest || restoreRequest(r, image, QFileInfo(path).fileName(), true) < 0) sendImageTo(target, image);
    }
  }
  if (!handled && mime->hasImage()) {
    sendImageTo(target, qvariant_cast<QImage>(mime->imageData()));
    handled = true;
  }
  if (handled) event->acceptProposedAction();
}

// ---- demo and screenshots ---------------------------------------------------------------------

void MainWindow::loadDemoContent() {
  // Shapes-world content that the bundled models understand (resources/models/MODEL_CARD.md), with
  // fixed seeds; sizes and sampler settings stay those of each tab's model.
  for (int i = 0; i < m_tabs->count(); ++i) {
    SamplerOptions* o = panel(i)->samplerOptions();
    o->randomSeedBox()->setChecked(false);
    o->seedBox()->setValue(3 + i);
    panel(i)->loadDemoContent();
  }
}

QString MainWindow::runDemoGeneration(int tab, int timeoutMs) {
  m_tabs->setCurrentIndex(tab);
  QEventLoop loop;
  QTimer timer;
  timer.setSingleShot(true);
  QString failure;
  const auto done = connect(m_worker.get(), &EngineWorker::jobFinished, &loop, [&loop] { loop.quit(); });
  const auto failed = connect(m_worker.get(), &EngineWorker::jobFailed, &loop, [&](int, const QString& message, ErrorCode) {
    failure = message;
    loop.quit();
  });
  connect(&timer, &QTimer::timeout, &loop, [&] {
    failure = tr("timed out");
    loop.quit();
  });
  generate();
  if (m_jobPanels.isEmpty()) {
    failure = m_messageLabel->text();  // the request was refused before it was queued
  } else {
    timer.start(timeoutMs);
    loop.exec();
  }
  disconnect(done);
  disconnect(failed);
  QApplication::processEvents();
  return failure;
}

QStringList MainWindow::runDemoGenerations(int timeoutMs) {
  QStringList failures;
  for (int i = 0; i < m_tabs->count(); ++i) {
    const QString failure = runDemoGeneration(i, timeoutMs);
    if (!failure.isEmpty()) failures << m_tabs->tabText(i) + QStringLiteral(": ") + failure;
  }
  return failures;
}

QStringList MainWindow::saveDemoScreenshots(const QString& dir, int timeoutMs, QStringList* failures, QStringList* skipped) {
  QDir().mkpath(dir);
  QStringList files;
  for (int i = 0; i < m_tabs->count(); ++i) {
    TaskPanel* p = panel(i);
    const QString ownModel = p->modelPath();
    for (Task task : p->modelTasks()) {
      const bool main = task == p->task();
      const QString bundled = QString::fromStdString(bundled_model_path(task));
      if (!main && bundled.isEmpty()) continue;  // a variant is shown only with its bundled model
      if (main && ownModel.isEmpty()) {
        if (skipped) *skipped << plainTitle(m_tabs->tabText(i)) + QStringLiteral(": ") + tr("no model");
        continue;
      }
      if (!main) {
        p->setModelPath(QFileInfo(bundled).absoluteFilePath());
        resolvePanelModel(p, false);
      }
      p->loadDemoContent();
      m_tabs->setCurrentIndex(i);
      refreshModelBox();
      const QString failure = runDemoGeneration(i, timeoutMs);
      if (!failure.isEmpty() && failures) *failures << plainTitle(m_tabs->tabText(i)) + QStringLiteral(": ") + failure;
      const QString path = QDir(dir).filePath(QStringLiteral("ldm-studio-%1-%2.png").arg(i + 1).arg(QString::fromUtf8(task_name(task))));
      if (grab().save(path)) files << path;
      if (!main) continue;
      for (const QString& variant : p->demoVariants()) {  // further shots of the tab with its own model
        p->loadDemoVariant(variant);
        const QString variantFailure = runDemoGeneration(i, timeoutMs);
        if (!variantFailure.isEmpty() && failures) *failures << plainTitle(m_tabs->tabText(i)) + QStringLiteral(" (") + variant + QStringLiteral("): ") + variantFailure;
        const QString variantPath = QDir(dir).filePath(QStringLiteral("ldm-studio-%1-%2.png").arg(i + 1).arg(variant));
        if (grab().save(variantPath)) files << variantPath;
        p->loadDemoContent();
      }
    }
    if (p->modelPath() != ownModel) {  // back to the tab's own model
      p->setModelPath(ownModel);
      resolvePanelModel(p, false);
      p->loadDemoContent();
    }
  }
  m_tabs->setCurrentIndex(0);
  refreshModelBox();
  return files;
}

QStringList MainWindow::saveScreenshots(const QString& dir) {
  QDir().mkpath(dir);
  QStringList files;
  const int previous = m_tabs->currentIndex();
  for (int i = 0; i < m_tabs->count(); ++i) {
    m_tabs->setCurrentIndex(i);
    QApplication::processEvents();
    const QString path = QDir(dir).filePath(QStringLiteral("ldm-studio-%1-%2.png").arg(i + 1).arg(panel(i)->key()));
    if (grab().save(path)) files << path;
  }
  m_tabs->setCurrentIndex(previous);
  return files;
}

}  // namespace ldm::ui
