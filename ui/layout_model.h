#pragma once
// LayoutBoxModel: the boxes of a layout-to-image request, one row each (label, x0, y0, x1, y1),
// coordinates normalised to [0,1] of the image. Shared by the canvas and the table view.
#include <QAbstractTableModel>
#include <QRectF>
#include <QStringList>
#include <QVector>

#include <vector>

#include "core/api/generation_request.h"

namespace ldm::ui {

struct BoxItem {
  QString label;
  QRectF rect;  // normalised, x0 = left, y0 = top
};

class LayoutBoxModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Label, X0, Y0, X1, Y1, ColumnCount };
  explicit LayoutBoxModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role) override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;

  int addBox(const BoxItem& box);  // returns the row
  void removeBox(int row);
  void setRect(int row, const QRectF& rect);
  void setLabel(int row, const QString& label);
  const BoxItem& box(int row) const { return m_boxes[row]; }
  int count() const { return m_boxes.size(); }
  void clear();

  // Class list of the layout model (ModelInfo::class_names).
  void setClassNames(const QStringList& names) { m_classNames = names; }
  const QStringList& classNames() const { return m_classNames; }
  std::vector<LayoutBox> toRequestBoxes() const;

 private:
  QVector<BoxItem> m_boxes;
  QStringList m_classNames;
};

}  // namespace ldm::ui
