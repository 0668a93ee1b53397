#pragma once
// LDM_TORCH2 is 1 when building against LibTorch >= 2.0 (at::scaled_dot_product_attention and
// friends exist), from LibTorch's own version header so it holds whatever CMake found.
#include <torch/version.h>

#if !defined(LDM_TORCH2)
#if TORCH_VERSION_MAJOR >= 2
#define LDM_TORCH2 1
#endif
#endif
