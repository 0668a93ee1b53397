#pragma once
// Saving results: never overwrites (name.png, name-1.png, name-2.png, ...).
#include <QImage>
#include <QString>

namespace ldm {
struct GenerationRequest;
}

namespace ldm::ui {

// Writes `image` to `path` (the file must not exist yet; it is created exclusively so that a
// concurrent writer cannot be overwritten). `request` (optional) is recorded with the image.
bool saveResultImage(const QImage& image, const QString& path, const GenerationRequest* request, QString* error);

// The same at `path` or, when that name is taken (before, or by another writer - another window, the
// CLI - while this one writes), at the first free NAME-1.ext, NAME-2.ext, ... (core's write_file_unique).
// Returns the path written; empty, with *error set, when the image could not be written.
QString saveResultImageAs(const QImage& image, const QString& path, const GenerationRequest* request, QString* error);

// File dialog filter for the image formats the GUI reads.
QString imageFileFilter();

// A file name stem for a result: "<task>-<seed>".
QString resultBaseName(const GenerationRequest& request);

}  // namespace ldm::ui
