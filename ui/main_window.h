#pragma once
// MainWindow: the four task tabs, the model/device/precision/output bar, the history, a
// message area for errors and a status bar with progress and Cancel. Generation requests go
// to the EngineWorker thread; nothing here touches LibTorch.
#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <memory>

#include "ui/engine_worker.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTabWidget;
class QFrame;
class QActionGroup;

namespace ldm::ui {

class HistoryPanel;
class InpaintPanel;
class LayoutPanel;
class TaskPanel;
class Txt2ImgPanel;
class UpscalePanel;
struct CatalogEntry;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  enum Tab { TextToImageTab, InpaintTab, LayoutTab, UpscaleTab };
  // `backend` = nullptr: the real engine. Tests pass a fake.
  explicit MainWindow(std::unique_ptr<GenerationBackend> backend = nullptr, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Adds a checkpoint (or diffusers folder) to the picker and selects it. False if not a model.
  bool addModel(const QString& path);
  void rescanModels();
  void setOutputFolder(const QString& dir);
  QString outputFolder() const;
  void setAutoSave(bool on) { m_autoSave = on; }
  // Renders every tab with QWidget::grab into `dir`; returns the files written.
  QStringList saveScreenshots(const QString& dir);
  // Fills the tabs with shapes-world sample content the bundled models understand (a prompt, an
  // image with a mask, three layout boxes, a small input image) and fixed seeds. Nothing is saved.
  void loadDemoContent();
  // Runs one generation on every tab with the content of loadDemoContent() (the bundled models
  // unless a model is selected) and waits for each; returns "tab: reason" for each that failed.
  QStringList runDemoGenerations(int timeoutMs);
  void saveSettings() const;
  void loadSettings();

  // For tests and scripting.
  QTabWidget* tabs() const { return m_tabs; }
  Txt2ImgPanel* txt2imgPanel() const { return m_txt2img; }
  InpaintPanel* inpaintPanel() const { return m_inpaint; }
  LayoutPanel* layoutPanel() const { return m_layout; }
  UpscalePanel* upscalePanel() const { return m_upscale; }
  HistoryPanel* history() const { return m_history; }
  EngineWorker* worker() const { return m_worker.get(); }
  QComboBox* modelBox() const { return m_model; }
  QComboBox* deviceBox() const { return m_device; }
  QComboBox* precisionBox() const { return m_precision; }
  QLabel* messageLabel() const { return m_messageLabel; }
  QFrame* messageArea() const { return m_messageArea; }
  QPushButton* cancelButton() const { return m_cancel; }
  QProgressBar* progressBar() const { return m_progress; }
  QLabel* progressLabel() const { return m_progressLabel; }
  QString lastError() const { return m_lastError; }

 public Q_SLOTS:
  void generate();
  void cancel();
  void showError(const QString& message);
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
  void buildMenus();
  QWidget* buildModelBar();
  void buildStatusBar();
  void addModelItem(const CatalogEntry& entry);
  // The layout editor offers the class list of the layout model in use (its classes.json, or OpenImages).
  void updateLayoutClasses();
  void sendImageTo(Tab tab, const QImage& image);
  // Parameters of a PNG's metadata into the tab of its task (set in `tab`); false without metadata.
  bool restoreParameters(const QString& path, Tab* tab);
  void setBusy(bool busy);
  TaskPanel* panel(int tab) const;
  void onJobStarted(int jobId, const QString& task);
  void onPreview(int jobId, const QImage& image, int step, int total);
  void onProgress(int jobId, int step, int total, double itsPerSec, double etaSeconds);
  void onFinished(const JobResult& result);
  void onFailed(int jobId, const QString& message);
  void onCancelled(int jobId);

  std::unique_ptr<EngineWorker> m_worker;
  QTabWidget* m_tabs;
  Txt2ImgPanel* m_txt2img;
  InpaintPanel* m_inpaint;
  LayoutPanel* m_layout = nullptr;
  UpscalePanel* m_upscale;
  HistoryPanel* m_history;
  QSplitter* m_splitter;
  QComboBox* m_model = nullptr;
  QComboBox* m_device;
  QComboBox* m_precision;
  QLineEdit* m_output;
  QFrame* m_messageArea;
  QLabel* m_messageLabel;
  QLabel* m_progressLabel;
  QProgressBar* m_progress;
  QPushButton* m_cancel;
  QActionGroup* m_languageGroup = nullptr;
  QString m_modelsFolder;
  QString m_lastError;
  bool m_autoSave = true;
  QHash<int, QPointer<TaskPanel>> m_jobPanels;
};

// Installs the translation for `language` ("" = the system locale, "en", "de", "zh_CN").
void installTranslations(const QString& language);

}  // namespace ldm::ui
