#include "ui/layout_panel.h"

#include <QCompleter>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "core/api/generation_request.h"
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

LayoutPanel::LayoutPanel(QWidget* parent) : TaskPanel(parent) {
  m_model = new LayoutBoxModel(this);
  m_selection = new QItemSelectionModel(m_model, this);
  m_canvas = new LayoutCanvas;
  m_canvas->setModel(m_model, m_selection);

  m_table = new QTableView;
  m_table->setModel(m_model);
  m_table->setSelectionModel(m_selection);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_table->horizontalHeader()->setSectionResizeMode(LayoutBoxModel::Label, QHeaderView::Stretch);
  m_table->setAccessibleName(tr("Boxes"));

  m_label = new QComboBox;
  m_label->setEditable(true);
  m_label->setInsertPolicy(QComboBox::NoInsert);
  m_label->completer()->setFilterMode(Qt::MatchContains);
  m_label->completer()->setCompletionMode(QCompleter::PopupCompletion);
  m_label->completer()->setCaseSensitivity(Qt::CaseInsensitive);
  m_label->setToolTip(tr("Class of the selected box; type to search."));
  connect(m_label, &QComboBox::activated, this, [this](int i) { applyLabel(m_label->itemText(i)); });

  auto* remove = new QPushButton(QIcon(QStringLiteral(":/icons/delete.svg")), tr("&Remove box"));
  connect(remove, &QPushButton::clicked, this, [this] {
    const int row = m_canvas->currentRow();
    if (row >= 0) m_model->removeBox(row);
  });
  auto* clear = new QPushButton(QIcon(QStringLiteral(":/icons/clear.svg")), tr("Remove &all"));
  connect(clear, &QPushButton::clicked, m_model, &LayoutBoxModel::clear);

  m_options = new SamplerOptions(false);
  m_width = new SizeSpinBox;
  m_height = new SizeSpinBox;
  m_width->setValue(256);
  m_height->setValue(256);
  auto* sizeRow = new QHBoxLayout;
  sizeRow->addWidget(m_width);
  sizeRow->addWidget(new QLabel(QStringLiteral("×")));
  sizeRow->addWidget(m_height);
  m_options->form()->insertRow(0, tr("Si&ze:"), sizeRow);
  static_cast<QLabel*>(m_options->form()->labelForField(sizeRow))->setBuddy(m_width);
  auto updateAspect = [this] { m_canvas->setImageSize(m_width->value(), m_height->value()); };
  connect(m_width, &QSpinBox::valueChanged, this, updateAspect);
  connect(m_height, &QSpinBox::valueChanged, this, updateAspect);
  updateAspect();

  m_generate = new QPushButton(QIcon(QStringLiteral(":/icons/generate.svg")), tr("&Generate"));
  m_generate->setToolTip(tr("Generate an image with this layout (Ctrl+Enter)"));
  connect(m_generate, &QPushButton::clicked, this, &TaskPanel::generateRequested);

  auto* form = new QWidget;
  auto* column = new QVBoxLayout(form);
  auto* hint = new QLabel(tr("Drag on the canvas to add a box; drag a box to move it, its corners to resize it; Delete removes it."));
  hint->setWordWrap(true);
  column->addWidget(hint);
  auto* labelForm = new QFormLayout;
  labelForm->addRow(tr("&Label:"), m_label);
  column->addLayout(labelForm);
  column->addWidget(m_table, 1);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(remove);
  buttons->addWidget(clear);
  column->addLayout(buttons);
  column->addWidget(m_options);
  column->addWidget(m_generate);
  auto* scroll = new QScrollArea;
  scroll->setWidget(form);
  scroll->setWidgetResizable(true);
  scroll->setMinimumWidth(320);

  m_result = new ImageView;
  m_result->setPlaceholderText(tr("The generated image appears here."));
  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->addWidget(scroll);
  splitter->addWidget(m_canvas);
  splitter->addWidget(m_result);
  splitter->setStretchFactor(1, 2);
  splitter->setStretchFactor(2, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);

  connect(m_selection, &QItemSelectionModel::selectionChanged, this, [this] { syncLabelToSelection(); });
  setFocusProxy(m_canvas);
}

void LayoutPanel::setClassNames(const QStringList& names) {
  if (names == m_model->classNames()) return;
  m_model->setClassNames(names);
  m_label->clear();
  m_label->addItems(names);
  const int person = names.indexOf(QStringLiteral("Person"));
  m_label->setCurrentIndex(person >= 0 ? person : 0);
  m_canvas->setDefaultLabel(m_label->currentText());
}

void LayoutPanel::applyLabel(const QString& label) {
  if (!m_model->classNames().contains(label)) return;
  m_canvas->setDefaultLabel(label);
  const int row = m_canvas->currentRow();
  if (row >= 0) m_model->setLabel(row, label);
}

void LayoutPanel::syncLabelToSelection() {
  const int row = m_canvas->currentRow();
  if (row < 0) return;
  const int i = m_label->findText(m_model->box(row).label);
  if (i >= 0) m_label->setCurrentIndex(i);
}

bool LayoutPanel::buildRequest(GenerationRequest* r, QString* error) const {
  if (m_model->count() == 0) {
    *error = tr("Draw at least one box on the layout canvas.");
    return false;
  }
  for (int row = 0; row < m_model->count(); ++row) {
    if (!m_model->classNames().contains(m_model->box(row).label)) {
      *error = tr("Box %1 has no valid label: pick one from the class list.").arg(row + 1);
      return false;
    }
  }
  r->task = Task::Layout;
  r->boxes = m_model->toRequestBoxes();
  r->width = m_width->value();
  r->height = m_height->value();
  m_options->fillRequest(r);
  return true;
}

void LayoutPanel::showPreview(const QImage& image, int step, int total) {
  m_result->setImage(image);
  m_result->setCaption(tr("Step %1 of %2").arg(step).arg(total));
}

void LayoutPanel::showResult(const QImage& image) {
  m_result->setImage(image);
  m_result->setCaption(QString());
}

void LayoutPanel::setInputImage(const QImage& image) { m_canvas->setBackdrop(image); }

void LayoutPanel::saveSettings(QSettings& s) const {
  s.beginGroup(QStringLiteral("layout"));
  s.setValue(QStringLiteral("width"), m_width->value());
  s.setValue(QStringLiteral("height"), m_height->value());
  s.endGroup();
  m_options->saveSettings(s, QStringLiteral("layout/sampler"));
}

void LayoutPanel::loadSettings(QSettings& s) {
  s.beginGroup(QStringLiteral("layout"));
  m_width->setValue(s.value(QStringLiteral("width"), 256).toInt());
  m_height->setValue(s.value(QStringLiteral("height"), 256).toInt());
  s.endGroup();
  m_options->loadSettings(s, QStringLiteral("layout/sampler"));
}

void LayoutPanel::applyRequest(const GenerationRequest& r) {
  TaskPanel::applyRequest(r);
  m_model->clear();
  for (const LayoutBox& b : r.boxes) {
    const QString label = b.label.empty() && b.class_id >= 0 && b.class_id < m_model->classNames().size()
                              ? m_model->classNames().at(b.class_id)
                              : QString::fromStdString(b.label);
    m_model->addBox({label, QRectF(QPointF(b.x0, b.y0), QPointF(b.x1, b.y1))});
  }
}

}  // namespace ldm::ui
