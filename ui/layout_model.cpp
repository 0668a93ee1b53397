#include "ui/layout_model.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace ldm::ui {

LayoutBoxModel::LayoutBoxModel(QObject* parent) : QAbstractTableModel(parent) {}

int LayoutBoxModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_boxes.size(); }
int LayoutBoxModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LayoutBoxModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= m_boxes.size()) return {};
  const BoxItem& b = m_boxes[index.row()];
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
    setLabel(row, value.toString());
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

int LayoutBoxModel::addBox(const BoxItem& box) {
  const int row = m_boxes.size();
  beginInsertRows({}, row, row);
  m_boxes.append(box);
  endInsertRows();
  return row;
}

void LayoutBoxModel::removeBox(int row) {
  if (row < 0 || row >= m_boxes.size()) return;
  beginRemoveRows({}, row, row);
  m_boxes.removeAt(row);
  endRemoveRows();
}

void LayoutBoxModel::setRect(int row, const QRectF& rect) {
  if (row < 0 || row >= m_boxes.size()) return;
  m_boxes[row].rect = rect;
  Q_EMIT dataChanged(index(row, X0), index(row, Y1));
}

void LayoutBoxModel::setLabel(int row, const QString& label) {
  if (row < 0 || row >= m_boxes.size()) return;
  m_boxes[row].label = label;
  Q_EMIT dataChanged(index(row, Label), index(row, Label));
}

void LayoutBoxModel::clear() {
  beginResetModel();
  m_boxes.clear();
  endResetModel();
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
