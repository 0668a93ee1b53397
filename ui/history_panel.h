#pragma once
// HistoryPanel: the results of this session, newest first, with thumbnails and parameters;
// send a result to inpainting or super-resolution, save it (never overwriting), copy it.
#include <QImage>
#include <QVector>
#include <QWidget>

#include "core/api/generation_request.h"

class QListWidget;
class QPushButton;

namespace ldm::ui {

struct HistoryEntry {
  QImage image;
  GenerationRequest request;
  QString modelName;
  double seconds = 0;
  QString savedPath;  // where it was saved automatically, if it was
};

class HistoryPanel : public QWidget {
  Q_OBJECT
 public:
  explicit HistoryPanel(QWidget* parent = nullptr);
  void addEntry(const HistoryEntry& entry);
  int count() const { return m_entries.size(); }
  const HistoryEntry& entry(int index) const { return m_entries[index]; }  // 0 = newest
  int currentIndex() const;
  void setCurrentIndex(int index);
  QListWidget* list() const { return m_list; }
  // Saves entry `index` into `dir` under a fresh name; returns the path or an empty string.
  QString saveEntry(int index, const QString& dir, QString* error);
  static QString describe(const HistoryEntry& entry);

 public Q_SLOTS:
  void saveCurrentAs();
  void copyCurrent();

 Q_SIGNALS:
  void sendToInpaint(const QImage& image);
  void sendToUpscale(const QImage& image);
  void showRequested(const QImage& image);
  void errorOccurred(const QString& message);

 private:
  void updateButtons();
  QListWidget* m_list;
  QPushButton* m_toInpaint;
  QPushButton* m_toUpscale;
  QPushButton* m_save;
  QPushButton* m_copy;
  QVector<HistoryEntry> m_entries;
};

}  // namespace ldm::ui
