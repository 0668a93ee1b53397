#include "ui/history_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/result_io.h"

namespace ldm::ui {

HistoryPanel::HistoryPanel(QWidget* parent) : QWidget(parent) {
  m_list = new QListWidget;
  m_list->setViewMode(QListView::ListMode);
  m_list->setIconSize(QSize(72, 72));
  m_list->setWordWrap(true);
  m_list->setUniformItemSizes(true);
  m_list->setAccessibleName(tr("History"));
  m_toInpaint = new QPushButton(QIcon(QStringLiteral(":/icons/inpaint.svg")), tr("To inpainting"));
  m_toUpscale = new QPushButton(QIcon(QStringLiteral(":/icons/upscale.svg")), tr("To super-resolution"));
  m_save = new QPushButton(QIcon(QStringLiteral(":/icons/save.svg")), tr("Save as…"));
  m_copy = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), tr("Copy"));
  auto* buttons = new QGridLayout;
  buttons->addWidget(m_toInpaint, 0, 0);
  buttons->addWidget(m_toUpscale, 0, 1);
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
  connect(m_list, &QListWidget::itemActivated, this, [this] {
    if (currentIndex() >= 0) Q_EMIT showRequested(m_entries[currentIndex()].image);
  });
  connect(m_toInpaint, &QPushButton::clicked, this, [this] {
    if (currentIndex() >= 0) Q_EMIT sendToInpaint(m_entries[currentIndex()].image);
  });
  connect(m_toUpscale, &QPushButton::clicked, this, [this] {
    if (currentIndex() >= 0) Q_EMIT sendToUpscale(m_entries[currentIndex()].image);
  });
  connect(m_save, &QPushButton::clicked, this, &HistoryPanel::saveCurrentAs);
  connect(m_copy, &QPushButton::clicked, this, &HistoryPanel::copyCurrent);
  updateButtons();
}

QString HistoryPanel::describe(const HistoryEntry& e) {
  const GenerationRequest& r = e.request;
  QStringList lines;
  if (!r.prompt.empty()) lines << tr("Prompt: %1").arg(QString::fromStdString(r.prompt));
  if (!r.negative_prompt.empty()) lines << tr("Negative prompt: %1").arg(QString::fromStdString(r.negative_prompt));
  lines << tr("Task: %1, %2×%3, %4 steps, sampler %5%6, CFG %7, seed %8")
               .arg(QString::fromUtf8(task_name(r.task)))
               .arg(e.image.width())
               .arg(e.image.height())
               .arg(r.steps)
               .arg(QString::fromStdString(r.sampler), r.karras ? QStringLiteral(" (Karras)") : QString())
               .arg(r.cfg_scale)
               .arg(r.seed);
  if (!e.modelName.isEmpty()) lines << tr("Model: %1").arg(e.modelName);
  lines << tr("Time: %1 s").arg(e.seconds, 0, 'f', 1);
  if (!e.savedPath.isEmpty()) lines << tr("Saved as %1").arg(e.savedPath);
  return lines.join(QLatin1Char('\n'));
}

void HistoryPanel::addEntry(const HistoryEntry& entry) {
  m_entries.prepend(entry);
  const QPixmap thumb = QPixmap::fromImage(entry.image.scaled(m_list->iconSize() * devicePixelRatioF(), Qt::KeepAspectRatio,
                                                             Qt::SmoothTransformation));
  auto* item = new QListWidgetItem(QIcon(thumb),
                                   QStringLiteral("%1 · %2").arg(QString::fromUtf8(task_name(entry.request.task))).arg(entry.request.seed));
  item->setToolTip(describe(entry));
  m_list->insertItem(0, item);
  m_list->setCurrentRow(0);
  updateButtons();
}

int HistoryPanel::currentIndex() const { return m_list->currentRow(); }
void HistoryPanel::setCurrentIndex(int index) { m_list->setCurrentRow(index); }

void HistoryPanel::updateButtons() {
  const bool has = currentIndex() >= 0;
  for (QPushButton* b : {m_toInpaint, m_toUpscale, m_save, m_copy}) b->setEnabled(has);
}

QString HistoryPanel::saveEntry(int index, const QString& dir, QString* error) {
  if (index < 0 || index >= m_entries.size()) return {};
  const HistoryEntry& e = m_entries[index];
  const QString path = uniqueFilePath(dir, resultBaseName(e.request));
  if (!saveResultImage(e.image, path, &e.request, error)) return {};
  return path;
}

void HistoryPanel::saveCurrentAs() {
  const int index = currentIndex();
  if (index < 0) return;
  const HistoryEntry& e = m_entries[index];
  const QString suggestion = e.savedPath.isEmpty() ? resultBaseName(e.request) + QStringLiteral(".png") : e.savedPath;
  QString path = QFileDialog::getSaveFileName(this, tr("Save image"), suggestion, tr("PNG image (*.png)"),
                                              nullptr, QFileDialog::DontConfirmOverwrite);
  if (path.isEmpty()) return;
  // Never overwrite: an existing name gets a numbered sibling.
  const QFileInfo info(path);
  if (info.exists()) path = uniqueFilePath(info.absolutePath(), info.completeBaseName(), QStringLiteral("png"));
  QString error;
  if (!saveResultImage(e.image, path, &e.request, &error)) Q_EMIT errorOccurred(error);
}

void HistoryPanel::copyCurrent() {
  const int index = currentIndex();
  if (index >= 0) QApplication::clipboard()->setImage(m_entries[index].image);
}

}  // namespace ldm::ui
