#pragma once
// ModelCatalog: the checkpoints the model picker offers. Family and task are guessed without
// LibTorch: from a config.yaml beside the file, the safetensors header (tensor names and
// shapes, no data) and finally the file name.
#include <QList>
#include <QString>
#include <QStringList>

namespace ldm::ui {

struct ModelInfo {
  QString path;
  QString name;    // file or folder name
  QString family;  // "Stable Diffusion 1.x", "Stable Diffusion 2.x", "LDM", "" (unknown)
  QString task;    // "txt2img", "inpaint", "layout", "upscale", "" (unknown)
  bool bundled = false;
};

class ModelCatalog {
 public:
  static bool isModelFile(const QString& path);  // .ckpt / .safetensors / diffusers folder
  static ModelInfo identify(const QString& path);
  // Model files directly in `dir` and one level below it.
  static QList<ModelInfo> scan(const QString& dir, bool bundled = false);
};

}  // namespace ldm::ui
