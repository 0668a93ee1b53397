#pragma once
// TaskPanel: what the task tabs have in common, so that a new tab is its own panel plus one
// registration line in MainWindow (MainWindow::addTaskTab). The base owns
//  - the task it runs and the model it runs with (the window's model picker lists, per tab, the
//    models that serve the tab's task), and the settings that follow that model;
//  - the sampler settings (SamplerOptions) and the Generate button;
//  - the widgets most tabs have, each made by its create* function (nullptr in a tab without it):
//    the prompt and negative prompt, the output size row, the canvas tool bar and its undo/redo.
//    The base keeps them in the settings, restores them from a picture's request and fits the size
//    to the model, so that a tab does only what is its own;
//  - for tabs that run Stable Diffusion models, the LoRAs and VAE (LoraVaeOptions): filled into the
//    request (makeRequest), restored from pictures, following the model and kept in the settings;
//  - the result pane: previews during a run (one kind per run; the last one marked when the run is
//    cancelled) and the final picture;
//  - the image opener (a file dialog whose picture goes to setInputImage).
#include <QImage>
#include <QList>
#include <QPair>
#include <QStringList>
#include <QWidget>

#include <functional>

#include "core/api/generation_request.h"

class QAction;
class QActionGroup;
class QDoubleSpinBox;
class QKeySequence;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QToolBar;
class QUndoStack;

namespace ldm {
struct ModelInfo;
}

namespace ldm::ui {

class ImageView;
class LoraVaeOptions;
class SamplerOptions;
class SizeSpinBox;

class TaskPanel : public QWidget {
  Q_OBJECT
 public:
  // What the result pane shows.
  enum class ResultState { Empty, Preview, Result, Cancelled };

  explicit TaskPanel(Task task, QWidget* parent = nullptr);

  // The engine task this tab runs; the model picker lists the models that serve it.
  Task task() const { return m_task; }
  // The tasks whose saved parameters (a PNG's metadata) this tab restores; task() first.
  virtual QList<Task> restoredTasks() const { return {m_task}; }
  // The tasks whose models the tab's model picker offers, task() first (its bundled model is the
  // tab's default); the request's task follows the chosen model (text to image: txt2img or sample).
  virtual QList<Task> modelTasks() const { return {m_task}; }
  // Settings group and screenshot name: the task's name ("txt2img", "inpaint", ...).
  QString key() const;

  // Fills the task-specific fields of `request` (task, prompt, size, inputs, sampler). Returns
  // false with a one-line, translated `error` when the form is incomplete.
  virtual bool buildRequest(GenerationRequest* request, QString* error) const = 0;
  // buildRequest, then what the base owns for every tab (LoRAs and VAE). The window generates with it.
  bool makeRequest(GenerationRequest* request, QString* error) const;
  SamplerOptions* samplerOptions() const { return m_options; }
  // nullptr for tabs whose models take no LoRA.
  LoraVaeOptions* loraVaeOptions() const { return m_loraVae; }
  // The widgets most tabs have (nullptr where the tab has none: e.g. no size row where the input
  // image sets the size, no negative prompt for inpainting).
  QPushButton* generateButton() const { return m_generate; }
  QPlainTextEdit* promptEdit() const { return m_prompt; }
  QPlainTextEdit* negativeEdit() const { return m_negative; }
  SizeSpinBox* widthBox() const { return m_width; }
  // In tabs that compose the picture from noise, below their sampler options: shown while the size is
  // more than twice the area the model was trained at (createSizeRow); null in the other tabs.
  QLabel* sizeNote() const { return m_sizeNote; }
  SizeSpinBox* heightBox() const { return m_height; }
  QToolBar* toolBar() const { return m_toolBar; }
  QAction* undoAction() const { return m_undo; }
  QAction* redoAction() const { return m_redo; }

  // The model the tab runs (a path; empty = none).
  QString modelPath() const { return m_modelPath; }
  void setModelPath(const QString& path) { m_modelPath = path; }
  // The tab's model is `model` (on start and whenever it changes): what the form offers follows it
  // (layout: its class names; super-resolution: its scale factor).
  virtual void useModel(const ModelInfo&) {}
  // What the window calls when the tab's model is settled: the base's own widgets follow `model`,
  // then useModel.
  void followModel(const ModelInfo& model);
  // Shows the model's own settings in the widgets (core/api/model_info.h ModelDefaults, and its
  // native size in the size row). Subclasses add their own fields and call the base.
  virtual void applyModelDefaults(const ModelInfo& model);
  // Replaces settings that `model` cannot use (the base: a size that is not a multiple of the
  // model's); returns one translated line per replacement.
  virtual QStringList fitToModel(const ModelInfo& model);

