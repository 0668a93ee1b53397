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

QString imageFileFilter() {
  return QCoreApplication::translate("ldm::ui::ResultIo", "Images (*.png *.jpg *.jpeg *.bmp *.webp)");
}

QString resultBaseName(const GenerationRequest& request) {
  return QStringLiteral("%1-%2").arg(QString::fromUtf8(task_name(request.task))).arg(request.seed);
}

namespace {

// Encodes `image` for `path`'s format and writes it atomically, never over an existing file: at `path`
// exactly, or (unique) at the first free NAME-N.ext. PNG results carry the A1111 "parameters" chunk and
// the full request ("ldm-request"), which `ldm --from-png` reads.
QString writeResult(const QImage& image, const QString& path, const GenerationRequest* request, bool unique,
                    QString* error) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  std::vector<uint8_t> png;
  QByteArray encoded;
  const char* data = nullptr;
  size_t size = 0;
  try {
    if (QFileInfo(path).suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0) {
      png = encode_png(fromQImage(image, 3), request ? generation_metadata(*request) : std::vector<PngText>{});
      data = reinterpret_cast<const char*>(png.data());
      size = png.size();
    } else {
      QBuffer buffer(&encoded);
      buffer.open(QIODevice::WriteOnly);
      QImageWriter writer(&buffer, QFileInfo(path).suffix().toLatin1());
      if (!writer.write(image)) {
        if (error) {
          *error = QCoreApplication::translate("ldm::ui::ResultIo", "Cannot write %1: %2").arg(path, writer.errorString());
        }
        return {};
      }
      data = encoded.constData();
      size = static_cast<size_t>(encoded.size());
    }
    const std::string target = QFile::encodeName(path).toStdString();
    if (unique) return QFile::decodeName(write_file_unique(target, data, size).c_str());
    AtomicFile file(target, /*overwrite=*/false);
    file.write(data, size);
    file.commit();
    return path;
  } catch (const std::exception& e) {
    if (error) *error = QString::fromStdString(e.what());
    return {};
  }
}

}  // namespace

bool saveResultImage(const QImage& image, const QString& path, const GenerationRequest* request, QString* error) {
  return !writeResult(image, path, request, /*unique=*/false, error).isEmpty();
}

QString saveResultImageAs(const QImage& image, const QString& path, const GenerationRequest* request, QString* error) {
  return writeResult(image, path, request, /*unique=*/true, error);
}

}  // namespace ldm::ui
