#pragma once
// A GenerationBackend without models: `request.steps` steps of `stepDelayMs`, one preview per
// step (a flat grey of value 10*step), then a final image (flat colour kFinalColor). Checks the
// cancellation flag before every step, like the engine's samplers. Knobs for tests:
//  - alternatePreviews: odd steps' previews are "decoded", even ones "projected" (a misbehaving
//    engine: the window must still show one kind per run);
//  - failCode/failMessage: every run fails with that ldm::Error;
//  - system: what systemInfo() reports (the CPU with fp32 and bf16 unless set).
#include <QThread>

#include <algorithm>
#include <atomic>
#include <mutex>

#include "core/error.h"
#include "ui/generation_backend.h"

namespace ldm::test {

class FakeBackend : public ui::GenerationBackend {
 public:
  static constexpr uint8_t kFinalColor[3] = {12, 200, 34};
  explicit FakeBackend(int stepDelayMs = 5) : m_delayMs(stepDelayMs) {
    system.libtorch_version = "0.0-fake";
    system.devices.push_back({"cpu", "CPU", 0, {"fp32", "bf16"}});
  }

  GenerationResult run(const GenerationRequest& request, const RunOptions& options) override {
    ++runs;
    stepsDone = 0;
    lastMemory = options.memory;
    {
      std::lock_guard<std::mutex> lock(mutex);
      lastRequest = request;
    }
    const std::atomic<bool>* cancel = options.cancel;
    if (failCode != ErrorCode::Unspecified) throw RequestError(failMessage, failCode);
    const int w = request.width > 0 ? request.width : 64;
    const int h = request.height > 0 ? request.height : 64;
    for (int step = 1; step <= request.steps; ++step) {
      if (cancel && cancel->load()) throw Cancelled();
      QThread::msleep(m_delayMs);
      StepInfo info;
      info.step = step;
      info.total = request.steps;
      info.preview = Image::blank(w / 8, h / 8, 3, uint8_t(std::min(255, 10 * step)));
      info.decoded_preview = alternatePreviews ? step % 2 == 1 : false;
      if (options.on_step) options.on_step(info);
      stepsDone = step;
    }
    if (cancel && cancel->load()) throw Cancelled();
    GenerationResult result;
    result.request = request;
    result.model.name = "fake";
    result.low_memory = options.memory == MemoryUse::Low;
    Image image = Image::blank(w, h, 3);
    for (int i = 0; i < w * h; ++i) {
      for (int c = 0; c < 3; ++c) image.pixels[size_t(i) * 3 + c] = kFinalColor[c];
    }
    result.images.push_back(image);
    return result;
  }

  SystemInfo systemInfo() override { return system; }

  std::atomic<int> runs{0};
  std::atomic<int> stepsDone{0};
  std::atomic<bool> alternatePreviews{false};
  std::atomic<ErrorCode> failCode{ErrorCode::Unspecified};
  std::string failMessage;  // set before the window submits anything
  SystemInfo system;
  std::mutex mutex;
  GenerationRequest lastRequest;
  std::atomic<MemoryUse> lastMemory{MemoryUse::Auto};

 private:
  int m_delayMs;
};

}  // namespace ldm::test
