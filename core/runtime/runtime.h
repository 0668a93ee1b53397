#pragma once
// Process-level setup shared by every executable: BLAS kernel selection and thread count.

namespace ldm {

// OpenBLAS reads OPENBLAS_CORETYPE once, when the library is loaded, and on this class of CPU its
// auto-detection falls back to a generic kernel (4x slower). If the variable is unset, this sets
// it from the CPU flags (SkylakeX with AVX-512, Haswell with AVX2) and re-executes the program
// once so that the library sees it. Call first thing in main(); returns if nothing is needed.
// LDM_NO_REEXEC=1 disables it.
void ensure_blas_environment(int argc, char** argv);

// Uses every core for intra-op parallelism (LibTorch defaults to 1 thread on 2-core machines).
// `threads` <= 0 means all cores (or $LDM_THREADS when set).
void init_threads(int threads = 0);

// OpenBLAS's own threads (pthread build) spin while LibTorch's intra-op threads also run: on a
// workload of many small matmuls inside LibTorch's parallel regions (training a small model) the
// two pools fight over the cores (measured: 2x slower on 2 cores). Sets OpenBLAS's thread count
// when the loaded BLAS is OpenBLAS; returns false otherwise.
bool set_blas_threads(int threads);

// Both of the above.
void init_runtime(int argc, char** argv);

}  // namespace ldm
