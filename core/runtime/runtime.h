#pragma once
// Process-level setup shared by every executable: BLAS kernel selection and thread count.
#include <atomic>

namespace ldm {

// A process-wide on/off switch of a fast path: on unless the environment variable `name` is "0" when
// first constructed; settable for side-by-side timings (ldm bench).
class EnvSwitch {
 public:
  explicit EnvSwitch(const char* name);
  bool on() const { return on_.load(std::memory_order_relaxed); }
  void set(bool on) { on_.store(on, std::memory_order_relaxed); }

 private:
  std::atomic<bool> on_;
};

// Settings that libraries read once, when they are loaded, so they must be in the environment
// before the process starts. If one is unset, this sets it and re-executes the program once
// (LDM_NO_REEXEC=1 disables that). Call first thing in main(); returns if nothing is needed.
// - OPENBLAS_CORETYPE: on this class of CPU OpenBLAS's auto-detection falls back to a generic
//   kernel (4x slower); set from the CPU flags (SkylakeX with AVX-512, Haswell with AVX2).
// - OMP_WAIT_POLICY=PASSIVE: LibTorch's OpenMP threads otherwise spin at every barrier; when any
//   other program (or the GUI thread) takes a core, the spinning thread holds up the one doing
//   the work. Measured on the 2-core VM, one SD 1.5 UNet step at 256x256 with a compile running
//   alongside: 12.6 s spinning, 4.4 s passive; on an idle machine 3.2 s vs 3.4 s.
void ensure_process_environment(int argc, char** argv);

// Uses every core for intra-op parallelism (LibTorch defaults to 1 thread on 2-core machines).
// `threads` <= 0 means all cores (or $LDM_THREADS when set).
void init_threads(int threads = 0);

// OpenBLAS's own threads (pthread build) spin while LibTorch's intra-op threads also run: on a
// workload of many small matmuls inside LibTorch's parallel regions (training a small model) the
// two pools fight over the cores (measured: 2x slower on 2 cores). Sets OpenBLAS's thread count
// when the loaded BLAS is OpenBLAS; returns false otherwise.
bool set_blas_threads(int threads);

// The memory the kernel says is available for new allocations without swapping (/proc/meminfo
// MemAvailable), in bytes; 0 when unknown.
long long available_memory_bytes();

// The process's resident set now (VmRSS) and its peak (VmHWM) in bytes, 0 when unknown; and the reset
// of that peak to the current size (/proc/self/clear_refs "5"), so that a peak can be taken of one
// part of a run. reset_peak_rss returns false when the kernel refuses it (the peak then counts from
// the start of the process).
long long current_rss_bytes();
long long peak_rss_bytes();
bool reset_peak_rss();

// All of the above, and the caching CPU allocator (core/runtime/cpu_allocator.h).
void init_runtime(int argc, char** argv);

}  // namespace ldm
