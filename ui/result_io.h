#pragma once
// Saving results: never overwrites (name.png, name-1.png, name-2.png, ...).
#include <QImage>
#include <QString>

namespace ldm {
struct GenerationRequest;
}

namespace ldm::ui {

// First of dir/base.suffix, dir/base-1.suffix, ... that does not exist.
QString uniqueFilePath(const QString& dir, const QString& base, const QString& suffix = QStringLiteral("png"));

// Writes `image` to `path` (the file must not exist yet; it is created exclusively so that a
// concurrent writer cannot be overwritten). `request` (optional) is recorded with the image.
bool saveResultImage(const QImage& image, const QString& path, const GenerationRequest* request, QString* error);

// File dialog filter for the image formats the GUI reads.
QString imageFileFilter();

// A file name stem for a result: "<task>-<seed>".
QString resultBaseName(const GenerationRequest& request);

}  // namespace ldm::ui
