#include "core/runtime/cancel.h"

#include "core/error.h"

namespace ldm {
namespace {
thread_local const std::atomic<bool>* current_flag = nullptr;
}  // namespace

CancelScope::CancelScope(const std::atomic<bool>* flag) : previous_(current_flag) { current_flag = flag; }
CancelScope::~CancelScope() { current_flag = previous_; }

void throw_if_cancelled() {
  if (current_flag != nullptr && current_flag->load(std::memory_order_relaxed)) throw Cancelled();
}

}  // namespace ldm
