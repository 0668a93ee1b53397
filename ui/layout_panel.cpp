#include "ui/layout_panel.h"

#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/api/model_info.h"
#include "core/runtime/resources.h"
#include "ui/image_views.h"
#include "ui/layout_canvas.h"
#include "ui/layout_model.h"
#include "ui/sampler_options.h"

namespace ldm::ui {

QString resourcePath(const QString& relative) {
  try {
    return QDir(QString::fromStdString(ldm::resources_dir())).filePath(relative);
  } catch (const std::exception&) {
    return QString();  // not installed: the callers show what is missing
  }
}

namespace {
QCompleter* classCompleter(const QStringList& names, QObject* parent) {
  auto* completer = new QCompleter(names, parent);
  completer->setFilterMode(Qt::MatchContains);
  completer->setCaseSensitivity(Qt::CaseInsensitive);
  completer->setCompletionMode(QCompleter::PopupCompletion);
  return completer;
}

// The table's label cells: a line edit that completes the model's class names (type to search).
class LabelDelegate : public QStyledItemDelegate {
 public:
  LabelDelegate(LayoutBoxModel* model, QObject* parent) : QStyledItemDelegate(parent), m_model(model) {}
  QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    if (index.column() != LayoutBoxModel::Label) return QStyledItemDelegate::createEditor(parent, option, index);
    auto* edit = new QLineEdit(parent);
    edit->setCompleter(classCompleter(m_model->classNames(), edit));
    return edit;
  }

 private:
  LayoutBoxModel* m_model;
};
}  // namespace

LayoutPanel::LayoutPanel(QWidget* parent) : TaskPanel(Task::Layout, parent) {
  m_model = new LayoutBoxModel(this);
  m_selection = new QItemSelectionModel(m_model, this);
  m_canvas = new LayoutCanvas;
  m_canvas->setModel(m_model, m_selection);

  m_table = new QTableView;
  m_table->setModel(m_model);
  m_table->setSelectionModel(m_selection);
  m_table->setItemDelegate(new LabelDelegate(m_model, m_table));
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_table->horizontalHeader()->setSectionResizeMode(LayoutBoxModel::Label, QHeaderView::Stretch);
  m_table->setAccessibleName(tr("Boxes"));

  m_label = new QComboBox;
  m_label->setEditable(true);
  m_label->setInsertPolicy(QComboBox::NoInsert);
  m_label->setAccessibleName(tr("Label"));
  m_label->completer()->setFilterMode(Qt::MatchContains);
  m_label->completer()->setCompletionMode(QCompleter::PopupCompletion);
  m_label->completer()->setCaseSensitivity(Qt::CaseInsensitive);
  m_labelCaption = new QLabel;
  m_labelCaption->setBuddy(m_label);
  connect(m_label->lineEdit(), &QLineEdit::textEdited, this, &LayoutPanel::onLabelEdited);
  connect(m_label, &QComboBox::activated, this, [this](int i) { onLabelEdited(m_label->itemText(i)); });

  auto* remove = new QPushButton(QIcon(QStringLiteral(":/icons/delete.svg")), tr("&Remove box"));
  connect(remove, &QPushButton::clicked, this, [this] {
    const int row = m_canvas->currentRow();
    if (row >= 0) m_model->removeBox(row);
  });
  auto* clear = new QPushButton(QIcon(QStringLiteral(":/icons/clear.svg")), tr("Remove &all"));
  connect(clear, &QPushButton::clicked, m_model, &LayoutBoxModel::clear);

  // Undo/redo of every box edit: Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z anywhere in the tab.
  createUndoActions(m_model->undoStack());
  auto* undoButton = new QToolButton;
  auto* redoButton = new QToolButton;
  undoButton->setDefaultAction(undoAction());
  redoButton->setDefaultAction(redoAction());

  SamplerOptions* options = createSamplerOptions(true);
  createSizeRow(SizeNote::BeyondNative);
  auto updateAspect = [this] { m_canvas->setImageSize(widthBox()->value(), heightBox()->value()); };
  connect(widthBox(), &QSpinBox::valueChanged, this, updateAspect);
  connect(heightBox(), &QSpinBox::valueChanged, this, updateAspect);
  updateAspect();

  auto* form = new QWidget;
  auto* column = new QVBoxLayout(form);
  auto* hint = new QLabel(tr("Drag on the canvas to add a box; drag a box to move it, its corners to resize it; "
                             "Delete removes it, Esc or a click beside the boxes deselects."));
  hint->setWordWrap(true);
  column->addWidget(hint);
  auto* labelForm = new QFormLayout;
  labelForm->addRow(m_labelCaption, m_label);
  column->addLayout(labelForm);
  column->addWidget(m_table, 1);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(remove);
  buttons->addWidget(clear);
  column->addLayout(buttons);
  auto* undoRow = new QHBoxLayout;  // a row of its own: the form stays narrow in every language
  undoRow->addWidget(undoButton);
  undoRow->addWidget(redoButton);
  undoRow->addStretch(1);
  column->addLayout(undoRow);
  column->addWidget(options);
  column->addWidget(sizeNote());
  column->addWidget(createGenerateButton(tr("Generate an image with this layout (Ctrl+Enter)")));

  layOutColumns(form, {m_canvas, createResultView(tr("The generated image appears here."))}, 300);

  connect(m_selection, &QItemSelectionModel::selectionChanged, this, [this] { syncLabelToSelection(); });
  connect(m_model, &QAbstractItemModel::dataChanged, this, [this] { syncLabelToSelection(); });
  connect(m_model, &QAbstractItemModel::modelReset, this, [this] { syncLabelToSelection(); });
  syncLabelToSelection();
  setFocusProxy(m_canvas);
}

