#include "ui/model_catalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStringList>

#include "core/error.h"

namespace ldm::ui {

QString CatalogEntry::label() const {
  if (!valid()) return QCoreApplication::translate("ldm::ui::ModelCatalog", "%1 — not a usable model").arg(name);
  QStringList tasks;
  for (ldm::Task t : info.tasks) tasks << QString::fromUtf8(task_name(t));
  QStringList details{QString::fromStdString(info.family_name)};
  if (!tasks.isEmpty()) details << tasks.join(QStringLiteral(", "));
  if (bundled) details << QCoreApplication::translate("ldm::ui::ModelCatalog", "bundled");
  return QStringLiteral("%1 — %2").arg(name, details.join(QStringLiteral(" · ")));
}

bool ModelCatalog::isModelFile(const QString& path) {
  const QFileInfo info(path);
  if (info.isDir()) {
    const QDir d(path);
    return d.exists(QStringLiteral("model_index.json")) || d.exists(QStringLiteral("model.ckpt")) ||
           d.exists(QStringLiteral("model.safetensors"));
  }
  const QString suffix = info.suffix().toLower();
  return suffix == QLatin1String("ckpt") || suffix == QLatin1String("safetensors");
}

CatalogEntry ModelCatalog::identify(const QString& path) {
  const QFileInfo file(path);
  CatalogEntry e;
  e.path = file.absoluteFilePath();
  e.name = file.fileName();
  try {
    e.info = ldm::describe_model(e.path.toStdString());
    e.name = QString::fromStdString(e.info.name);
    e.bundled = e.info.bundled;
  } catch (const std::exception& ex) {
    e.error = QString::fromUtf8(ex.what());
  }
  return e;
}

QList<CatalogEntry> ModelCatalog::scan(const QString& dir, bool bundled) {
  QList<CatalogEntry> out;
  if (dir.isEmpty() || !QFileInfo(dir).isDir()) return out;
  const QDir root(dir);
  for (const QFileInfo& entry : root.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    if (isModelFile(entry.filePath())) {
      out.append(identify(entry.filePath()));
    } else if (entry.isDir()) {
      for (const QFileInfo& inner : QDir(entry.filePath()).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (isModelFile(inner.filePath()) && !inner.isDir()) out.append(identify(inner.filePath()));
      }
    }
  }
  for (CatalogEntry& m : out) m.bundled = m.bundled || bundled;
  return out;
}

}  // namespace ldm::ui
