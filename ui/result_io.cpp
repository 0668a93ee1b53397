#include "ui/result_io.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>

#include "core/api/generation_request.h"

namespace ldm::ui {

QString uniqueFilePath(const QString& dir, const QString& base, const QString& suffix) {
  const QDir d(dir);
  QString candidate = d.filePath(base + QLatin1Char('.') + suffix);
  for (int i = 1; QFileInfo::exists(candidate); ++i) {
    candidate = d.filePath(QStringLiteral("%1-%2.%3").arg(base).arg(i).arg(suffix));
  }
  return candidate;
}

QString imageFileFilter() {
  return QCoreApplication::translate("ldm::ui::ResultIo", "Images (*.png *.jpg *.jpeg *.bmp *.webp)");
}

QString resultBaseName(const GenerationRequest& request) {
  return QStringLiteral("%1-%2").arg(QString::fromUtf8(task_name(request.task))).arg(request.seed);
}

bool saveResultImage(const QImage& image, const QString& path, const GenerationRequest* request, QString* error) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
    if (error) {
      *error = QCoreApplication::translate("ldm::ui::ResultIo", "Cannot create %1: %2").arg(path, file.errorString());
    }
    return false;
  }
  QImage out = image;
  // ---- PNG METADATA -------------------------------------------------------------------------
  // TODO(imaging): replace this block with the ldm_imaging PNG writer (branch `imaging`), which
  // records the full request in the format the CLI reads back. Until then the request goes into
  // a plain tEXt chunk "ldm-request" (JSON) through QImage's text keys.
  if (request) out.setText(QStringLiteral("ldm-request"), QString::fromStdString(request->to_json().dump()));
  // --------------------------------------------------------------------------------------------
  QImageWriter writer(&file, QFileInfo(path).suffix().toLatin1());
  if (!writer.write(out)) {
    if (error) {
      *error = QCoreApplication::translate("ldm::ui::ResultIo", "Cannot write %1: %2").arg(path, writer.errorString());
    }
    file.remove();
    return false;
  }
  return true;
}

}  // namespace ldm::ui