void LayoutPanel::setClassNames(const QStringList& names) {
  if (names == m_model->classNames()) return;
  m_model->setClassNames(names);
  const QString next = m_label->currentText();
  {
    const QSignalBlocker block(m_label);
    m_label->clear();
    m_label->addItems(names);
  }
  // Keep the next label when the new model knows it; else its first class ("Person" for OpenImages).
  QString label = names.contains(next) ? next : QString();
  if (label.isEmpty() && !names.isEmpty()) label = names.contains(QStringLiteral("Person")) ? QStringLiteral("Person") : names.first();
  m_label->setEditText(label);
  m_canvas->setDefaultLabel(label);
  syncLabelToSelection();
}

bool LayoutPanel::labelFieldValid() const { return m_model->isKnownLabel(m_label->currentText().trimmed()); }

void LayoutPanel::onLabelEdited(const QString& text) {
  const QString label = text.trimmed();
  const int row = m_canvas->currentRow();
  if (row >= 0) m_model->setLabel(row, label);  // the user edits the selected box's label
  m_canvas->setDefaultLabel(label);              // and the field is the next box's label
  markLabelField();
}

void LayoutPanel::markLabelField() {
  const bool ok = labelFieldValid();
  m_label->setStyleSheet(ok ? QString() : QStringLiteral("QComboBox { background: #fde2e1; color: #b00020; }"));
  m_label->setToolTip(ok ? tr("The label of the selected box, and of the next box you draw; type to search.")
                         : tr("“%1” is not a class of this model: pick one from the list.").arg(m_label->currentText()));
}

void LayoutPanel::syncLabelToSelection() {
  const int row = m_canvas->currentRow();
  if (row >= 0) {
    m_labelCaption->setText(tr("&Label of box %1:").arg(row + 1));
    const QString label = m_model->box(row).label;
    if (m_label->currentText() != label) {
      const QSignalBlocker block(m_label);
      m_label->setEditText(label);
    }
    m_canvas->setDefaultLabel(label);
  } else {
    m_labelCaption->setText(tr("&Label of the next box:"));
  }
  markLabelField();
}

bool LayoutPanel::buildRequest(GenerationRequest* r, QString* error) const {
  if (m_model->count() == 0) {
    *error = tr("Draw at least one box on the layout canvas.");
    return false;
  }
  const int unknown = m_model->firstUnknownLabel();
  if (unknown >= 0) {
    *error = tr("Box %1 is labelled “%2”, which is not a class of this model: pick a label from the list.")
                 .arg(unknown + 1)
                 .arg(m_model->box(unknown).label);
    return false;
  }
  r->task = Task::Layout;
  r->boxes = m_model->toRequestBoxes();
  if (!fillSize(r, error)) return false;
  samplerOptions()->fillRequest(r);
  return true;
}

void LayoutPanel::setInputImage(const QImage& image) { m_canvas->setBackdrop(image); }

void LayoutPanel::useModel(const ModelInfo& model) {
  QStringList names;
  for (const std::string& n : model.class_names) names << QString::fromStdString(n);
  setClassNames(names);
}

void LayoutPanel::applyOwnRequest(const GenerationRequest& r) {
  QVector<BoxItem> boxes;
  for (const LayoutBox& b : r.boxes) {
    const QString label = b.label.empty() && b.class_id >= 0 && b.class_id < m_model->classNames().size()
                              ? m_model->classNames().at(b.class_id)
                              : QString::fromStdString(b.label);
    boxes.append({label, QRectF(QPointF(b.x0, b.y0), QPointF(b.x1, b.y1))});
  }
  m_model->reset(boxes);
}

void LayoutPanel::loadDemoContent() {
  m_model->reset({{QStringLiteral("red circle"), QRectF(QPointF(0.08, 0.1), QPointF(0.42, 0.44))},
                  {QStringLiteral("blue square"), QRectF(QPointF(0.55, 0.52), QPointF(0.85, 0.82))},
                  {QStringLiteral("yellow triangle"), QRectF(QPointF(0.12, 0.6), QPointF(0.38, 0.86))}});
  m_canvas->selectRow(1);
}

}  // namespace ldm::ui
