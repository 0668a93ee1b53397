#pragma once
// ModelCatalog: the checkpoints the model picker offers, each described by the engine's one model
// description (core/api/model_info.h: family, tasks, native size, defaults), read from the config and
// the file's header without loading weights. A file that is not a model stays listed with its error.
#include <QList>
#include <QString>

#include "core/api/model_info.h"

namespace ldm::ui {

struct CatalogEntry {
  QString path;
  QString name;         // file or folder name
  bool bundled = false;
  QString error;        // why it is not a usable model; empty when `info` is valid
  ldm::ModelInfo info;

  bool valid() const { return error.isEmpty(); }
  bool serves(ldm::Task task) const { return valid() && info.serves(task); }
  // "name — Family · tasks" for the picker.
  QString label() const;
};

class ModelCatalog {
 public:
  static bool isModelFile(const QString& path);  // .ckpt / .safetensors / a model or diffusers folder
  static CatalogEntry identify(const QString& path);
  // Model files directly in `dir` and one level below it.
  static QList<CatalogEntry> scan(const QString& dir, bool bundled = false);
};

}  // namespace ldm::ui
