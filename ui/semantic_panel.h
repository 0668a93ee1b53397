#pragma once
// "Paint a scene" tab (Task::Semantic): the user paints label regions on a canvas of the output size
// with a brush and a bucket fill, from a palette of the model's labels (COCO-Stuff models: the
// landscape labels first), and the model draws the picture. Label maps are imported and exported as
// 8-bit single-channel PNGs (pixel = label index), or imported from a colour picture with a palette
// JSON (core/imaging/label_map.h). The map travels in the request (GenerationRequest::segmentation),
// so the saved PNG records it and reopening the PNG restores it here.
#include <QStringList>

#include <string>
#include <vector>

#include "ui/task_panel.h"

class QAction;
class QLineEdit;
class QListWidget;

namespace ldm::ui {

class BrushSizeRow;
class LabelCanvas;

class SemanticPanel : public TaskPanel {
  Q_OBJECT
 public:
  explicit SemanticPanel(QWidget* parent = nullptr);
  bool buildRequest(GenerationRequest* request, QString* error) const override;
  void useModel(const ModelInfo& model) override;
  void loadDemoContent() override;

  // The labels in the order the palette lists them: for models with the COCO-Stuff labels the
  // landscape ones first (sky-other, clouds, mountain, ...), then the rest by index.
  static QList<int> paletteOrder(const std::vector<std::string>& names);
  // The display colour of a label: a landscape label's natural colour, the colour a name like "red"
  // or "light blue" says, else a colour derived from the index alone (the same on every run).
  static QColor displayColour(const std::string& name, int index);

  // Reads a label map file (8-bit grey PNG; with `palettePath`, a colour picture whose colours the
  // palette maps to labels). It becomes the canvas, and its size the output size (rounded to the
  // model's size multiple, the map resampled, when it is not one). False with a translated `error`.
  bool importLabelMap(const QString& path, const QString& palettePath, QString* error);
  // Writes the canvas as an 8-bit single-channel PNG (pixel = label).
  bool exportLabelMap(const QString& path, QString* error) const;
  // The label the brush and the fill paint (selected in the palette list).
  int currentLabel() const;
  void setCurrentLabel(int label);
  QString labelName(int label) const;

  LabelCanvas* canvas() const { return m_canvas; }
  QListWidget* labelList() const { return m_labels; }
  QLineEdit* labelFilter() const { return m_filter; }
  BrushSizeRow* brushSizeRow() const { return m_brushSize; }
  QAction* brushAction() const { return m_brush; }
  QAction* fillAction() const { return m_fill; }

 public Q_SLOTS:
  void importDialog();
  void exportDialog();
  // The whole canvas in the current label.
  void fillAll();

 protected:
  void saveOwnSettings(QSettings& settings) const override;
  void loadOwnSettings(QSettings& settings) override;
  void applyOwnRequest(const GenerationRequest& request) override;

 private:
  void fillLabelList();
  void filterLabels(const QString& text);
  void resizeCanvasToBoxes();
  LabelCanvas* m_canvas;
  QLineEdit* m_filter;
  QListWidget* m_labels;
  BrushSizeRow* m_brushSize;
  QAction* m_brush;
  QAction* m_fill;
  std::vector<std::string> m_names;  // the model's labels, by index
  int m_sizeMultiple = 8;
};

}  // namespace ldm::ui
