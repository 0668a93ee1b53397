#include "ui/history_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QImageReader>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QStandardPaths>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include "core/imaging/png_metadata.h"
#include "ui/result_io.h"

namespace ldm::ui {

HistoryPanel::HistoryPanel(QWidget* parent) : QWidget(parent) {
  m_list = new QListWidget;
  m_list->setViewMode(QListView::ListMode);
  m_list->setIconSize(QSize(64, 64));
  m_list->setWordWrap(true);
  m_list->setUniformItemSizes(true);
  m_list->setAccessibleName(tr("History"));
  m_list->setContextMenuPolicy(Qt::CustomContextMenu);
  m_send = new QToolButton;
  m_send->setIcon(QIcon(QStringLiteral(":/icons/send.svg")));
  m_send->setText(tr("Send to"));
  m_send->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  m_send->setPopupMode(QToolButton::InstantPopup);
  m_send->setMenu(new QMenu(m_send));
  m_send->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  connect(m_send->menu(), &QMenu::aboutToShow, this, [this] { rebuildSendMenu(m_send->menu(), currentIndex()); });
  m_save = new QPushButton(QIcon(QStringLiteral(":/icons/save.svg")), tr("Save as…"));
  m_copy = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), tr("Copy"));
  m_folder = new QPushButton(QIcon(QStringLiteral(":/icons/folder.svg")), tr("Open folder"));
  m_folder->setToolTip(tr("Open the output folder"));
  auto* buttons = new QGridLayout;
  buttons->addWidget(m_send, 0, 0);
  buttons->addWidget(m_folder, 0, 1);
  buttons->addWidget(m_save, 1, 0);
  buttons->addWidget(m_copy, 1, 1);
  auto* title = new QLabel(tr("History"));
  title->setBuddy(m_list);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(title);
  layout->addWidget(m_list, 1);
  layout->addLayout(buttons);

  connect(m_list, &QListWidget::currentRowChanged, this, [this] { updateButtons(); });
  connect(m_list, &QListWidget::itemClicked, this, [this] {
    if (currentIndex() >= 0) Q_EMIT showRequested(currentIndex());
  });
  connect(m_list, &QListWidget::itemActivated, this, [this] {
    if (currentIndex() >= 0) Q_EMIT restoreRequested(currentIndex());
  });
  connect(m_list, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
    const int row = m_list->indexAt(pos).row();
    if (row < 0) return;
    m_list->setCurrentRow(row);
    QMenu* menu = createContextMenu(row, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_list->viewport()->mapToGlobal(pos));
  });
  connect(m_save, &QPushButton::clicked, this, &HistoryPanel::saveCurrentAs);
  connect(m_copy, &QPushButton::clicked, this, &HistoryPanel::copyCurrent);
  connect(m_folder, &QPushButton::clicked, this, &HistoryPanel::openOutputFolder);
  updateButtons();
}

QString HistoryPanel::describe(const HistoryEntry& e) {
  const GenerationRequest& r = e.request;
  QStringList lines;
  if (!r.prompt.empty()) lines << tr("Prompt: %1").arg(QString::fromStdString(r.prompt));
  if (!r.negative_prompt.empty()) lines << tr("Negative prompt: %1").arg(QString::fromStdString(r.negative_prompt));
  lines << tr("Task: %1, %2×%3, %4 steps, sampler %5%6, CFG %7, seed %8")
               .arg(QString::fromUtf8(task_name(r.task)))
               .arg(e.image.isNull() ? r.width : e.image.width())
               .arg(e.image.isNull() ? r.height : e.image.height())
               .arg(r.steps)
               .arg(QString::fromStdString(r.sampler), r.karras ? QStringLiteral(" (Karras)") : QString())
               .arg(r.cfg_scale)
               .arg(r.seed);
  if (!e.modelName.isEmpty()) lines << tr("Model: %1").arg(e.modelName);
  if (e.seconds > 0) lines << tr("Time: %1 s").arg(e.seconds, 0, 'f', 1);
  if (!e.savedPath.isEmpty()) lines << tr("Saved as %1").arg(e.savedPath);
  return lines.join(QLatin1Char('\n'));
}

int HistoryPanel::indexOf(quint64 id) const {
  for (int i = 0; i < m_entries.size(); ++i) {
    if (m_entries[i].id == id) return i;
  }
  return -1;
}

