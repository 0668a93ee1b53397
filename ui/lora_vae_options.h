#pragma once
// LoraVaeOptions: what a Stable Diffusion model runs with besides its own weights — a list of LoRA
// files, each with a strength, and a VAE replacing the model's first stage (GenerationRequest::loras,
// ::vae). One widget for every tab that runs Stable Diffusion models; the TaskPanel base owns it (fills
// the request, restores it from a picture, follows the model, keeps it in the settings). For other
// models it is disabled and says why: the engine refuses LoRAs for them.
#include <QList>
#include <QStringList>
#include <QWidget>

#include "core/api/generation_request.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSettings;
class QToolButton;
class QVBoxLayout;

namespace ldm {
struct ModelInfo;
}

namespace ldm::ui {

class LoraVaeOptions : public QWidget {
  Q_OBJECT
 public:
  explicit LoraVaeOptions(QWidget* parent = nullptr);

  // Whether LoRAs and a VAE apply to `model` (the Stable Diffusion families).
  static bool appliesTo(const ModelInfo& model);
  // Enables the controls for Stable Diffusion models; otherwise disables them with a tooltip that
  // says why. The entries stay (they come back with a Stable Diffusion model).
  void useModel(const ModelInfo& model);
  bool applies() const { return m_applies; }

  // The LoRA list: a file (or a name in the LoRA folders, as a picture records it) and its strength.
  void addLora(const QString& path, double strength = 1.0);
  void removeLora(int row);
  int loraCount() const { return m_rows.size(); }
  QList<LoraRef> loras() const;
  QDoubleSpinBox* strengthBox(int row) const;
  QToolButton* removeButton(int row) const;
  QPushButton* addButton() const { return m_add; }

  // "" = the model's own first stage.
  void setVae(const QString& path);
  QString vae() const;
  QComboBox* vaeBox() const { return m_vae; }

  // Fills request->loras and ->vae when they apply to the tab's model (else leaves them empty).
  void fillRequest(GenerationRequest* request) const;
  // The LoRAs and VAE a picture was made with (none: the list is emptied).
  void applyRequest(const GenerationRequest& request);
  void saveSettings(QSettings& settings, const QString& group) const;
  void loadSettings(QSettings& settings, const QString& group);

 public Q_SLOTS:
  void addLoraDialog();
  void chooseVaeDialog();

 private:
  struct Row {
    LoraRef lora;
    QWidget* widget = nullptr;
    QDoubleSpinBox* strength = nullptr;
    QToolButton* remove = nullptr;
  };
  void addRow(const LoraRef& lora);
  void clearLoras();
  void updateEmptyNote();
  bool m_applies = true;
  QList<Row> m_rows;
  QVBoxLayout* m_list;
  QLabel* m_empty;
  QPushButton* m_add;
  QComboBox* m_vae;
  QToolButton* m_chooseVae;
};

}  // namespace ldm::ui
