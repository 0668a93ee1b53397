#pragma once
// Python's `random.Random` (CPython Modules/_randommodule.c + Lib/random.py): MT19937 seeded the
// way random.seed(int) does, getrandbits, _randbelow and shuffle. The reference layout builder
// (taming ObjectsBoundingBoxConditionalBuilder.build) shuffles the boxes with the global Python
// generator; reproducing it exactly lets tests compare tokens with the reference bit for bit.
#include <cstdint>
#include <utility>
#include <vector>

namespace ldm {

class PythonRandom {
 public:
  explicit PythonRandom(uint64_t seed) { seed_int(seed); }

  // random.seed(n) for a non-negative int n: init_by_array over n's 32-bit words, low word first.
  void seed_int(uint64_t seed);
  uint32_t genrand_uint32();
  // getrandbits(k), 0 <= k <= 32.
  uint32_t getrandbits(int k);
  // Random._randbelow_with_getrandbits(n): rejection sampling on bit_length(n) bits.
  uint32_t randbelow(uint32_t n);

  // random.shuffle(x): Fisher-Yates from the back.
  template <typename T>
  void shuffle(std::vector<T>& x) {
    for (size_t i = x.size(); i-- > 1;) {
      const size_t j = randbelow(static_cast<uint32_t>(i + 1));
      std::swap(x[i], x[j]);
    }
  }

 private:
  static constexpr int kN = 624;
  static constexpr int kM = 397;
  void init_genrand(uint32_t s);
  void init_by_array(const std::vector<uint32_t>& key);
  uint32_t mt_[kN];
  int mti_ = kN + 1;
};

}  // namespace ldm