  // The result pane. A run: startRun(), noteStep() and showPreview() as steps finish, then showResult()
  // or markCancelled(). Within one run every preview is of the kind of the first one (decoded or
  // projected); a preview of the other kind is not shown. A cancelled run's last preview is greyed and
  // captioned as cancelled; cancelled before its first preview, the pane says so over what it showed.
  void startRun();
  void noteStep(int step, int total);  // progress of the run (previews may skip steps)
  void showPreview(const QImage& image, int step, int total, bool decoded);
  void showResult(const QImage& image, const QString& caption = QString());
  void markCancelled();
  ResultState resultState() const { return m_state; }
  QString resultCaption() const { return m_caption; }
  QImage resultImage() const { return m_shown; }
  // The widget of the result pane (an ImageView, or the panel's own kind).
  virtual QWidget* resultWidget() const;

  // Whether dropped/sent images go to this task, and the receiving end.
  virtual bool acceptsImage() const { return false; }
  virtual void setInputImage(const QImage&) {}
  // Whether a reopened picture of this tab's task becomes its input (inpaint: repaint it further) or
  // shows as its result (image to image: its input was another picture, restored by applyRequest).
  virtual bool reopensPictureAsInput() const { return acceptsImage(); }
  // Restores the parameters of a request (e.g. from a dropped PNG's metadata): the sampler
  // options, LoRAs, VAE and prompts, then the task's own fields (applyOwnRequest), then the size
  // (last: an input image restored by the tab would set its own). Input images are restored where
  // the request holds them (a history entry of this session; pictures on disk do not).
  void applyRequest(const GenerationRequest& request);
  // The tab's model, sampler settings and its own fields (persist(), saveOwnSettings) under key().
  void saveSettings(QSettings& settings) const;
  void loadSettings(QSettings& settings);
  // Whether the settings hold this tab's model (settings older than the per-tab model do not).
  static bool hasStoredModel(QSettings& settings, const QString& key);
  // Fills the tab with shapes-world sample content the bundled models understand (screenshots).
  virtual void loadDemoContent() {}
  // Further screenshots of the tab (e.g. inpaint: "outpaint"), each after loadDemoVariant(name); the
  // screenshot is ldm-studio-<tab>-<name>.png.
  virtual QStringList demoVariants() const { return {}; }
  virtual void loadDemoVariant(const QString&) {}

 public Q_SLOTS:
  // A file dialog; the picture goes to setInputImage (panels that accept images).
  void openImage();

 Q_SIGNALS:
  void generateRequested();
  void errorOccurred(const QString& message);
  void saveRequested(const QImage& image);
  // A passing note for the status bar (e.g. what an import changed).
  void statusMessage(const QString& message);

