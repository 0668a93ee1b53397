#include "ui/generation_backend.h"

namespace ldm::ui {

EngineBackend::EngineBackend() = default;
EngineBackend::~EngineBackend() = default;

GenerationResult EngineBackend::run(const GenerationRequest& request, const RunOptions& options) {
  if (!m_engine) m_engine = std::make_unique<Engine>();
  return m_engine->run(request, options);
}

void EngineBackend::unloadAll() {
  if (m_engine) m_engine->unload_all();
}

}  // namespace ldm::ui
