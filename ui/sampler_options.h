#pragma once
// Form pieces shared by the task panels: the sampler settings (steps, sampler, Karras, eta,
// CFG scale, seed with random toggle and "reuse last", batch count) and a size spin box that
// only accepts multiples of 8 (steps of 64).
#include <QSpinBox>
#include <QWidget>

#include <cstdint>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QSettings;
class QToolButton;

namespace ldm {
struct GenerationRequest;
struct ModelDefaults;
struct ModelInfo;
}

namespace ldm::ui {

class SizeSpinBox : public QSpinBox {
  Q_OBJECT
 public:
  explicit SizeSpinBox(QWidget* parent = nullptr);
  // The model's size multiple (ModelInfo::size_multiple); typed values round to it.
  void setMultiple(int multiple);
  int multiple() const { return m_multiple; }

 protected:
  QValidator::State validate(QString& text, int& pos) const override;
  void fixup(QString& input) const override;

 private:
  int m_multiple = 8;
};

class SamplerOptions : public QWidget {
  Q_OBJECT
 public:
  explicit SamplerOptions(bool withCfg, QWidget* parent = nullptr);

  // Fills steps, sampler, karras, eta and cfg_scale.
  void fillRequest(GenerationRequest* request) const;
  // The inverse: steps, sampler, karras, eta, cfg and the seed (random seed switched off).
  void applyRequest(const GenerationRequest& request);
  // The model's own settings: steps, sampler, karras, eta and CFG scale.
  void applyDefaults(const ModelDefaults& defaults);
  // "20 steps, DPM++ 2M, CFG 4.0" (translated) for the status bar.
  QString summary() const;
  // The seed for the next job: a fresh random one when "Random" is ticked.
  int64_t nextSeed() const;
  int batchCount() const;
  void setLastSeed(int64_t seed);
  int64_t lastSeed() const { return m_lastSeed; }
  QFormLayout* form() const { return m_form; }

  void saveSettings(QSettings& settings, const QString& group) const;
  void loadSettings(QSettings& settings, const QString& group);

  QSpinBox* stepsBox() const { return m_steps; }
  QComboBox* samplerBox() const { return m_sampler; }
  QSpinBox* seedBox() const { return m_seed; }
  QCheckBox* randomSeedBox() const { return m_randomSeed; }
  QSpinBox* batchCountBox() const { return m_batchCount; }
  QDoubleSpinBox* cfgBox() const { return m_cfg; }  // nullptr when the task has no guidance

 private:
  void updateEnabled();
  QFormLayout* m_form;
  QSpinBox* m_steps;
  QComboBox* m_sampler;
  QCheckBox* m_karras;
  QDoubleSpinBox* m_eta;
  QDoubleSpinBox* m_cfg = nullptr;
  QSpinBox* m_seed;
  QCheckBox* m_randomSeed;
  QToolButton* m_reuseSeed;
  QSpinBox* m_batchCount;
  int64_t m_lastSeed = -1;
};

// The "Size: [width] × [height]" row at the top of `options`' form (txt2img and layout).
void insertSizeRow(SamplerOptions* options, SizeSpinBox** width, SizeSpinBox** height);
// The model's native size in the size row, and its size multiple as the boxes' step.
void applyNativeSize(SizeSpinBox* width, SizeSpinBox* height, const ModelInfo& model);
// Replaces a size the model cannot use (not a multiple of its size_multiple) by its native size;
// returns the replacement made (translated) for the status bar.
QStringList fitSizeToModel(SizeSpinBox* width, SizeSpinBox* height, const ModelInfo& model);
// The size boxes in the current group of a tab's settings ("width", "height"); loading keeps a box's
// value where the settings hold none.
void saveSize(QSettings& settings, const SizeSpinBox* width, const SizeSpinBox* height);
void loadSize(QSettings& settings, SizeSpinBox* width, SizeSpinBox* height);

}  // namespace ldm::ui
