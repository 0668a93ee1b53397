#include "ui/layout_model.h"

#include <QBrush>
#include <QColor>
#include <QUndoCommand>

#include <algorithm>
#include <functional>

namespace ldm::ui {

// One undoable edit, as the two functions that apply and revert it.
class BoxCommand : public QUndoCommand {
 public:
  BoxCommand(const QString& text, std::function<void()> redo, std::function<void()> undo, int mergeId = -1, int row = -1)
      : QUndoCommand(text), m_redo(std::move(redo)), m_undo(std::move(undo)), m_mergeId(mergeId), m_row(row) {}
  void redo() override { m_redo(); }
  void undo() override { m_undo(); }
  int id() const override { return m_mergeId; }
  bool mergeWith(const QUndoCommand* other) override {
    const auto* o = static_cast<const BoxCommand*>(other);
    if (o->m_row != m_row) return false;
    m_redo = o->m_redo;  // keep this command's undo (the label before the first keystroke)
    return true;
  }

 private:
  std::function<void()> m_redo, m_undo;
  int m_mergeId, m_row;
};

namespace {
constexpr int kRelabelId = 1;
}

LayoutBoxModel::LayoutBoxModel(QObject* parent) : QAbstractTableModel(parent) {}

int LayoutBoxModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_boxes.size(); }
int LayoutBoxModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LayoutBoxModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= m_boxes.size()) return {};
  const BoxItem& b = m_boxes[index.row()];
  if (index.column() == Label && !isKnownLabel(b.label)) {
    if (role == Qt::ForegroundRole) return QBrush(QColor(176, 0, 32));
    if (role == Qt::BackgroundRole) return QBrush(QColor(253, 226, 225));
    if (role == Qt::ToolTipRole) return tr("“%1” is not a class of this model: pick one from the list.").arg(b.label);
  }
  if (role == Qt::DisplayRole || role == Qt::EditRole) {
    switch (index.column()) {
      case Label: return b.label;
      case X0: return role == Qt::DisplayRole ? QVariant(QString::number(b.rect.left(), 'f', 3)) : QVariant(b.rect.left());
      case Y0: return role == Qt::DisplayRole ? QVariant(QString::number(b.rect.top(), 'f', 3)) : QVariant(b.rect.top());
      case X1: return role == Qt::DisplayRole ? QVariant(QString::number(b.rect.right(), 'f', 3)) : QVariant(b.rect.right());
      case Y1: return role == Qt::DisplayRole ? QVariant(QString::number(b.rect.bottom(), 'f', 3)) : QVariant(b.rect.bottom());
      default: break;
    }
  }
  return {};
}

bool LayoutBoxModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || role != Qt::EditRole) return false;
  const int row = index.row();
  if (index.column() == Label) {
    setLabel(row, value.toString().trimmed());
    return true;
  }
  bool ok = false;
  const double v = std::clamp(value.toDouble(&ok), 0.0, 1.0);
  if (!ok) return false;
  QRectF r = m_boxes[row].rect;
  switch (index.column()) {
    case X0: r.setLeft(v); break;
    case Y0: r.setTop(v); break;
    case X1: r.setRight(v); break;
    case Y1: r.setBottom(v); break;
    default: return false;
  }
  setRect(row, r.normalized());
  return true;
}

QVariant LayoutBoxModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (orientation == Qt::Vertical) return section + 1;
  switch (section) {
    case Label: return tr("Label");
    case X0: return QStringLiteral("x0");
    case Y0: return QStringLiteral("y0");
    case X1: return QStringLiteral("x1");
    case Y1: return QStringLiteral("y1");
    default: return {};
  }
}

Qt::ItemFlags LayoutBoxModel::flags(const QModelIndex& index) const {
  return QAbstractTableModel::flags(index) | Qt::ItemIsEditable;
}

void LayoutBoxModel::setClassNames(const QStringList& names) {
  m_classNames = names;
  if (!m_boxes.isEmpty()) Q_EMIT dataChanged(index(0, Label), index(m_boxes.size() - 1, Label));
}

