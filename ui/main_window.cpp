#include "ui/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QDir>
#include <QEventLoop>
#include <QTimer>
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
#include <QPlainTextEdit>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolButton>
#include <QTranslator>
#include <QVBoxLayout>

#include "core/api/engine.h"
#include "core/imaging/png_metadata.h"
#include "core/training/shapes_world.h"
#include "ui/history_panel.h"
#include "ui/sampler_options.h"
#include "ui/image_views.h"
#include "ui/layout_canvas.h"
#include "ui/layout_model.h"
#include "ui/mask_canvas.h"
#include "ui/inpaint_panel.h"
#include "ui/layout_panel.h"
#include "ui/model_catalog.h"
#include "ui/result_io.h"
#include "ui/sampler_options.h"
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
}  // namespace

void installTranslations(const QString& language) {
  static QTranslator* appTranslator = nullptr;
  static QTranslator* qtTranslator = nullptr;
  for (QTranslator** t : {&appTranslator, &qtTranslator}) {
    if (*t) {
      QCoreApplication::removeTranslator(*t);
      delete *t;
      *t = nullptr;
    }
  }
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

  m_txt2img = new Txt2ImgPanel;
  m_inpaint = new InpaintPanel;
  m_layout = new LayoutPanel;
  m_upscale = new UpscalePanel;
  m_tabs = new QTabWidget;
  m_tabs->setDocumentMode(true);
  m_tabs->addTab(m_txt2img, QIcon(QStringLiteral(":/icons/text2image.svg")), tr("&Text to image"));
  m_tabs->addTab(m_inpaint, QIcon(QStringLiteral(":/icons/inpaint.svg")), tr("&Inpaint"));
  m_tabs->addTab(m_layout, QIcon(QStringLiteral(":/icons/layout.svg")), tr("&Layout"));
  m_tabs->addTab(m_upscale, QIcon(QStringLiteral(":/icons/upscale.svg")), tr("S&uper-resolution"));
  for (int i = 0; i < m_tabs->count(); ++i) {
    connect(panel(i), &TaskPanel::generateRequested, this, &MainWindow::generate);
    connect(panel(i), &TaskPanel::errorOccurred, this, &MainWindow::showError);
  }

  m_history = new HistoryPanel;
  connect(m_history, &HistoryPanel::sendToInpaint, this, [this](const QImage& im) { sendImageTo(InpaintTab, im); });
  connect(m_history, &HistoryPanel::sendToUpscale, this, [this](const QImage& im) { sendImageTo(UpscaleTab, im); });
  connect(m_history, &HistoryPanel::errorOccurred, this, &MainWindow::showError);
  connect(m_history, &HistoryPanel::showRequested, this, [this](const QImage& im) {
    if (TaskPanel* p = panel(m_tabs->currentIndex())) p->showResult(im);
  });
  connect(m_upscale, &UpscalePanel::saveRequested, this, [this](const QImage& im) {
    QString error;
    const QString path = uniqueFilePath(outputFolder(), QStringLiteral("upscale"));
    if (!saveResultImage(im, path, nullptr, &error)) {
      showError(error);
    } else {
      statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    }
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
  auto* dismiss = new QToolButton;
  dismiss->setIcon(QIcon(QStringLiteral(":/icons/delete.svg")));
  dismiss->setToolTip(tr("Dismiss"));
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
  connect(m_worker.get(), &EngineWorker::idle, this, [this] {
    if (!m_worker->isBusy()) setBusy(false);
  });

  resize(1280, 820);
  loadSettings();
  m_tabs->currentWidget()->setFocus();
}

MainWindow::~MainWindow() {
  // Stop the worker before the panels it reports to go away.
  m_worker.reset();
}

TaskPanel* MainWindow::panel(int tab) const { return qobject_cast<TaskPanel*>(m_tabs->widget(tab)); }

QWidget* MainWindow::buildModelBar() {
  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);

  m_model = new QComboBox;
  m_model->setMinimumContentsLength(28);
  m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_model->setToolTip(tr("Checkpoint to use; drop .ckpt or .safetensors files on the window to add them."));
  auto* modelLabel = new QLabel(tr("&Model:"));
  modelLabel->setBuddy(m_model);
  auto* addModel = new QToolButton;
  addModel->setIcon(QIcon(QStringLiteral(":/icons/model.svg")));
  addModel->setToolTip(tr("Add a model file…"));
  connect(addModel, &QToolButton::clicked, this, &MainWindow::addModelDialog);
  connect(m_model, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { updateLayoutClasses(); });

  m_device = new QComboBox;
  m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
  m_device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
  auto* deviceLabel = new QLabel(tr("&Device:"));
  deviceLabel->setBuddy(m_device);

  m_precision = new QComboBox;
  m_precision->addItem(tr("fp32 (full)"), QStringLiteral("fp32"));
  m_precision->addItem(tr("fp16 (half)"), QStringLiteral("fp16"));
  m_precision->addItem(tr("bf16"), QStringLiteral("bf16"));
  auto* precisionLabel = new QLabel(tr("&Precision:"));
  precisionLabel->setBuddy(m_precision);

  m_output = new QLineEdit;
  m_output->setPlaceholderText(tr("Folder for generated images"));
  auto* outputLabel = new QLabel(tr("&Output:"));
  outputLabel->setBuddy(m_output);
  auto* browse = new QToolButton;
  browse->setIcon(QIcon(QStringLiteral(":/icons/open.svg")));
  browse->setToolTip(tr("Choose the output folder…"));
  connect(browse, &QToolButton::clicked, this, &MainWindow::chooseOutputFolder);

  row->addWidget(modelLabel);
  row->addWidget(m_model, 2);
  row->addWidget(addModel);
  row->addSpacing(8);
  row->addWidget(deviceLabel);
  row->addWidget(m_device);
  row->addWidget(precisionLabel);
  row->addWidget(m_precision);
  row->addSpacing(8);
  row->addWidget(outputLabel);
  row->addWidget(m_output, 1);
  row->addWidget(browse);
  return bar;
}

void MainWindow::buildStatusBar() {
  m_progressLabel = new QLabel;
  m_progress = new QProgressBar;
  m_progress->setMaximumWidth(240);
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
  QAction* open = file->addAction(QIcon(QStringLiteral(":/icons/open.svg")), tr("&Open image…"), this, &MainWindow::openImage);
  open->setShortcut(QKeySequence::Open);
  file->addAction(QIcon(QStringLiteral(":/icons/model.svg")), tr("&Add model…"), this, &MainWindow::addModelDialog);
  file->addAction(tr("&Models folder…"), this, &MainWindow::chooseModelsFolder);
  file->addAction(tr("O&utput folder…"), this, &MainWindow::chooseOutputFolder);
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
  QAction* autoSave = settings->addAction(tr("Save results &automatically"));
  autoSave->setCheckable(true);
  autoSave->setChecked(m_autoSave);
  connect(autoSave, &QAction::toggled, this, [this](bool on) { m_autoSave = on; });
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
  help->addAction(tr("&About LDM Studio"), this, [this] {
    QMessageBox::about(this, tr("About LDM Studio"),
                       tr("<b>LDM Studio</b> %1<br>Latent diffusion models (text to image, inpainting, layout to "
                          "image, super-resolution) on your own computer.")
                           .arg(QCoreApplication::applicationVersion()));
  });
}

void MainWindow::addModelItem(const CatalogEntry& entry) {
  if (m_model->findData(entry.path) >= 0) return;
  m_model->addItem(QIcon(QStringLiteral(":/icons/model.svg")), entry.label(), entry.path);
  m_model->setItemData(m_model->count() - 1, entry.valid() ? entry.path : entry.error, Qt::ToolTipRole);
}

void MainWindow::updateLayoutClasses() {
  if (!m_layout) return;
  QString model = m_model ? m_model->currentData().toString() : QString();
  if (model.isEmpty()) model = QString::fromStdString(ldm::bundled_model_path(ldm::Task::Layout));
  if (model.isEmpty()) return;
  const CatalogEntry entry = ModelCatalog::identify(model);
  if (!entry.serves(ldm::Task::Layout)) return;  // another tab's model: the layout tab keeps its classes
  QStringList names;
  for (const std::string& n : entry.info.class_names) names << QString::fromStdString(n);
  m_layout->setClassNames(names);
}

void MainWindow::rescanModels() {
  const QString selected = m_model->currentData().toString();
  QStringList extra;
  for (int i = 0; i < m_model->count(); ++i) {
    if (m_model->itemData(i, Qt::UserRole + 1).toBool()) extra << m_model->itemData(i).toString();
  }
  m_model->clear();
  m_model->addItem(tr("Default model for the task"), QString());
  for (const CatalogEntry& m : ModelCatalog::scan(resourcePath(QStringLiteral("models")), true)) addModelItem(m);
  for (const CatalogEntry& m : ModelCatalog::scan(m_modelsFolder)) addModelItem(m);
  for (const QString& path : extra) {
    addModelItem(ModelCatalog::identify(path));
    m_model->setItemData(m_model->findData(path), true, Qt::UserRole + 1);
  }
  const int i = m_model->findData(selected);
  m_model->setCurrentIndex(i >= 0 ? i : 0);
}

bool MainWindow::addModel(const QString& path) {
  if (!ModelCatalog::isModelFile(path)) {
    showError(tr("%1 is not a model: use a .ckpt or .safetensors file or a diffusers folder.").arg(path));
    return false;
  }
  const CatalogEntry info = ModelCatalog::identify(path);
  if (!info.valid()) {
    showError(tr("%1 is not a model LDM Studio can use: %2").arg(path, info.error));
    return false;
  }
  addModelItem(info);
  const int i = m_model->findData(info.path);
  m_model->setItemData(i, true, Qt::UserRole + 1);  // added by hand: kept across rescans
  m_model->setCurrentIndex(i);
  statusBar()->showMessage(tr("Added model %1").arg(info.name), 5000);
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

void MainWindow::setOutputFolder(const QString& dir) { m_output->setText(dir); }

QString MainWindow::outputFolder() const {
  const QString dir = m_output->text().trimmed();
  if (!dir.isEmpty()) return dir;
  return QDir(QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).filePath(QStringLiteral("LDM Studio"));
}

void MainWindow::chooseOutputFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Output folder"), outputFolder());
  if (!dir.isEmpty()) setOutputFolder(dir);
}

void MainWindow::openImage() {
  const int tab = panel(m_tabs->currentIndex())->acceptsImage() ? m_tabs->currentIndex() : InpaintTab;
  const QString path = QFileDialog::getOpenFileName(this, tr("Open image"), QString(), imageFileFilter());
  if (path.isEmpty()) return;
  QImageReader reader(path);
  reader.setAutoTransform(true);
  const QImage image = reader.read();
  if (image.isNull()) {
    showError(tr("Cannot open %1: %2").arg(path, reader.errorString()));
    return;
  }
  sendImageTo(Tab(tab), image);
}

void MainWindow::sendImageTo(Tab tab, const QImage& image) {
  panel(tab)->setInputImage(image);
  m_tabs->setCurrentIndex(tab);
}

void MainWindow::showError(const QString& message) {
  m_lastError = message;
  m_messageLabel->setText(message);
  m_messageArea->show();
  qWarning("%s", qPrintable(message));
}

void MainWindow::clearError() {
  m_messageArea->hide();
  m_messageLabel->clear();
}

void MainWindow::setBusy(bool busy) {
  m_cancel->setEnabled(busy);
  m_progress->setVisible(busy);
  if (!busy) {
    m_progressLabel->clear();
    m_progress->reset();
  }
}

void MainWindow::generate() {
  TaskPanel* p = panel(m_tabs->currentIndex());
  GenerationRequest request;
  QString error;
  if (!p->buildRequest(&request, &error)) {
    showError(error);
    return;
  }
  clearError();
  request.model = m_model->currentData().toString().toStdString();
  request.device = m_device->currentData().toString().toStdString();
  request.precision = m_precision->currentData().toString().toStdString();
  const int64_t seed = p->samplerOptions()->nextSeed();
  const int count = p->samplerOptions()->batchCount();
  for (int i = 0; i < count; ++i) {
    request.seed = seed + i;
    const int id = m_worker->submit(request);
    m_jobPanels.insert(id, p);
  }
  setBusy(true);
  statusBar()->showMessage(tr("Queued %n image(s)", nullptr, count));
}

void MainWindow::cancel() {
  if (!m_worker->isBusy()) return;
  m_worker->cancel();
  statusBar()->showMessage(tr("Cancelling…"));
}

void MainWindow::onJobStarted(int, const QString& task) {
  setBusy(true);
  m_progress->setRange(0, 0);
  statusBar()->showMessage(tr("Running %1… (loading the model)").arg(task));
}

void MainWindow::onPreview(int jobId, const QImage& image, int step, int total) {
  if (TaskPanel* p = m_jobPanels.value(jobId)) p->showPreview(image, step, total);
}

void MainWindow::onProgress(int, int step, int total, double itsPerSec, double etaSeconds) {
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
  for (const QImage& image : result.images) {
    HistoryEntry entry;
    entry.image = image;
    entry.request = result.request;
    entry.modelName = result.modelName;
    entry.seconds = result.seconds;
    if (m_autoSave) {
      QString error;
      const QString path = uniqueFilePath(outputFolder(), resultBaseName(result.request));
      if (saveResultImage(image, path, &result.request, &error)) {
        entry.savedPath = path;
      } else {
        showError(error);
      }
    }
    m_history->addEntry(entry);
    if (p) p->showResult(image);
  }
  if (p) p->samplerOptions()->setLastSeed(result.request.seed);
  QString message = tr("Done in %1 s").arg(result.seconds, 0, 'f', 1);
  if (!result.warnings.isEmpty()) message += QStringLiteral(" — ") + result.warnings.join(QStringLiteral("; "));
  statusBar()->showMessage(message);
}

void MainWindow::onFailed(int jobId, const QString& message) {
  m_jobPanels.remove(jobId);
  showError(tr("Generation failed: %1").arg(message));
  statusBar()->showMessage(tr("Failed"));
}

void MainWindow::onCancelled(int jobId) {
  m_jobPanels.remove(jobId);
  statusBar()->showMessage(tr("Cancelled"));
}

void MainWindow::saveSettings() const {
  QSettings s;
  s.setValue(QStringLiteral("window/geometry"), saveGeometry());
  s.setValue(QStringLiteral("window/state"), saveState());
  s.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
  s.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
  s.setValue(QStringLiteral("models/folder"), m_modelsFolder);
  s.setValue(QStringLiteral("models/current"), m_model->currentData());
  QStringList added;
  for (int i = 0; i < m_model->count(); ++i) {
    if (m_model->itemData(i, Qt::UserRole + 1).toBool()) added << m_model->itemData(i).toString();
  }
  s.setValue(QStringLiteral("models/added"), added);
  s.setValue(QStringLiteral("device"), m_device->currentData());
  s.setValue(QStringLiteral("precision"), m_precision->currentData());
  s.setValue(QStringLiteral("output/folder"), m_output->text());
  s.setValue(QStringLiteral("output/autoSave"), m_autoSave);
  for (int i = 0; i < m_tabs->count(); ++i) panel(i)->saveSettings(s);
}

void MainWindow::loadSettings() {
  QSettings s;
  if (s.contains(QStringLiteral("window/geometry"))) restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(s.value(QStringLiteral("window/state")).toByteArray());
  m_splitter->restoreState(s.value(QStringLiteral("window/splitter")).toByteArray());
  m_tabs->setCurrentIndex(s.value(QStringLiteral("window/tab"), 0).toInt());
  m_modelsFolder = s.value(QStringLiteral("models/folder")).toString();
  rescanModels();
  for (const QString& path : s.value(QStringLiteral("models/added")).toStringList()) {
    if (QFileInfo::exists(path)) {
      addModelItem(ModelCatalog::identify(path));
      m_model->setItemData(m_model->findData(QFileInfo(path).absoluteFilePath()), true, Qt::UserRole + 1);
    }
  }
  const int model = m_model->findData(s.value(QStringLiteral("models/current")));
  if (model >= 0) m_model->setCurrentIndex(model);
  const int device = m_device->findData(s.value(QStringLiteral("device"), QStringLiteral("cpu")));
  if (device >= 0) m_device->setCurrentIndex(device);
  const int precision = m_precision->findData(s.value(QStringLiteral("precision"), QStringLiteral("fp32")));
  if (precision >= 0) m_precision->setCurrentIndex(precision);
  m_output->setText(s.value(QStringLiteral("output/folder")).toString());
  m_autoSave = s.value(QStringLiteral("output/autoSave"), true).toBool();
  for (int i = 0; i < m_tabs->count(); ++i) panel(i)->loadSettings(s);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveSettings();
  m_worker->cancel();
  event->accept();
}

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

bool MainWindow::restoreParameters(const QString& path, Tab* tab) {
  if (!path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) return false;
  GenerationRequest r;
  try {
    r = ldm::request_from_png(path.toStdString());
  } catch (const std::exception&) {
    return false;  // no metadata: an ordinary picture
  }
  switch (r.task) {
    case ldm::Task::Txt2Img:
    case ldm::Task::Img2Img: *tab = TextToImageTab; break;
    case ldm::Task::Inpaint: *tab = InpaintTab; break;
    case ldm::Task::Layout: *tab = LayoutTab; break;
    case ldm::Task::Upscale: *tab = UpscaleTab; break;
  }
  panel(*tab)->applyRequest(r);
  m_tabs->setCurrentIndex(*tab);
  statusBar()->showMessage(tr("Parameters restored from %1").arg(QFileInfo(path).fileName()));
  return true;
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QMimeData* mime = event->mimeData();
  // Images go to the current task when it takes one, otherwise to inpainting.
  const int current = m_tabs->currentIndex();
  const Tab imageTab = panel(current)->acceptsImage() ? Tab(current) : InpaintTab;
  bool handled = false;
  for (const QUrl& url : mime->urls()) {
    const QString path = url.toLocalFile();
    if (path.isEmpty()) continue;
    if (ModelCatalog::isModelFile(path)) {
      handled |= addModel(path);
    } else if (isImageFile(path)) {
      QImageReader reader(path);
      reader.setAutoTransform(true);
      const QImage image = reader.read();
      if (image.isNull()) {
        showError(tr("Cannot open %1: %2").arg(path, reader.errorString()));
      } else {
        handled = true;
        // A PNG made by LDM Studio (or another A1111-compatible tool): restore its parameters in
        // the tab of its task; the picture goes where images go, or shows as that tab's result.
        Tab metaTab = imageTab;
        if (restoreParameters(path, &metaTab)) {
          if (panel(metaTab)->acceptsImage()) sendImageTo(metaTab, image);
          else panel(metaTab)->showResult(image);
        } else {
          sendImageTo(imageTab, image);
        }
      }
    }
  }
  if (!handled && mime->hasImage()) {
    sendImageTo(imageTab, qvariant_cast<QImage>(mime->imageData()));
    handled = true;
  }
  if (handled) event->acceptProposedAction();
}

namespace {

QImage toQImage(const ldm::Image& im) {
  return QImage(im.pixels.data(), im.width, im.height, im.width * 3, QImage::Format_RGB888).copy();
}

}  // namespace

void MainWindow::loadDemoContent() {
  // Shapes-world content that the bundled models understand (resources/models/MODEL_CARD.md).
  const ldm::ShapesWorld world(ldm::ShapesWorldOptions{2});
  for (int i = 0; i < m_tabs->count(); ++i) {
    SamplerOptions* o = panel(i)->samplerOptions();
    o->randomSeedBox()->setChecked(false);
    o->seedBox()->setValue(3 + i);
    o->stepsBox()->setValue(25);
    if (o->cfgBox()) o->cfgBox()->setValue(4.0);
  }
  m_txt2img->promptEdit()->setPlainText(QStringLiteral("a red circle above a small blue square"));
  m_txt2img->negativeEdit()->clear();
  // The bundled models' native size.
  for (SizeSpinBox* b : {m_txt2img->widthBox(), m_txt2img->heightBox(), m_layout->widthBox(), m_layout->heightBox()}) b->setValue(64);

  // Inpainting: a scene whose yellow star was left out, the mask over where it belongs, and the
  // scene's caption as the prompt.
  ldm::ShapeObject star, triangle;
  star.shape = static_cast<int>(ldm::ShapeKind::Star), star.colour = 2, star.size = 2, star.cx = 0.3, star.cy = 0.32;
  triangle.shape = static_cast<int>(ldm::ShapeKind::Triangle), triangle.colour = 3, triangle.size = 1;
  triangle.cx = 0.72, triangle.cy = 0.7;
  star.radius = 0.2, triangle.radius = 0.14;
  const ldm::ShapeScene scene = world.scene_with({star, triangle}, 5);
  m_inpaint->setInputImage(toQImage(ldm::render_scene(scene, 64, 0)));
  QImage mask(64, 64, QImage::Format_Grayscale8);
  mask.fill(0);
  {
    QPainter p(&mask);
    p.fillRect(QRectF(QPointF((star.x0() - 0.05) * 64, (star.y0() - 0.05) * 64), QPointF((star.x1() + 0.05) * 64, (star.y1() + 0.05) * 64)), Qt::white);
  }
  m_inpaint->canvas()->setMask(mask);
  m_inpaint->promptEdit()->setPlainText(QString::fromStdString(scene.caption));

  updateLayoutClasses();
  m_layout->model()->addBox({QStringLiteral("red circle"), QRectF(QPointF(0.08, 0.1), QPointF(0.42, 0.44))});
  m_layout->model()->addBox({QStringLiteral("blue square"), QRectF(QPointF(0.55, 0.52), QPointF(0.85, 0.82))});
  m_layout->model()->addBox({QStringLiteral("yellow triangle"), QRectF(QPointF(0.12, 0.6), QPointF(0.38, 0.86))});
  m_layout->canvas()->selectRow(1);

  // Super-resolution: a 16x16 picture (area-downsampled) to be made 64x64.
  const QImage big = toQImage(ldm::render_scene(world.scene(7), 64));
  m_upscale->setInputImage(big.scaled(16, 16, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
}

QStringList MainWindow::runDemoGenerations(int timeoutMs) {
  QStringList failures;
  for (int i = 0; i < m_tabs->count(); ++i) {
    m_tabs->setCurrentIndex(i);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QString failure;
    const auto done = connect(m_worker.get(), &EngineWorker::jobFinished, &loop, [&loop] { loop.quit(); });
    const auto failed = connect(m_worker.get(), &EngineWorker::jobFailed, &loop, [&](int, const QString& message) {
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
    if (!failure.isEmpty()) failures << m_tabs->tabText(i) + QStringLiteral(": ") + failure;
  }
  return failures;
}

QStringList MainWindow::saveScreenshots(const QString& dir) {
  QDir().mkpath(dir);
  QStringList files;
  const char* names[] = {"txt2img", "inpaint", "layout", "upscale"};
  const int previous = m_tabs->currentIndex();
  for (int i = 0; i < m_tabs->count(); ++i) {
    m_tabs->setCurrentIndex(i);
    QApplication::processEvents();
    const QString path = QDir(dir).filePath(QStringLiteral("ldm-studio-%1-%2.png").arg(i + 1).arg(QLatin1String(names[i])));
    if (grab().save(path)) files << path;
  }
  m_tabs->setCurrentIndex(previous);
  return files;
}

}  // namespace ldm::ui
