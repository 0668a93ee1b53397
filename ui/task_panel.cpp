#include "ui/task_panel.h"

#include "core/api/generation_request.h"
#include "ui/sampler_options.h"

#include <QEvent>
#include <QKeyEvent>
#include <QPlainTextEdit>

namespace ldm::ui {

namespace {
class GenerateKeyFilter : public QObject {
 public:
  GenerateKeyFilter(TaskPanel* panel, QObject* parent) : QObject(parent), m_panel(panel) {}
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride) {
      auto* key = static_cast<QKeyEvent*>(event);
      if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
        if (event->type() == QEvent::KeyPress) Q_EMIT m_panel->generateRequested();
        event->accept();
        return true;
      }
    }
    return QObject::eventFilter(watched, event);
  }

 private:
  TaskPanel* m_panel;
};
}  // namespace

void installGenerateShortcut(QPlainTextEdit* edit, TaskPanel* panel) {
  edit->installEventFilter(new GenerateKeyFilter(panel, edit));
}

void TaskPanel::applyRequest(const GenerationRequest& request) {
  if (SamplerOptions* o = samplerOptions()) o->applyRequest(request);
}

}  // namespace ldm::ui