int LayoutBoxModel::firstUnknownLabel() const {
  for (int row = 0; row < m_boxes.size(); ++row) {
    if (!isKnownLabel(m_boxes[row].label)) return row;
  }
  return -1;
}

// Raw edits (what the commands apply).
void LayoutBoxModel::insertRaw(int row, const BoxItem& box) {
  beginInsertRows({}, row, row);
  m_boxes.insert(row, box);
  endInsertRows();
}

void LayoutBoxModel::removeRaw(int row) {
  beginRemoveRows({}, row, row);
  m_boxes.removeAt(row);
  endRemoveRows();
}

void LayoutBoxModel::setRectRaw(int row, const QRectF& rect) {
  m_boxes[row].rect = rect;
  Q_EMIT dataChanged(index(row, X0), index(row, Y1));
}

void LayoutBoxModel::setLabelRaw(int row, const QString& label) {
  m_boxes[row].label = label;
  Q_EMIT dataChanged(index(row, Label), index(row, Label));
}

void LayoutBoxModel::resetRaw(const QVector<BoxItem>& boxes) {
  beginResetModel();
  m_boxes = boxes;
  endResetModel();
}

// Undoable edits.
int LayoutBoxModel::addBox(const BoxItem& box) {
  const int row = m_boxes.size();
  m_undo.push(new BoxCommand(tr("Add box"), [this, row, box] { insertRaw(row, box); }, [this, row] { removeRaw(row); }));
  return row;
}

void LayoutBoxModel::removeBox(int row) {
  if (row < 0 || row >= m_boxes.size()) return;
  const BoxItem box = m_boxes[row];
  m_undo.push(new BoxCommand(tr("Remove box"), [this, row] { removeRaw(row); }, [this, row, box] { insertRaw(row, box); }));
}

void LayoutBoxModel::setRect(int row, const QRectF& rect) {
  if (row < 0 || row >= m_boxes.size() || m_boxes[row].rect == rect) return;
  const QRectF before = m_boxes[row].rect;
  m_undo.push(new BoxCommand(tr("Move box"), [this, row, rect] { setRectRaw(row, rect); },
                             [this, row, before] { setRectRaw(row, before); }));
}

void LayoutBoxModel::moveRect(int row, const QRectF& rect) {
  if (row >= 0 && row < m_boxes.size()) setRectRaw(row, rect);
}

void LayoutBoxModel::commitRect(int row, const QRectF& before) {
  if (row < 0 || row >= m_boxes.size()) return;
  const QRectF after = m_boxes[row].rect;
  if (after == before) return;
  m_undo.push(new BoxCommand(tr("Move box"), [this, row, after] { setRectRaw(row, after); },
                             [this, row, before] { setRectRaw(row, before); }));
}

void LayoutBoxModel::setLabel(int row, const QString& label) {
  if (row < 0 || row >= m_boxes.size() || m_boxes[row].label == label) return;
  const QString before = m_boxes[row].label;
  m_undo.push(new BoxCommand(tr("Relabel box"), [this, row, label] { setLabelRaw(row, label); },
                             [this, row, before] { setLabelRaw(row, before); }, kRelabelId, row));
}

void LayoutBoxModel::clear() {
  if (m_boxes.isEmpty()) return;
  const QVector<BoxItem> before = m_boxes;
  m_undo.push(new BoxCommand(tr("Remove all boxes"), [this] { resetRaw({}); }, [this, before] { resetRaw(before); }));
}

void LayoutBoxModel::reset(const QVector<BoxItem>& boxes) {
  resetRaw(boxes);
  m_undo.clear();
}

std::vector<LayoutBox> LayoutBoxModel::toRequestBoxes() const {
  std::vector<LayoutBox> out;
  for (const BoxItem& b : m_boxes) {
    LayoutBox box;
    box.label = b.label.toStdString();
    box.class_id = m_classNames.indexOf(b.label);
    box.x0 = float(b.rect.left());
    box.y0 = float(b.rect.top());
    box.x1 = float(b.rect.right());
    box.y1 = float(b.rect.bottom());
    out.push_back(box);
  }
  return out;
}

}  // namespace ldm::ui
