#pragma once
// Layout-to-image tab: the box editor (canvas + table, selection synchronised, undo/redo), the
// label field, size and sampler settings, and the result pane.
//
// The label field: it always holds the label the next drawn box gets. Selecting a box shows that
// box's label in it; editing it while a box is selected relabels that box (only then). A label
// that is not one of the model's classes is marked in the field, the table and the canvas, and
// generation refuses to start until it is fixed.
#include "ui/task_panel.h"

class QComboBox;
class QItemSelectionModel;
class QLabel;
class QTableView;

namespace ldm::ui {

class LayoutBoxModel;
class LayoutCanvas;

class LayoutPanel : public TaskPanel {
  Q_OBJECT
 public:
  explicit LayoutPanel(QWidget* parent = nullptr);
  bool buildRequest(GenerationRequest* request, QString* error) const override;
  // A dropped image becomes the canvas backdrop, to place boxes over a reference.
  bool acceptsImage() const override { return true; }
  void setInputImage(const QImage& image) override;
  void useModel(const ModelInfo& model) override;
  void loadDemoContent() override;

  // The selected model's classes (core/api/model_info.h ModelInfo::class_names).
  void setClassNames(const QStringList& names);

  LayoutCanvas* canvas() const { return m_canvas; }
  LayoutBoxModel* model() const { return m_model; }
  QTableView* table() const { return m_table; }
  QItemSelectionModel* selectionModel() const { return m_selection; }
  QComboBox* labelBox() const { return m_label; }
  QLabel* labelCaption() const { return m_labelCaption; }
  // Whether the label field holds a class of the model.
  bool labelFieldValid() const;

 protected:
  void applyOwnRequest(const GenerationRequest& request) override;

 private:
  void onLabelEdited(const QString& label);
  void syncLabelToSelection();
  void markLabelField();

  LayoutBoxModel* m_model;
  QItemSelectionModel* m_selection;
  LayoutCanvas* m_canvas;
  QTableView* m_table;
  QComboBox* m_label;
  QLabel* m_labelCaption;
};

// Where bundled resources live: the source tree in a build, share/ldm-studio/resources when installed.
QString resourcePath(const QString& relative);

}  // namespace ldm::ui
