// The caching CPU allocator (core/runtime/cpu_allocator.h): blocks are reused by size class,
// the cache stays within its limit and empties on request, oneDNN's raw allocations work, and
// results do not depend on which allocator served the memory.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "core/runtime/cpu_allocator.h"
#include "support/test_main.h"

using namespace ldm;

namespace {

// The VmFlags line of the mapping that holds `address` (/proc/self/smaps), "" if none does.
std::string vm_flags_at(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto a = reinterpret_cast<std::uintptr_t>(address);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> begin >> dash >> end && dash == '-' && line.find(':') > line.find(' ')) {
      inside = a >= begin && a < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

}  // namespace

class TestCpuAllocator : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() {
    QVERIFY(install_cpu_caching_allocator());  // LDM_TEST_MAIN installed it; installing again is harmless
    set_cpu_cache_limit(std::size_t(256) << 20);
  }

  void reusesFreedBlocks() {
    const CpuCacheStats before = cpu_cache_stats();
    const void* first = nullptr;
    {
      at::Tensor a = at::empty({1 << 20});  // 4 MiB
      first = a.data_ptr();
      QCOMPARE(reinterpret_cast<std::uintptr_t>(first) % 64, std::uintptr_t(0));
    }
    QVERIFY(cpu_cache_stats().cached_bytes >= (std::size_t(4) << 20));
    at::Tensor b = at::empty({(1 << 20) - 100});  // same size class
    QCOMPARE(static_cast<const void*>(b.data_ptr()), first);
    const CpuCacheStats after = cpu_cache_stats();
    QCOMPARE(after.hits, before.hits + 1);
    QCOMPARE(after.misses, before.misses + 1);
    QCOMPARE(after.cached_bytes, before.cached_bytes);
  }

  // Requests of 2 MiB and more are advised for transparent huge pages (their first touch faults 2 MiB at
  // a time: twice as fast a 512x512 SD 1.5 step on the project's VM); small ones are not.
  void largeBlocksAskForHugePages() {
    std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string setting;
    std::getline(thp, setting);
    if (setting.empty()) QSKIP("this kernel has no transparent huge pages");
    at::Tensor big = at::empty({4 << 20});  // 16 MiB
    const std::string flags = vm_flags_at(static_cast<char*>(big.data_ptr()) + (8 << 20));
    QVERIFY2(flags.find(" hg") != std::string::npos, flags.c_str());
    at::Tensor small = at::empty({64 << 10});  // 256 KiB: glibc's own
    QVERIFY(vm_flags_at(small.data_ptr()).find(" hg") == std::string::npos);
    // Only as far as the request reaches: 33 MiB are served from a 36 MiB size class, whose tail stays
    // in small pages (a huge page there would be resident without being used).
    at::Tensor odd = at::empty({33 << 18});  // 33 MiB
    QVERIFY(vm_flags_at(static_cast<char*>(odd.data_ptr()) + (16 << 20)).find(" hg") != std::string::npos);
    QVERIFY(vm_flags_at(static_cast<char*>(odd.data_ptr()) + (35 << 20)).find(" hg") == std::string::npos);
  }

  void smallBlocksAreNotCached() {
    const std::size_t cached = cpu_cache_stats().cached_bytes;
    { at::Tensor s = at::empty({1000}); }
    QCOMPARE(cpu_cache_stats().cached_bytes, cached);
  }

  void staysWithinItsLimitAndEmpties() {
    set_cpu_cache_limit(std::size_t(32) << 20);
    { at::Tensor big = at::empty({int64_t(16) << 20}); }  // 64 MiB: over the limit, returned to the system
    QCOMPARE(cpu_cache_stats().cached_bytes, std::size_t(0));
    { at::Tensor mid = at::empty({int64_t(4) << 20}); }  // 16 MiB: kept
    QCOMPARE(cpu_cache_stats().cached_bytes, std::size_t(16) << 20);
    release_cpu_cache();
    QCOMPARE(cpu_cache_stats().cached_bytes, std::size_t(0));
  }

  // A request the cache cannot serve gives back cached blocks of other sizes first.
  void missEvictsOtherSizes() {
    { at::Tensor a = at::empty({int64_t(2) << 20}); }  // 8 MiB cached
    QCOMPARE(cpu_cache_stats().cached_bytes, std::size_t(8) << 20);
    {
      at::Tensor b = at::empty({int64_t(1) << 20});  // 4 MiB: a miss, which frees the 8 MiB block
      QCOMPARE(cpu_cache_stats().cached_bytes, std::size_t(0));
    }
    QCOMPARE(cpu_cache_stats().cached_bytes, std::size_t(4) << 20);
    const std::uint64_t hits = cpu_cache_stats().hits;
    at::Tensor c = at::empty({int64_t(1) << 20});  // the same size again: served from the cache
    QCOMPARE(cpu_cache_stats().hits, hits + 1);
    QCOMPARE(cpu_cache_stats().cached_bytes, std::size_t(0));
  }

  void liveBytesAreCounted() {
    const std::size_t live = cpu_cache_stats().allocated_bytes;
    at::Tensor t = at::empty({int64_t(2) << 20});  // 8 MiB
    QCOMPARE(cpu_cache_stats().allocated_bytes, live + (std::size_t(8) << 20));
    t.reset();
    QCOMPARE(cpu_cache_stats().allocated_bytes, live);
  }

  // oneDNN convolutions allocate through raw_allocate()/raw_deleter(); reused blocks hold stale data,
  // which must never leak into results.
  void resultsDoNotDependOnReuse() {
    torch::InferenceMode guard;
    at::manual_seed(3);
    const at::Tensor x = at::randn({2, 64, 32, 32}), w = at::randn({64, 64, 3, 3}), bias = at::randn({64});
    const at::Tensor first = at::conv2d(x, w, bias, 1, 1).clone();
    for (int i = 0; i < 3; ++i) {
      at::Tensor garbage = at::full({int64_t(4) << 20}, std::nanf(""));  // dirty blocks for the cache
      garbage.reset();
      const at::Tensor again = at::conv2d(x, w, bias, 1, 1);
      QVERIFY(at::equal(again, first));
      const at::Tensor s = at::softmax(at::matmul(x.flatten(2), x.flatten(2).transpose(1, 2)), -1);
      QVERIFY(!at::isnan(s).any().item<bool>());
    }
  }
};

LDM_TEST_MAIN(TestCpuAllocator)
#include "test_cpu_allocator.moc"
