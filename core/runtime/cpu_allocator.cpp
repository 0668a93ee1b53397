#include "core/runtime/cpu_allocator.h"

#include <c10/core/CPUAllocator.h>

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace ldm {

namespace {

constexpr std::size_t kSmall = std::size_t(1) << 16;  // below: not cached (glibc's bins are fast)
constexpr std::size_t kHeader = 64;                    // keeps the data 64-byte aligned, as c10 does
constexpr std::size_t kHugePage = std::size_t(2) << 20;

// Transparent huge pages for the 2 MiB-aligned inside of a large block (where the system's setting is
// "madvise", as on Debian 12's kernels; with "always" it changes nothing, with "never" it is ignored).
// First touches then fault 2 MiB at a time instead of 4 KiB: reading SD 1.5's 4.3 GB of weights into
// fresh tensors went from 15.4 s to 9.2 s on this project's 2-core VM, where page faults are dear.
void advise_huge_pages(void* p, std::size_t n) {
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHugePage - 1) & ~(kHugePage - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + n) & ~(kHugePage - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

// Size classes: 8 per power of two (at most 12.5% waste), page multiples.
std::size_t size_class(std::size_t n) {
  const int top = 63 - __builtin_clzll(static_cast<unsigned long long>(n));
  std::size_t step = std::size_t(1) << (top >= 3 ? top - 3 : 0);
  if (step < 4096) step = 4096;
  return (n + step - 1) / step * step;
}

class CachingCpuAllocator final : public c10::Allocator {
 public:
  explicit CachingCpuAllocator(std::size_t limit) : limit_(limit) {}

  // LibTorch 1.13 declares allocate() const, 2.3 and later non-const: defining both overrides
  // whichever the base declares, without guessing the version.
  c10::DataPtr allocate(std::size_t n) const { return allocate_block(n); }
  c10::DataPtr allocate(std::size_t n) { return allocate_block(n); }

  // The block's size lives in a header before the data, so that the data pointer alone is enough
  // to give a block back: oneDNN (ideep) allocates through raw_allocate()/raw_deleter().
  c10::DataPtr allocate_block(std::size_t n) const {
    const std::size_t size = n < kSmall ? n : size_class(n);
    void* base = n < kSmall ? nullptr : take(size);
    if (base == nullptr) {
      if (n >= kSmall) evict(size);
      base = fresh(size, n);
      if (base == nullptr) {  // hand the cache back to the system and try once more
        release();
        base = fresh(size, n);
      }
      TORCH_CHECK(base != nullptr, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ", n,
                  " bytes. Error code 12 (Cannot allocate memory)");
    }
    *static_cast<std::size_t*>(base) = size;
    void* data = static_cast<char*>(base) + kHeader;
    return {data, data, &CachingCpuAllocator::give_back, c10::Device(c10::DeviceType::CPU)};
  }

  c10::DeleterFnPtr raw_deleter() const override { return &CachingCpuAllocator::give_back; }
  // Pure virtual from LibTorch 2.3 on; no `override` so that 1.13 (which lacks it) builds too.
  void copy_data(void* dest, const void* src, std::size_t count) const { std::memcpy(dest, src, count); }

  // A miss returns at least as many cached bytes (of other sizes) to the system as it is about to
  // take: the process grows only when the live tensors do, not when the sizes in use change
  // (the VAE decoder's sizes differ level by level; measured at 512x512, SD 1.5: peak 6.7 GB
  // with a cache that only filled up, 5.7 GB without one).
  void evict(std::size_t needed) const {
    std::vector<void*> blocks;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      std::size_t freed = 0;
      for (auto it = free_.begin(); it != free_.end() && freed < needed;) {
        while (!it->second.empty() && freed < needed) {
          blocks.push_back(it->second.back());
          it->second.pop_back();
          freed += it->first;
          cached_ -= it->first;
        }
        it = it->second.empty() ? free_.erase(it) : std::next(it);
      }
    }
    for (void* b : blocks) std::free(b);
  }

  void release() const {
    std::vector<void*> blocks;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto& [size, list] : free_) blocks.insert(blocks.end(), list.begin(), list.end());
      free_.clear();
      cached_ = 0;
    }
    for (void* b : blocks) std::free(b);
  }

  void set_limit(std::size_t bytes) const {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      limit_ = bytes;
    }
    release();
  }

  CpuCacheStats stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {cached_, allocated_, peak_, hits_, misses_};
  }

  void reset_peak() const {
    std::lock_guard<std::mutex> lock(mutex_);
    peak_ = allocated_;
  }

  static CachingCpuAllocator* instance;

 private:
  static void give_back(void* data) { instance->put(static_cast<char*>(data) - kHeader); }

  void* take(std::size_t size) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = free_.find(size);
    if (it == free_.end() || it->second.empty()) return nullptr;
    void* base = it->second.back();
    it->second.pop_back();
    cached_ -= size;
    allocated_ += size;
    peak_ = std::max(peak_, allocated_);
    ++hits_;
    return base;
  }

  // `size` bytes (the size class) for a request of `used`.
  void* fresh(std::size_t size, std::size_t used) const {
    void* base = nullptr;
    if (posix_memalign(&base, kHeader, size + kHeader) != 0) return nullptr;
    // Huge pages only as far as the request reaches: one over the size class's untouched tail would
    // make that tail resident (measured: 43 MB more at the peak of a 512x512 SD 1.5 generation).
    if (used >= kHugePage) advise_huge_pages(base, used + kHeader);
    std::lock_guard<std::mutex> lock(mutex_);
    allocated_ += size;
    peak_ = std::max(peak_, allocated_);
    if (size >= kSmall) ++misses_;
    return base;
  }

  void put(void* base) const {
    const std::size_t size = *static_cast<std::size_t*>(base);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      allocated_ -= size;
      if (size >= kSmall && cached_ + size <= limit_) {
        free_[size].push_back(base);
        cached_ += size;
        return;
      }
    }
    std::free(base);
  }

  mutable std::size_t limit_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::size_t, std::vector<void*>> free_;
  mutable std::size_t cached_ = 0, allocated_ = 0, peak_ = 0;
  mutable std::uint64_t hits_ = 0, misses_ = 0;
};

CachingCpuAllocator* CachingCpuAllocator::instance = nullptr;
std::once_flag g_install_once;

}  // namespace

bool install_cpu_caching_allocator() {
  std::call_once(g_install_once, [] {
    long long mb = 2048;
    if (const char* env = std::getenv("LDM_CPU_CACHE_MB")) mb = std::atoll(env);
    if (mb <= 0) return;
    // Never freed: tensors may outlive main() in static destructors.
    CachingCpuAllocator::instance = new CachingCpuAllocator(static_cast<std::size_t>(mb) << 20);
    c10::SetCPUAllocator(CachingCpuAllocator::instance, /*priority=*/1);
  });
  return CachingCpuAllocator::instance != nullptr;
}

void release_cpu_cache() {
  if (CachingCpuAllocator::instance != nullptr) CachingCpuAllocator::instance->release();
}

void set_cpu_cache_limit(std::size_t bytes) {
  if (CachingCpuAllocator::instance != nullptr) CachingCpuAllocator::instance->set_limit(bytes);
}

CpuCacheStats cpu_cache_stats() {
  return CachingCpuAllocator::instance != nullptr ? CachingCpuAllocator::instance->stats() : CpuCacheStats{};
}

void reset_cpu_peak() {
  if (CachingCpuAllocator::instance != nullptr) CachingCpuAllocator::instance->reset_peak();
}

}  // namespace ldm