void HistoryPanel::insertItem(int row, HistoryEntry entry) {
  entry.id = m_nextId++;
  m_entries.insert(row, entry);
  QImage thumb = entry.image;
  if (thumb.isNull() && !entry.savedPath.isEmpty()) {
    QImageReader reader(entry.savedPath);
    const QSize size = reader.size();
    if (size.isValid()) reader.setScaledSize(size.scaled(m_list->iconSize() * devicePixelRatioF(), Qt::KeepAspectRatio));
    thumb = reader.read();
  } else if (!thumb.isNull()) {
    thumb = thumb.scaled(m_list->iconSize() * devicePixelRatioF(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
  }
  auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(thumb)),
                                   QStringLiteral("%1 · %2").arg(QString::fromUtf8(task_name(entry.request.task))).arg(entry.request.seed));
  item->setToolTip(describe(entry));
  m_list->insertItem(row, item);
}

void HistoryPanel::addEntry(const HistoryEntry& entry) {
  insertItem(0, entry);
  m_list->setCurrentRow(0);
  updateButtons();
}

int HistoryPanel::loadFolder(const QString& dir, int maxEntries) {
  if (dir.isEmpty() || !QFileInfo(dir).isDir()) return 0;
  const QFileInfoList files = QDir(dir).entryInfoList({QStringLiteral("*.png")}, QDir::Files, QDir::Time);
  QVector<HistoryEntry> found;  // newest first
  for (const QFileInfo& f : files) {
    if (found.size() >= maxEntries) break;
    HistoryEntry e;
    try {
      e.request = ldm::request_from_png(QFile::encodeName(f.absoluteFilePath()).toStdString());
    } catch (const std::exception&) {
      continue;  // not one of ours
    }
    e.savedPath = f.absoluteFilePath();
    e.modelName = QFileInfo(QString::fromStdString(e.request.model)).fileName();
    found.append(e);
  }
  for (int i = found.size() - 1; i >= 0; --i) insertItem(0, found[i]);
  updateButtons();
  return found.size();
}

QImage HistoryPanel::imageAt(int index) {
  if (index < 0 || index >= m_entries.size()) return {};
  HistoryEntry& e = m_entries[index];
  if (e.image.isNull() && !e.savedPath.isEmpty()) {
    QImageReader reader(e.savedPath);
    e.image = reader.read();
  }
  return e.image;
}

int HistoryPanel::currentIndex() const { return m_list->currentRow(); }
void HistoryPanel::setCurrentIndex(int index) { m_list->setCurrentRow(index); }

void HistoryPanel::setSendTargets(const QList<QPair<int, QString>>& targets) { m_targets = targets; }

void HistoryPanel::updateButtons() {
  const bool has = currentIndex() >= 0;
  for (QWidget* b : std::initializer_list<QWidget*>{m_send, m_save, m_copy}) b->setEnabled(has);
}

void HistoryPanel::rebuildSendMenu(QMenu* menu, int index) {
  menu->clear();
  if (index < 0 || index >= m_entries.size()) return;
  const quint64 id = m_entries[index].id;
  for (const auto& [tab, title] : m_targets) {
    QString text = title;
    text.remove(QLatin1Char('&'));
    menu->addAction(text, this, [this, id, tab = tab] {
      const QImage image = imageAt(indexOf(id));
      if (!image.isNull()) Q_EMIT sendRequested(tab, image);
    });
  }
}

QMenu* HistoryPanel::createContextMenu(int index, QWidget* parent) {
  auto* menu = new QMenu(parent);
  if (index < 0 || index >= m_entries.size()) return menu;
  const QString path = m_entries[index].savedPath;
  const quint64 id = m_entries[index].id;  // the list may change while the menu is open
  QAction* open = menu->addAction(tr("&Open"), this, [path] { QDesktopServices::openUrl(QUrl::fromLocalFile(path)); });
  open->setEnabled(!path.isEmpty());
  open->setObjectName(QStringLiteral("open"));
  QAction* reveal = menu->addAction(tr("Show in &folder"), this, [path] {
    QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
  });
  reveal->setEnabled(!path.isEmpty());
  reveal->setObjectName(QStringLiteral("reveal"));
  menu->addAction(QIcon(QStringLiteral(":/icons/folder.svg")), tr("Open output f&older"), this, &HistoryPanel::openOutputFolder)
      ->setObjectName(QStringLiteral("openFolder"));
  menu->addSeparator();
  menu->addAction(QIcon(QStringLiteral(":/icons/copy.svg")), tr("&Copy"), this, [this, id] {
    const QImage image = imageAt(indexOf(id));
    if (!image.isNull()) QApplication::clipboard()->setImage(image);
  })->setObjectName(QStringLiteral("copy"));
  QMenu* send = menu->addMenu(QIcon(QStringLiteral(":/icons/send.svg")), tr("&Send to"));
  send->menuAction()->setObjectName(QStringLiteral("send"));
  rebuildSendMenu(send, index);
  menu->addAction(tr("&Restore parameters"), this, [this, id] {
    if (indexOf(id) >= 0) Q_EMIT restoreRequested(indexOf(id));
  })
      ->setObjectName(QStringLiteral("restore"));
  menu->addAction(QIcon(QStringLiteral(":/icons/save.svg")), tr("Save &as…"), this, [this, id] {
    if (indexOf(id) < 0) return;
    setCurrentIndex(indexOf(id));
    saveCurrentAs();
  })->setObjectName(QStringLiteral("saveAs"));
  menu->addSeparator();
  QAction* del = menu->addAction(QIcon(QStringLiteral(":/icons/delete.svg")),
                                 path.isEmpty() ? tr("&Remove from history") : tr("&Delete (move to trash)"), this, [this, id] {
                                   QString error;
                                   if (indexOf(id) >= 0 && !deleteEntry(indexOf(id), &error)) Q_EMIT errorOccurred(error);
                                 });
  del->setObjectName(QStringLiteral("delete"));
  return menu;
}

