#pragma once
// Layout-to-image tab: the box editor (canvas + table, selection synchronised), the class
// label picker (searchable), size and sampler settings, and the result view.
#include "ui/task_panel.h"

class QComboBox;
class QItemSelectionModel;
class QPushButton;
class QTableView;

namespace ldm::ui {

class ImageView;
class LayoutBoxModel;
class LayoutCanvas;
class SizeSpinBox;

class LayoutPanel : public TaskPanel {
  Q_OBJECT
 public:
  explicit LayoutPanel(QWidget* parent = nullptr);
  bool buildRequest(GenerationRequest* request, QString* error) const override;
  SamplerOptions* samplerOptions() const override { return m_options; }
  void showPreview(const QImage& image, int step, int total) override;
  void showResult(const QImage& image) override;
  // A dropped image becomes the canvas backdrop, to place boxes over a reference.
  bool acceptsImage() const override { return true; }
  void setInputImage(const QImage& image) override;
  void saveSettings(QSettings& settings) const override;
  void loadSettings(QSettings& settings) override;
  void applyRequest(const GenerationRequest& request) override;

  // Loads the class list; the default is resources/layout/openimages-layout-classes.json.
  // The selected model's classes (core/api/model_info.h ModelInfo::class_names).
  void setClassNames(const QStringList& names);

  LayoutCanvas* canvas() const { return m_canvas; }
  LayoutBoxModel* model() const { return m_model; }
  SizeSpinBox* widthBox() const { return m_width; }
  SizeSpinBox* heightBox() const { return m_height; }
  QTableView* table() const { return m_table; }
  QItemSelectionModel* selectionModel() const { return m_selection; }
  QComboBox* labelBox() const { return m_label; }

 private:
  void applyLabel(const QString& label);
  void syncLabelToSelection();

  LayoutBoxModel* m_model;
  QItemSelectionModel* m_selection;
  LayoutCanvas* m_canvas;
  QTableView* m_table;
  QComboBox* m_label;
  SizeSpinBox* m_width;
  SizeSpinBox* m_height;
  SamplerOptions* m_options;
  QPushButton* m_generate;
  ImageView* m_result;
};

// Where bundled resources live: the source tree in a build, share/ldm-studio when installed.
QString resourcePath(const QString& relative);

}  // namespace ldm::ui
