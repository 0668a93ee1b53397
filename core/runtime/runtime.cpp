#include "core/runtime/runtime.h"

#include "core/runtime/cpu_allocator.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <dlfcn.h>
#include <unistd.h>

namespace ldm {

EnvSwitch::EnvSwitch(const char* name) {
  const char* env = std::getenv(name);
  on_ = !(env && std::strcmp(env, "0") == 0);
}


void ensure_process_environment(int argc, char** argv) {
  (void)argc;
  if (const char* no = std::getenv("LDM_NO_REEXEC"); no != nullptr && std::strcmp(no, "1") == 0) return;
  bool changed = false;
#if defined(__x86_64__) || defined(__i386__)
  if (std::getenv("OPENBLAS_CORETYPE") == nullptr) {
    __builtin_cpu_init();
    const char* core = nullptr;
    if (__builtin_cpu_supports("avx512f")) {
      core = "SkylakeX";
    } else if (__builtin_cpu_supports("avx2")) {
      core = "Haswell";
    }
    if (core != nullptr) {
      ::setenv("OPENBLAS_CORETYPE", core, 1);
      changed = true;
    }
  }
#endif
  if (std::getenv("OMP_WAIT_POLICY") == nullptr) {
    ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    changed = true;
  }
  if (!changed) return;
  ::setenv("LDM_NO_REEXEC", "1", 1);  // never loop
  ::execv("/proc/self/exe", argv);
  // execv failed: carry on with the defaults.
}

void init_threads(int threads) {
  if (threads <= 0) {
    if (const char* env = std::getenv("LDM_THREADS")) threads = std::atoi(env);
  }
  if (threads <= 0) threads = static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  at::set_num_threads(threads);
  // Correctness first: fp32 means fp32 on CUDA too (TF32 convolutions and matmuls move results by
  // ~1e-3, far outside the reference tolerances). LDM_ALLOW_TF32=1 trades that for speed.
  const char* tf32 = std::getenv("LDM_ALLOW_TF32");
  const bool allow = tf32 != nullptr && std::strcmp(tf32, "1") == 0;
  at::globalContext().setAllowTF32CuDNN(allow);
  at::globalContext().setAllowTF32CuBLAS(allow);
}

bool set_blas_threads(int threads) {
  using SetThreads = void (*)(int);
  auto fn = reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (fn == nullptr) return false;
  fn(threads);
  return true;
}

void init_runtime(int argc, char** argv) {
  ensure_process_environment(argc, argv);
  init_threads();
  install_cpu_caching_allocator();
}

namespace {
// The "KEY:   N kB" line of a /proc file, in bytes; 0 when it is not there.
long long proc_kib_field(const char* file, const char* key) {
  std::ifstream in(file);
  std::string line;
  const size_t n = std::strlen(key);
  while (std::getline(in, line)) {
    if (line.compare(0, n, key) == 0) return std::atoll(line.c_str() + n) * 1024;
  }
  return 0;
}
}  // namespace

long long available_memory_bytes() { return proc_kib_field("/proc/meminfo", "MemAvailable:"); }
long long current_rss_bytes() { return proc_kib_field("/proc/self/status", "VmRSS:"); }
long long peak_rss_bytes() { return proc_kib_field("/proc/self/status", "VmHWM:"); }

bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace ldm
