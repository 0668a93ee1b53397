#pragma once
// A caching allocator for CPU tensors.
//
// LibTorch's default CPU allocator hands every request to posix_memalign/free. glibc serves the
// large ones (activations, attention scores: 1-64 MB each, hundreds per UNet call) with fresh
// mmap/munmap, so every sampler step faults in and zeroes the same gigabytes again: on the 2-core
// VM a third of a 256x256 SD 1.5 step was kernel time (clear_page, page faults). A sampler asks
// for the same sizes step after step, so keeping freed blocks in size classes and handing them out
// again removes that cost. Small blocks (< 64 KiB) are not cached (glibc serves them from its bins).
//
// The cache is bounded: a freed block that would take it over the limit is returned to the
// system, a miss first returns as many cached bytes of other sizes as it takes (so the process
// grows only when its live tensors do), and release_cpu_cache() empties it (the engine calls it when a job ends, so an idle
// application does not keep a sampler's working set). LDM_CPU_CACHE_MB sets the limit
// (0 disables the caching allocator; default 2048).
#include <cstddef>
#include <cstdint>

namespace ldm {

// Installs the caching allocator as LibTorch's CPU allocator (idempotent). Returns false when it
// is disabled (LDM_CPU_CACHE_MB=0).
bool install_cpu_caching_allocator();

// Returns every cached block to the system.
void release_cpu_cache();

// Changes the limit (and empties the cache).
void set_cpu_cache_limit(std::size_t bytes);

struct CpuCacheStats {
  std::size_t cached_bytes = 0;     // held for reuse now
  std::size_t allocated_bytes = 0;  // in tensors now
  std::size_t peak_allocated_bytes = 0;  // the most in tensors at once since the last reset_cpu_peak()
  std::uint64_t hits = 0, misses = 0;
};
CpuCacheStats cpu_cache_stats();
// Starts the peak over from the bytes in tensors now (to measure one part of a run).
void reset_cpu_peak();

}  // namespace ldm
