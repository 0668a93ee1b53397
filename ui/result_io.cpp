#include "ui/result_io.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>

#include "core/api/generation_request.h"
#include "core/imaging/image_io.h"
#include "core/imaging/png_metadata.h"
#include "core/io/atomic_file.h"
#include "ui/image_convert.h"

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
  // PNG results go through ldm_imaging: written atomically, never over an existing file, with the
  // A1111 "parameters" chunk and the full request ("ldm-request"), which `ldm --from-png` reads.
  if (QFileInfo(path).suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0) {
    try {
      std::vector<PngText> texts;
      if (request) texts = generation_metadata(*request);
      save_png(QFile::encodeName(path).toStdString(), fromQImage(image, 3), texts);
      return true;
    } catch (const std::exception& e) {
      if (error) *error = QString::fromStdString(e.what());
      return false;
    }
  }
  // Other formats: encoded in memory, then written the same atomic, never-overwriting way.
  QByteArray encoded;
  QBuffer buffer(&encoded);
  buffer.open(QIODevice::WriteOnly);
  QImageWriter writer(&buffer, QFileInfo(path).suffix().toLatin1());
  if (!writer.write(image)) {
    if (error) {
      *error = QCoreApplication::translate("ldm::ui::ResultIo", "Cannot write %1: %2").arg(path, writer.errorString());
    }
    return false;
  }
  try {
    AtomicFile file(QFile::encodeName(path).toStdString(), /*overwrite=*/false);
    file.write(encoded.constData(), static_cast<size_t>(encoded.size()));
    file.commit();
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return false;
  }
  return true;
}

}  // namespace ldm::ui