 protected:
  // Keeps `widget`'s value in the tab's settings as key()/name (saveSettings, loadSettings; absent, the
  // widget keeps the value it has): a QSpinBox or QDoubleSpinBox, a checkable button or group box, a
  // slider, or a combo box (its current item's data).
  void persist(QWidget* widget, const QString& name);
  // What persist() does not cover (e.g. a canvas's brush size).
  virtual void saveOwnSettings(QSettings&) const {}
  virtual void loadOwnSettings(QSettings&) {}
  virtual void applyOwnRequest(const GenerationRequest&) {}
  // Puts `image` with `caption` in the result pane; the default draws it in the ImageView made by
  // createResultView. Panels with another kind of result pane override it.
  virtual void displayResult(const QImage& image, const QString& caption, ResultState state);
  ImageView* createResultView(const QString& placeholder);
  ImageView* resultPane() const { return m_resultView; }
  // The button that runs the tab (generateButton()); the short form is "Generate" with its icon.
  QPushButton* createGenerateButton(const QString& icon, const QString& text, const QString& toolTip);
  QPushButton* createGenerateButton(const QString& toolTip);
  SamplerOptions* createSamplerOptions(bool withCfg);
  // The LoRA list and VAE picker, for tabs that run Stable Diffusion models; the base does the rest.
  LoraVaeOptions* createLoraVaeOptions();
  // A file dialog titled `title` and the picture it chose (null when cancelled or unreadable; the
  // reason goes to errorOccurred).
  QImage askForImage(const QString& title);
  // Undo and redo actions of `stack` (undoAction(), redoAction()), active anywhere in the panel:
  // Ctrl+Z, and for redo the platform's key plus Ctrl+Y and Ctrl+Shift+Z.
  void createUndoActions(QUndoStack* stack);
  // The tool bar of a painting tab (toolBar()): vertical and icon-only beside the canvas, so that
  // every tool stays reachable in a narrow window.
  QToolBar* createCanvasToolBar(const QString& title);
  // The pane of a painting tab: its tool bar, then the canvas, which takes the width left.
  static QWidget* canvasPane(QToolBar* bar, QWidget* canvas);
  // A checkable tool on `bar` in the exclusive group `group` (the first one added is checked), its
  // one-key shortcut active anywhere in the panel; `choose` runs when the user picks it.
  QAction* addCanvasTool(QToolBar* bar, QActionGroup* group, const QString& icon, const QString& text,
                         const QKeySequence& key, std::function<void()> choose);
  // The prompt box (promptEdit()): Tab moves the focus on, Ctrl+Enter generates
  // (installGenerateShortcut). The negative prompt's box (negativeEdit()) is one of the same kind.
  QPlainTextEdit* createPromptEdit(const QString& placeholder, int maximumHeight = QWIDGETSIZE_MAX);
  QPlainTextEdit* createNegativeEdit(int maximumHeight);
  // The "Size: [width] × [height]" row (widthBox(), heightBox()) at the top of the sampler options'
  // form (createSamplerOptions first). Tabs that compose the picture from noise ask for the note
  // beyond the native size (sizeNote(), which the tab puts in its column below the sampler options: a
  // wrapped label inside their form got one line's height in the scrolling column and squeezed the
  // rows below it): a model drawn much larger than it was trained repeats its subject (the text to
  // image tab's note points at its Hires fix, next below). Not for image to image, whose picture holds
  // the composition, nor for semantic synthesis, whose models are meant to run larger.
  enum class SizeNote { None, BeyondNative, BeyondNativeHiresFix };
  void createSizeRow(SizeNote note = SizeNote::None);
  // Checks that `size` (the size boxes' when invalid) is a multiple of the model's and puts it in
  // the request; false with a translated `error` when it is not.
  bool fillSize(GenerationRequest* request, QString* error, QSize size = QSize()) const;
  // A denoising strength box: from `minimum` to 1 in steps of 0.05, starting at `value`.
  QDoubleSpinBox* createStrengthBox(double minimum, double value, const QString& toolTip);
  // createUndoActions, then both actions on `bar`.
  void addUndoActions(QToolBar* bar, QUndoStack* stack);
  // Lays the panel out in columns: the form (scrolling vertically, `formWidth` wide at first and
  // kept when the window is resized) and the picture panes, which share the rest.
  void layOutColumns(QWidget* form, const QList<QWidget*>& panes, int formWidth);

 private:
  Task m_task;
  QString m_modelPath;
  SamplerOptions* m_options = nullptr;
  LoraVaeOptions* m_loraVae = nullptr;
  QPushButton* m_generate = nullptr;
  QPlainTextEdit* m_prompt = nullptr;
  QPlainTextEdit* m_negative = nullptr;
  SizeSpinBox* m_width = nullptr;
  SizeSpinBox* m_height = nullptr;
  QLabel* m_sizeNote = nullptr;
  SizeNote m_sizeNoteKind = SizeNote::None;
  QSize m_nativeSize;
  void updateSizeNote();
  QToolBar* m_toolBar = nullptr;
  QAction* m_undo = nullptr;
  QAction* m_redo = nullptr;
  ImageView* m_resultView = nullptr;
  QList<QPair<QWidget*, QString>> m_persisted;
  ResultState m_state = ResultState::Empty;
  QString m_caption;
  QImage m_shown;
  int m_previewKind = -1;  // this run's preview kind: -1 none yet, 0 projected, 1 decoded
  int m_lastStep = 0, m_lastTotal = 0;  // of the preview shown
  int m_runStep = 0, m_runTotal = 0;    // of the run
  bool m_running = false;
};

// Reads an image file as the GUI does everywhere (EXIF orientation applied). Null with a
// translated `error` when it cannot be read.
QImage readImageFile(const QString& path, QString* error);

// Ctrl+Enter / Ctrl+Return in `edit` emits panel->generateRequested() instead of a newline.
void installGenerateShortcut(QPlainTextEdit* edit, TaskPanel* panel);

}  // namespace ldm::ui