namespace {

// QFile::moveToTrash, minus a Qt 6.4 defect: when the data folder ($XDG_DATA_HOME, else ~/.local/share)
// does not exist, as on a fresh account, it cannot make its trash there, moves the file into files/
// and info/ of the working directory instead and reports success. Make the folder first; should the
// trash still come out relative, move the file back and fail.
bool moveToTrash(const QString& path) {
  QDir().mkpath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation));
  QString inTrash;
  if (!QFile::moveToTrash(path, &inTrash)) return false;
  if (QFileInfo(inTrash).isAbsolute()) return true;
  const QFileInfo stray(inTrash);
  QFile::rename(inTrash, path);
  QDir folder = stray.dir();  // files/, beside info/
  QFile::remove(folder.filePath(QStringLiteral("../info/%1.trashinfo").arg(stray.fileName())));
  folder.rmdir(QStringLiteral("../info"));  // when empty
  folder.rmdir(folder.absolutePath());
  return false;
}

}  // namespace

bool HistoryPanel::deleteEntry(int index, QString* error) {
  if (index < 0 || index >= m_entries.size()) return false;
  const QString path = m_entries[index].savedPath;
  if (!path.isEmpty() && QFileInfo::exists(path)) {
    if (!moveToTrash(path)) {
      if (error) *error = tr("Cannot move %1 to the trash.").arg(path);
      return false;
    }
    Q_EMIT statusMessage(tr("Moved %1 to the trash").arg(path));
  }
  m_entries.removeAt(index);
  delete m_list->takeItem(index);
  updateButtons();
  return true;
}

QString HistoryPanel::saveEntry(int index, const QString& dir, QString* error) {
  if (index < 0 || index >= m_entries.size()) return {};
  const QImage image = imageAt(index);
  const HistoryEntry& e = m_entries[index];
  return saveResultImageAs(image, QDir(dir).filePath(resultBaseName(e.request) + QStringLiteral(".png")), &e.request, error);
}

void HistoryPanel::saveCurrentAs() {
  const int index = currentIndex();
  if (index < 0) return;
  const QImage image = imageAt(index);
  const HistoryEntry& e = m_entries[index];
  const QString suggestion = e.savedPath.isEmpty() ? resultBaseName(e.request) + QStringLiteral(".png") : e.savedPath;
  QString path = QFileDialog::getSaveFileName(this, tr("Save image"), suggestion, tr("PNG image (*.png)"),
                                              nullptr, QFileDialog::DontConfirmOverwrite);
  if (path.isEmpty()) return;
  // Never overwrite: an existing name gets a numbered sibling.
  QString error;
  path = saveResultImageAs(image, path, &e.request, &error);
  if (path.isEmpty()) Q_EMIT errorOccurred(error);
  else Q_EMIT statusMessage(tr("Saved %1").arg(path));
}

void HistoryPanel::copyCurrent() {
  const int index = currentIndex();
  if (index >= 0) QApplication::clipboard()->setImage(imageAt(index));
}

void HistoryPanel::openOutputFolder() {
  if (m_outputFolder.isEmpty()) return;
  QDir().mkpath(m_outputFolder);
  QDesktopServices::openUrl(QUrl::fromLocalFile(m_outputFolder));
}

}  // namespace ldm::ui
