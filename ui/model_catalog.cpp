#include "ui/model_catalog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

namespace ldm::ui {

namespace {

// Header of a .safetensors file: 8-byte little-endian length, then JSON. Bounded read.
QJsonObject safetensorsHeader(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  const QByteArray len = f.read(8);
  if (len.size() != 8) return {};
  const quint64 n = qFromLittleEndian<quint64>(len.constData());
  if (n == 0 || n > 100u * 1024 * 1024) return {};
  return QJsonDocument::fromJson(f.read(qint64(n))).object();
}

QString configBeside(const QFileInfo& info) {
  const QString sameName = info.dir().filePath(info.completeBaseName() + QStringLiteral(".yaml"));
  if (QFileInfo::exists(sameName)) return sameName;
  const QString inFolder = info.isDir() ? QDir(info.filePath()).filePath(QStringLiteral("config.yaml"))
                                        : info.dir().filePath(QStringLiteral("config.yaml"));
  return QFileInfo::exists(inFolder) ? inFolder : QString();
}

void guessFromConfig(const QString& yamlPath, ModelInfo* m) {
  QFile f(yamlPath);
  if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return;
  const QString text = QString::fromUtf8(f.read(1 << 20));
  if (text.contains(QLatin1String("FrozenOpenCLIPEmbedder"))) m->family = QStringLiteral("Stable Diffusion 2.x");
  else if (text.contains(QLatin1String("FrozenCLIPEmbedder"))) m->family = QStringLiteral("Stable Diffusion 1.x");
  else if (text.contains(QLatin1String("LatentDiffusion"))) m->family = QStringLiteral("LDM");
  // LDM-BSR style super-resolution: the low-res image concatenated (cond stage Identity, key LR_image).
  if (text.contains(QLatin1String("LatentUpscaleDiffusion")) || text.contains(QLatin1String("LowScale")) ||
      text.contains(QLatin1String("superres"), Qt::CaseInsensitive) || text.contains(QLatin1String("LR_image"))) {
    m->task = QStringLiteral("upscale");
  } else if (text.contains(QLatin1String("BBoxTokenizer")) || text.contains(QLatin1String("ObjectsBoundingBoxConditionalBuilder")) ||
             text.contains(QLatin1String("layout"), Qt::CaseInsensitive)) {
    m->task = QStringLiteral("layout");
  } else if (text.contains(QLatin1String("LatentInpaintDiffusion")) || text.contains(QLatin1String("in_channels: 9")) ||
             text.contains(QLatin1String("conditioning_key: hybrid")) ||
             text.contains(QLatin1String("inpaint"), Qt::CaseInsensitive)) {
    m->task = QStringLiteral("inpaint");
  } else if (text.contains(QLatin1String("cond_stage_trainable")) || text.contains(QLatin1String("Embedder"))) {
    m->task = QStringLiteral("txt2img");
  }
}

void guessFromTensors(const QJsonObject& header, ModelInfo* m) {
  if (header.isEmpty()) return;
  if (m->family.isEmpty()) {
    if (header.contains(QLatin1String("cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight")) ||
        header.contains(QLatin1String("cond_stage_model.model.token_embedding.weight"))) {
      m->family = QStringLiteral("Stable Diffusion 2.x");
    } else if (header.contains(QLatin1String("cond_stage_model.transformer.text_model.embeddings.token_embedding.weight"))) {
      m->family = QStringLiteral("Stable Diffusion 1.x");
    } else if (header.contains(QLatin1String("model.diffusion_model.input_blocks.0.0.weight"))) {
      m->family = QStringLiteral("LDM");
    }
  }
  if (m->task.isEmpty()) {
    const QJsonArray shape = header.value(QLatin1String("model.diffusion_model.input_blocks.0.0.weight"))
                                 .toObject().value(QLatin1String("shape")).toArray();
    const int inChannels = shape.size() == 4 ? shape[1].toInt() : 0;
    // Concatenated conditioning changes the first conv's input channels: SD inpainting 4+1+4 = 9,
    // LDM inpainting 3+1+3 = 7, SD x4 upscaler 4+3 = 7 (recognised by its low_scale_model),
    // LDM super-resolution 3+3 = 6.
    if (header.contains(QLatin1String("low_scale_model.betas")) || inChannels == 6) m->task = QStringLiteral("upscale");
    else if (inChannels == 9 || inChannels == 7) m->task = QStringLiteral("inpaint");
    else if (m->family.startsWith(QLatin1String("Stable"))) m->task = QStringLiteral("txt2img");
  }
}

void guessFromName(const QString& name, ModelInfo* m) {
  const QString n = name.toLower();
  if (m->task.isEmpty()) {
    if (n.contains(QLatin1String("inpaint"))) m->task = QStringLiteral("inpaint");
    else if (n.contains(QLatin1String("layout")) || n.contains(QLatin1String("openimages")) || n.contains(QLatin1String("bbox"))) m->task = QStringLiteral("layout");
    else if (n.contains(QLatin1String("upscal")) || n.contains(QLatin1String("sr")) || n.contains(QLatin1String("superres"))) m->task = QStringLiteral("upscale");
    else if (n.contains(QLatin1String("txt2img")) || n.contains(QLatin1String("text2img")) || n.contains(QLatin1String("sd-v")) || n.contains(QLatin1String("v1-5")) || n.contains(QLatin1String("v2-1"))) m->task = QStringLiteral("txt2img");
  }
  if (m->family.isEmpty()) {
    if (n.contains(QLatin1String("v2")) || n.contains(QLatin1String("768"))) m->family = QStringLiteral("Stable Diffusion 2.x");
    else if (n.contains(QLatin1String("sd")) || n.contains(QLatin1String("v1"))) m->family = QStringLiteral("Stable Diffusion 1.x");
    else if (n.contains(QLatin1String("ldm"))) m->family = QStringLiteral("LDM");
  }
}

}  // namespace

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

ModelInfo ModelCatalog::identify(const QString& path) {
  const QFileInfo info(path);
  ModelInfo m;
  m.path = info.absoluteFilePath();
  m.name = info.fileName();
  if (const QString yaml = configBeside(info); !yaml.isEmpty()) guessFromConfig(yaml, &m);
  QString tensors = path;
  if (info.isDir()) tensors = QDir(path).filePath(QStringLiteral("model.safetensors"));
  if (tensors.endsWith(QLatin1String(".safetensors"), Qt::CaseInsensitive)) guessFromTensors(safetensorsHeader(tensors), &m);
  guessFromName(m.name, &m);
  return m;
}

QList<ModelInfo> ModelCatalog::scan(const QString& dir, bool bundled) {
  QList<ModelInfo> out;
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
  for (ModelInfo& m : out) m.bundled = bundled;
  return out;
}

}  // namespace ldm::ui
