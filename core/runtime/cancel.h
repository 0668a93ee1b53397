#pragma once
// Cancellation reaches code that does not take a flag (loading weights, a UNet or decoder forward
// pass): the Engine installs the run's flag for the current thread with a CancelScope, and the long
// loops call throw_if_cancelled() between their pieces (a tensor loaded, a block run). Without a scope
// it does nothing. One atomic load per call.
#include <atomic>

namespace ldm {

class CancelScope {
 public:
  explicit CancelScope(const std::atomic<bool>* flag);
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

 private:
  const std::atomic<bool>* previous_;
};

// Throws ldm::Cancelled when the current thread's flag is set.
void throw_if_cancelled();

}  // namespace ldm
