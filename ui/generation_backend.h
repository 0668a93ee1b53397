#pragma once
// GenerationBackend: what the EngineWorker runs a request on. The default is the real
// ldm::Engine; tests substitute a fake so the widgets can be exercised without models.
#include <atomic>
#include <memory>

#include "core/api/engine.h"
#include "core/api/system_info.h"

namespace ldm::ui {

class GenerationBackend {
 public:
  virtual ~GenerationBackend() = default;
  // Same contract as ldm::Engine::run: throws ldm::Error (one line) or ldm::Cancelled.
  // Called on the worker thread only.
  virtual GenerationResult run(const GenerationRequest& request, const RunOptions& options) = 0;
  virtual void unloadAll() {}
  // What this machine can run (devices, precisions, library versions). Worker thread only.
  virtual SystemInfo systemInfo() { return ldm::system_info(); }
};

// The Engine-backed implementation. The Engine is created lazily on first use, i.e. on the
// worker thread, so that no LibTorch state is ever touched from the GUI thread.
class EngineBackend : public GenerationBackend {
 public:
  EngineBackend();
  ~EngineBackend() override;
  GenerationResult run(const GenerationRequest& request, const RunOptions& options) override;
  void unloadAll() override;

 private:
  std::unique_ptr<Engine> m_engine;
};

}  // namespace ldm::ui
