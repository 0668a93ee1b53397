#pragma once
// A GenerationBackend without models: `request.steps` steps of `stepDelayMs`, one preview per
// step (a flat grey of value 10*step), then a final image (flat colour kFinalColor). Checks the
// cancellation flag before every step, like the engine's samplers.
#include <QThread>

#include <algorithm>
#include <atomic>

#include "core/error.h"
#include "ui/generation_backend.h"

namespace ldm::test {

class FakeBackend : public ui::GenerationBackend {
 public:
  static constexpr uint8_t kFinalColor[3] = {12, 200, 34};
  explicit FakeBackend(int stepDelayMs = 5) : m_delayMs(stepDelayMs) {}

  GenerationResult run(const GenerationRequest& request, const StepCallback& onStep,
                       const std::atomic<bool>* cancel) override {
    ++runs;
    stepsDone = 0;
    const int w = request.width > 0 ? request.width : 64;
    const int h = request.height > 0 ? request.height : 64;
    for (int step = 1; step <= request.steps; ++step) {
      if (cancel && cancel->load()) throw Cancelled();
      QThread::msleep(m_delayMs);
      StepInfo info;
      info.step = step;
      info.total = request.steps;
      info.preview = Image::blank(w / 8, h / 8, 3, uint8_t(std::min(255, 10 * step)));
      onStep(info);
      stepsDone = step;
    }
    if (cancel && cancel->load()) throw Cancelled();
    GenerationResult result;
    result.request = request;
    result.model.name = "fake";
    Image image = Image::blank(w, h, 3);
    for (int i = 0; i < w * h; ++i) {
      for (int c = 0; c < 3; ++c) image.pixels[size_t(i) * 3 + c] = kFinalColor[c];
    }
    result.images.push_back(image);
    return result;
  }

  std::atomic<int> runs{0};
  std::atomic<int> stepsDone{0};

 private:
  int m_delayMs;
};

}  // namespace ldm::test
