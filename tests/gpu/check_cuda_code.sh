#!/usr/bin/env bash
# CTest `cuda_code_compiles`: the code that only a CUDA build compiles, compiled here too, so that a
# change which breaks the GPU build fails on a CPU machine: our kernels (core/nn/cuda/) with nvcc for
# sm_90, and the engine's CUDA branches (LibTorch CUDA headers: graphs, the kernels' entry, system info)
# checked for syntax against Debian's ATen CUDA headers and the CUDA toolkit's. Exit 77 (skipped)
# without nvcc and its headers.
# Usage: check_cuda_code.sh NVCC CXX SOURCE_DIR WORK_DIR "TORCH_INCLUDE_DIRS (;-separated)"
set -euo pipefail
NVCC=$1 CXX=$2 SRC=$3 WORK=$4 INCS=$5
CUDA_INC=$(dirname "$(dirname "$(readlink -f "$NVCC")")")/include
if [ ! -f "$CUDA_INC/cuda_runtime_api.h" ]; then echo "no CUDA headers next to $NVCC: skipped"; exit 77; fi
mkdir -p "$WORK/include/c10/cuda/impl"
flags=(-std=c++17 -fsyntax-only -DLDM_HAVE_CUDA_KERNELS -I"$SRC")
IFS=';' read -ra dirs <<< "$INCS"
found_macros=0
for d in "${dirs[@]}"; do
  flags+=(-I"$d")
  [ -f "$d/c10/cuda/impl/cuda_cmake_macros.h" ] && found_macros=1
done
if [ $found_macros = 0 ]; then
  # A CPU LibTorch (Debian's) ships ATen's CUDA headers but not this generated one.
  echo '#define C10_CUDA_BUILD_SHARED_LIBS' > "$WORK/include/c10/cuda/impl/cuda_cmake_macros.h"
  flags+=(-I"$WORK/include")
fi
flags+=(-I"$CUDA_INC")
echo "nvcc: core/nn/cuda/fused_kernels.cu"
"$NVCC" -std=c++17 -O2 -arch=sm_90 -I"$SRC" -c "$SRC/core/nn/cuda/fused_kernels.cu" -o "$WORK/fused_kernels.o"
# (bench.cpp's CUDA lines are not checked: with a CPU LibTorch's headers plus ATen's CUDA ones, torch::cuda
# resolves to at::cuda there, which a real CUDA LibTorch does not do.)
for f in core/nn/cuda_kernels.cpp core/runtime/cuda_graphs.cpp core/runtime/system_info.cpp; do
  echo "CUDA branch: $f"
  "$CXX" "${flags[@]}" "$SRC/$f"
done
echo "the CUDA-only code compiles"
