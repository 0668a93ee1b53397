#pragma once
// MainWindow: the task tabs, the model/device/precision/output bar, the history, a message area
// for errors and a status bar with progress and Cancel. Generation requests go to the
// EngineWorker thread; nothing here touches LibTorch.
//
// A task tab is a TaskPanel registered with one addTaskTab line in the constructor; everything
// else here (model picker, results, history, drops, restore, screenshots) works through the
// TaskPanel interface.
#include <QHash>
#include <QList>
#include <QMainWindow>
#include <QPointer>

#include <memory>

#include "core/api/system_info.h"
#include "core/error.h"
#include "ui/engine_worker.h"
#include "ui/model_catalog.h"

class QComboBox;
class QDialog;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTabWidget;
class QToolButton;
class QFrame;
class QActionGroup;

namespace ldm::ui {

class HistoryPanel;
class Img2ImgPanel;
class InpaintPanel;
class LayoutPanel;
class SemanticPanel;
class TaskPanel;
class Txt2ImgPanel;
class UpscalePanel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // The built-in tabs, in the order they are registered.
  enum Tab { TextToImageTab, InpaintTab, LayoutTab, UpscaleTab, SemanticTab, ImageToImageTab };
  enum class HelpPage { GettingStarted, Shortcuts };
  // `backend` = nullptr: the real engine. Tests pass a fake.
  explicit MainWindow(std::unique_ptr<GenerationBackend> backend = nullptr, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Adds a checkpoint (or diffusers folder) to the picker and selects it in a tab whose task it
  // serves (the current tab when it does). False, with the reason shown, if it is not a usable model.
  bool addModel(const QString& path);
  // Takes the current tab's model off the picker (bundled models stay); false for a bundled one.
  bool removeCurrentModel();
  void rescanModels();
  // The models that serve `task`, bundled first.
  QList<CatalogEntry> modelsFor(Task task) const;
  // The models that serve any of `tasks`: the bundled ones in the order of the tasks, then the others.
  QList<CatalogEntry> modelsFor(const QList<Task>& tasks) const;
  void setOutputFolder(const QString& dir);
  QString outputFolder() const;
  // Where pictures go when the Output field is empty: <Pictures>/LDM Studio.
  static QString defaultOutputFolder();
  // The first start's window size on a screen whose free area (without panels) is `available`: 1280x820
  // where that fits with a window frame, else the free area less the frame, never below `minimum`.
  // `fits` says whether the default fitted; where it did not (a 1366x768 laptop), the window starts
  // maximised. A stored geometry replaces both.
  static QSize firstWindowSize(const QSize& available, const QSize& minimum, bool* fits = nullptr);
  void setAutoSave(bool on) { m_autoSave = on; }
  // Renders every tab with QWidget::grab into `dir`; returns the files written.
  QStringList saveScreenshots(const QString& dir);
  // The documentation's screenshots: for every tab, and for each task of its model picker that has a
  // bundled model (text to image: txt2img and sample), selects that model, fills in the demo content,
  // generates and grabs the window into dir/ldm-studio-<tab>-<task>.png; then, with the tab's own model,
  // one more for each of its demoVariants() (ldm-studio-<tab>-<variant>.png). A tab without any model is
  // skipped (noted in `skipped`); `failures` gets "tab: reason" for each run that failed.
  QStringList saveDemoScreenshots(const QString& dir, int timeoutMs, QStringList* failures, QStringList* skipped = nullptr);
  // Fills the tabs with shapes-world sample content the bundled models understand (a prompt, an
  // image with a mask, three layout boxes, a small input image) and fixed seeds. Nothing is saved.
  void loadDemoContent();
  // Runs one generation on every tab with the content of loadDemoContent() (the bundled models
  // unless a model is selected) and waits for each; returns "tab: reason" for each that failed.
  QStringList runDemoGenerations(int timeoutMs);
  void saveSettings() const;
  void loadSettings();

  // The translated sentence the window shows for an engine error of `code` in a run of `request`.
  QString explainError(ldm::ErrorCode code, const QString& engineMessage, const GenerationRequest& request) const;
  QString aboutText() const;
  // Opens (non-modal) and returns a help page.
  QDialog* showHelp(HelpPage page);
  // One line per keyboard shortcut: "Ctrl+Return — Generate".
  QStringList shortcutList() const;

  // For tests and scripting.
  QTabWidget* tabs() const { return m_tabs; }
  TaskPanel* panel(int tab) const;
  TaskPanel* currentPanel() const;
  Txt2ImgPanel* txt2imgPanel() const;
  InpaintPanel* inpaintPanel() const;
  LayoutPanel* layoutPanel() const;
  UpscalePanel* upscalePanel() const;
  SemanticPanel* semanticPanel() const;
  Img2ImgPanel* img2imgPanel() const;
  HistoryPanel* history() const { return m_history; }
  EngineWorker* worker() const { return m_worker.get(); }
  QComboBox* modelBox() const { return m_model; }
  QToolButton* removeModelButton() const { return m_removeModel; }
  QComboBox* deviceBox() const { return m_device; }
  QComboBox* precisionBox() const { return m_precision; }
  QLineEdit* outputEdit() const { return m_output; }
  QLabel* messageLabel() const { return m_messageLabel; }
  QFrame* messageArea() const { return m_messageArea; }
  QPushButton* cancelButton() const { return m_cancel; }
  QProgressBar* progressBar() const { return m_progress; }
  QLabel* progressLabel() const { return m_progressLabel; }
  QString lastError() const { return m_lastError; }
  bool systemKnown() const { return m_systemKnown; }
  // Settings > Memory use.
  MemoryUse memoryUse() const;
  void setMemoryUse(MemoryUse memory);
  const SystemInfo& systemInfo() const { return m_system; }

 public Q_SLOTS:
  void generate();
  void cancel();
  // `details` (the engine's own words) goes to the tooltip.
  void showError(const QString& message, const QString& details = QString());
  void clearError();
  void openImage();
  void addModelDialog();
  void chooseModelsFolder();
  void chooseOutputFolder();

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  // The one registration line of a task tab.
  void addTaskTab(TaskPanel* panel, const QString& icon, const QString& title);
  template <class T>
  T* findPanel() const;
  void buildMenus();
  QWidget* buildModelBar();
  void buildStatusBar();
  // Fills the model box with the models that serve the current tab's task and selects its model.
  void refreshModelBox();
  void onModelChosen(int index);
  const CatalogEntry* catalogEntry(const QString& path) const;
  // Settles `panel`'s model (its stored one when it is still offered, else the task's bundled one)
  // and its settings: the model's defaults when the model is new to the tab (or `keepSettings` is
  // false), else only what the model cannot use replaced. Returns a status-bar line, or "".
  QString resolvePanelModel(TaskPanel* panel, bool keepSettings);
  void applySystemInfo(const SystemInfo& info);
  void fillPrecisions();
  int imageTab() const;  // where images go when the current tab takes none
  int tabForTask(Task task) const;
  void sendImageTo(int tab, const QImage& image);
  // Generates on `tab` and waits (at most timeoutMs); returns why it failed, or "".
  QString runDemoGeneration(int tab, int timeoutMs);
  // Restores `request` in the tab of its task; `image` becomes that tab's input when `imageAsInput`
  // and the tab takes one, else it shows as the tab's result. Returns that tab, or -1.
  int restoreRequest(const GenerationRequest& request, const QImage& image, const QString& source, bool imageAsInput);
  void rebuildCatalog();
  // A model the user added (or a reopened picture named): kept across rescans and listed in the picker.
  void rememberModel(const CatalogEntry& model);
  void setBusy(bool busy);
  void onJobStarted(int jobId, const QString& task);
  void onPreview(int jobId, const QImage& image, int step, int total, bool decoded);
  void onProgress(int jobId, int step, int total, double itsPerSec, double etaSeconds);
  void onFinished(const JobResult& result);
  void onFailed(int jobId, const QString& message, ldm::ErrorCode code);
  void onCancelled(int jobId);

  std::unique_ptr<EngineWorker> m_worker;
  QTabWidget* m_tabs;
  HistoryPanel* m_history;
  QSplitter* m_splitter;
  QComboBox* m_model = nullptr;
  QToolButton* m_removeModel = nullptr;
  QComboBox* m_device;
  QComboBox* m_precision;
  QLineEdit* m_output;
  QFrame* m_messageArea;
  QLabel* m_messageLabel;
  QLabel* m_progressLabel;
  QProgressBar* m_progress;
  QPushButton* m_cancel;
  QActionGroup* m_languageGroup = nullptr;
  QActionGroup* m_memoryGroup = nullptr;  // Settings > Memory use: data "auto", "keep" or "low"
  QAction* m_autoSaveAction = nullptr;
  QList<CatalogEntry> m_catalog;
  QStringList m_addedModels;   // added by hand (kept across rescans)
  QStringList m_hiddenModels;  // taken off the picker by the user
  QString m_modelsFolder;
  QString m_lastError;
  QString m_wantDevice = QStringLiteral("cpu");
  QString m_wantPrecision = QStringLiteral("fp32");
  SystemInfo m_system;
  bool m_systemKnown = false;
  bool m_autoSave = true;
  QHash<int, QPointer<TaskPanel>> m_jobPanels;
  QHash<int, GenerationRequest> m_jobRequests;
};

// Installs the translation for `language` ("" = the system locale, "en", "de", "zh_CN").
void installTranslations(const QString& language);

}  // namespace ldm::ui
