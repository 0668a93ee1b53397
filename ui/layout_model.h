#pragma once
// LayoutBoxModel: the boxes of a layout-to-image request, one row each (label, x0, y0, x1, y1),
// coordinates normalised to [0,1] of the image. Shared by the canvas and the table view. Every edit
// (create, move, resize, relabel, delete, remove all) is one step on the model's undo stack; a label
// that is not one of the model's classes is marked (red, with a tooltip) in every view.
#include <QAbstractTableModel>
#include <QRectF>
#include <QStringList>
#include <QUndoStack>
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

  // Undoable edits.
  int addBox(const BoxItem& box);  // returns the row
  void removeBox(int row);
  void setRect(int row, const QRectF& rect);
  void setLabel(int row, const QString& label);  // consecutive relabels of one box are one step
  void clear();
  // A drag: moveRect while the mouse moves (no undo step), then commitRect with the rect the drag
  // started from (one step).
  void moveRect(int row, const QRectF& rect);
  void commitRect(int row, const QRectF& before);
  // Replaces every box and forgets the undo history (a restored request).
  void reset(const QVector<BoxItem>& boxes);
  QUndoStack* undoStack() { return &m_undo; }

  const BoxItem& box(int row) const { return m_boxes[row]; }
  int count() const { return m_boxes.size(); }

  // Class list of the layout model (ModelInfo::class_names).
  void setClassNames(const QStringList& names);
  const QStringList& classNames() const { return m_classNames; }
  bool isKnownLabel(const QString& label) const { return m_classNames.contains(label); }
  int firstUnknownLabel() const;  // row, or -1
  std::vector<LayoutBox> toRequestBoxes() const;

 private:
  friend class BoxCommand;
  void insertRaw(int row, const BoxItem& box);
  void removeRaw(int row);
  void setRectRaw(int row, const QRectF& rect);
  void setLabelRaw(int row, const QString& label);
  void resetRaw(const QVector<BoxItem>& boxes);

  QVector<BoxItem> m_boxes;
  QStringList m_classNames;
  QUndoStack m_undo;
};

}  // namespace ldm::ui
