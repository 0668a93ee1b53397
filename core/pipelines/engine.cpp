// Engine facade (core/api/engine.h). Skeleton: the pipelines are wired in as they land.
#include "core/api/engine.h"

#include "core/error.h"

namespace ldm {

struct Engine::Impl {};

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() = default;

GenerationResult Engine::run(const GenerationRequest& request, const StepCallback&, const std::atomic<bool>*) {
  throw Error(std::string("the ") + task_name(request.task) + " pipeline is not available in this build yet");
}

void Engine::unload_all() {}

}  // namespace ldm
