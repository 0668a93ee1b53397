#pragma once
// HistoryPanel: the results, newest first, with thumbnails and parameters. At start it holds the
// recent pictures of the output folder (those with LDM Studio's metadata), so the history survives
// a restart. A click shows a picture (in the tab of its task), a double-click or Enter restores its
// parameters there; the context menu opens, reveals, copies, sends, restores, saves or deletes
// (to the trash) a picture, or opens the output folder.
#include <QImage>
#include <QList>
#include <QPair>
#include <QVector>
#include <QWidget>

#include "core/api/generation_request.h"

class QListWidget;
class QMenu;
class QPushButton;
class QToolButton;

namespace ldm::ui {

struct HistoryEntry {
  QImage image;       // null for an entry read from disk until it is first needed
  GenerationRequest request;
  QString modelName;
  double seconds = 0;  // 0: not known (read from disk)
  QString savedPath;   // where it was saved, if it was
  quint64 id = 0;      // set by the panel: menus find their entry by it after the list changed
};

class HistoryPanel : public QWidget {
  Q_OBJECT
 public:
  explicit HistoryPanel(QWidget* parent = nullptr);
  void addEntry(const HistoryEntry& entry);
  // Adds the `maxEntries` newest PNGs of `dir` that carry a generation request, oldest first so
  // that the newest ends on top. Returns how many were added.
  int loadFolder(const QString& dir, int maxEntries = 60);
  int count() const { return m_entries.size(); }
  const HistoryEntry& entry(int index) const { return m_entries[index]; }  // 0 = newest
  QImage imageAt(int index);  // reads it from disk when needed
  int currentIndex() const;
  void setCurrentIndex(int index);
  QListWidget* list() const { return m_list; }
  // Where "Open output folder" leads.
  void setOutputFolder(const QString& dir) { m_outputFolder = dir; }
  // The tabs pictures can be sent to: (tab index, tab title).
  void setSendTargets(const QList<QPair<int, QString>>& targets);
  // The context menu of entry `index` (for the list's right click, and tests).
  QMenu* createContextMenu(int index, QWidget* parent);
  // Saves entry `index` into `dir` under a fresh name; returns the path or an empty string.
  QString saveEntry(int index, const QString& dir, QString* error);
  // Moves the entry's file to the trash (when saved) and removes it from the list.
  bool deleteEntry(int index, QString* error);
  static QString describe(const HistoryEntry& entry);

 public Q_SLOTS:
  void saveCurrentAs();
  void copyCurrent();
  void openOutputFolder();

 Q_SIGNALS:
  void showRequested(int index);     // a click
  void restoreRequested(int index);  // a double-click, Enter, "Restore parameters"
  void sendRequested(int tab, const QImage& image);
  void errorOccurred(const QString& message);
  void statusMessage(const QString& message);

 private:
  void insertItem(int row, HistoryEntry entry);
  int indexOf(quint64 id) const;  // -1 when the entry is gone
  void updateButtons();
  void rebuildSendMenu(QMenu* menu, int index);
  QListWidget* m_list;
  QToolButton* m_send;
  QPushButton* m_save;
  QPushButton* m_copy;
  QPushButton* m_folder;
  QVector<HistoryEntry> m_entries;
  QList<QPair<int, QString>> m_targets;
  QString m_outputFolder;
  quint64 m_nextId = 1;
};

}  // namespace ldm::ui
