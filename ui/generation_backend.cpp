#include "ui/generation_backend.h"

namespace ldm::ui {

EngineBackend::EngineBackend() = default;
EngineBackend::~EngineBackend() = default;

GenerationResult EngineBackend::run(const GenerationRequest& request, const StepCallback& onStep,
                                    const std::atomic<bool>* cancel) {
  if (!m_engine) m_engine = std::make_unique<Engine>();
  RunOptions options;
  options.on_step = onStep;
  options.previews = true;  // the window shows them
  options.cancel = cancel;
  return m_engine->run(request, options);
}

void EngineBackend::unloadAll() {
  if (m_engine) m_engine->unload_all();
}

}  // namespace ldm::ui
