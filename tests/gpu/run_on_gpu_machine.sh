#!/usr/bin/env bash
# The one-shot GPU session behind docs/benchmarks.md. Expects .device/ from
# tests/gpu/prepare_device_tree.sh (deps, fixtures, zoo configs) in the working tree and $OUT for its
# outputs. Builds the engine, the CLI and ldm_gpu_check against the PyTorch wheel's CUDA LibTorch
# (unity build and CUDA graphs as a user gets them; if that build fails, its errors are kept and the
# engine is built again file by file without graphs), runs the fixture parity checks on CUDA, then the
# benchmarks in order of importance while time is left (LDM_GPU_BUDGET_S, default 540 s). Everything
# it writes ends up in $OUT/results.tgz (a device call brings back at most 8 files).
set -uo pipefail
FINAL_OUT=$OUT
OUT=$(mktemp -d)
trap 'tar czf "$FINAL_OUT/results.tgz" -C "$OUT" . ; cp "$OUT/gpu_check.md" "$FINAL_OUT/" 2>/dev/null' EXIT
T0=$(date +%s)
BUDGET=${LDM_GPU_BUDGET_S:-540}
left() { echo $((BUDGET - ($(date +%s) - T0))); }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee $OUT/gpu.txt
TP=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
python3 -c 'import torch;print("torch", torch.__version__, "cuda", torch.version.cuda)' | tee -a $OUT/gpu.txt
export LD_LIBRARY_PATH=$PWD/.device/deps/lib:${LD_LIBRARY_PATH:-}
DEV=$PWD/.device
# nvcc for our own kernels (core/nn/cuda/), where CMake would not look by itself.
[ -x /usr/local/cuda/bin/nvcc ] && export CUDACXX=${CUDACXX:-/usr/local/cuda/bin/nvcc}
# nlohmann-json: the copy inside the wheel's include folder, so that the engine and the programs that
# link it see the same version (a second copy, 3.11.2 vs 3.11.3, links with missing symbols).
TI=$(python3 -c "import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'include'))")
build() {
  cmake --preset engine -DCMAKE_PREFIX_PATH="$TP;$DEV/deps" -DLDM_NLOHMANN_INCLUDE="$TI" \
    -DCMAKE_CUDA_ARCHITECTURES=90 "$@" >> $OUT/build.log 2>&1 && cmake --build build/engine -j16 -- -k 0 >> $OUT/build.log 2>&1
}
if build -DLDM_UNITY_BUILD=ON -DLDM_CUDA_GRAPHS=ON; then
  echo "build (unity, CUDA graphs): $(( $(date +%s) - T0 )) s"
else
  echo "BUILD FAILED (unity, CUDA graphs) after $(( $(date +%s) - T0 )) s; errors:"
  grep -E "error|Error" -A3 $OUT/build.log | head -40 | tee $OUT/build_errors.txt
  build -DLDM_UNITY_BUILD=OFF -DLDM_CUDA_GRAPHS=OFF || { grep -E "error" -A3 $OUT/build.log | tail -40; exit 1; }
  echo "fallback build (file by file, no graphs): $(( $(date +%s) - T0 )) s"
fi
B=build/engine/bin
$B/ldm info --system 2>&1 | tee $OUT/system.txt | head -20
grep -q "LDM: our CUDA kernels" $OUT/build.log && echo "our CUDA kernels: compiled" || echo "our CUDA kernels: NOT compiled"
timeout 150 $B/ldm_gpu_check $DEV/fixtures 2>&1 | tee $OUT/gpu_check.md
# The kernels once more under compute-sanitizer (out-of-bounds and misaligned accesses, races).
CS=$(command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer 2>/dev/null)
if [ -n "$CS" ] && [ "${LDM_GPU_SANITIZER:-1}" = 1 ] && [ "$(left)" -gt 200 ]; then
  for tool in memcheck racecheck; do
    timeout 60 $CS --tool $tool --print-limit 5 $B/ldm_gpu_check --kernels-only > $OUT/sanitizer_$tool.txt 2>&1
    echo "compute-sanitizer $tool: rc $? $(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' $OUT/sanitizer_$tool.txt | tail -1)"
  done
fi
show() { python3 - "$1" <<'PY' || tail -5 "$1"
import json, sys
j = json.load(open(sys.argv[1]))
for k, v in j.items():
    if isinstance(v, dict) and 'median_ms' in v: print(f'  {k:34s} {v["median_ms"]:9.2f} ms (min {v["min_ms"]:.2f})')
for k in ('cuda_graphs', 'cuda_kernels', 'channels_last', 'unet_graph_vs_direct_max_abs', 'norms_unet_max_abs', 'norms_vae_max_abs',
          'kernels_unet_max_abs', 'kernels_vae_max_abs', 'channels_last_unet_max_abs', 'channels_last_vae_max_abs', 'channels_last_error',
          'peak_cuda_allocated_bytes', 'peak_cuda_reserved_bytes'):
    if k in j: print(f'  {k:34s} {j[k] / 2**30:.2f} GiB' if 'bytes' in k else f'  {k:34s} {j[k]}')
PY
}
# SD architectures; "steps" > 0 also times a whole picture (text encoding, 50 DDIM steps, decode, host
# copy). "trace" also writes profiler traces of a UNet call and a VAE decode, summarised by
# trace_summary.py; "nchw" runs with the weights in NCHW (LDM_CHANNELS_LAST=0; each run also times the
# other layout's UNet call and decode).
sd_bench() {
  [ "$(left)" -gt 40 ] || { echo "skipped (time): $*"; return; }
  f=$OUT/bench_$1_$2_b$3_$4${6:+_$6}.json
  trace=()
  [ "${6:-}" = trace ] && trace=(--trace $OUT/trace_$1_$2_$4)
  cl=; [ "${6:-}" = nchw ] && cl=0
  LDM_CHANNELS_LAST=$cl timeout $(( $(left) < 120 ? $(left) : 120 )) $B/ldm bench --arch $1 --device cuda --precision $2 --batch $3 --width $4 --height $4 --steps $5 --repeats 10 "${trace[@]}" --json > $f 2> ${f%.json}.err
  echo "== $1 $2 batch $3 ${4}px ${6:-}"; show $f; grep -hiE "warning|error" ${f%.json}.err | head -3
  if [ "${6:-}" = trace ]; then
    python3 tests/gpu/trace_summary.py $OUT/trace_$1_$2_$4-unet.json 2
    python3 tests/gpu/trace_summary.py $OUT/trace_$1_$2_$4-vae.json 1
  fi
}
# The zoo architectures of issue #21, one UNet call each at the size the original code was timed at.
zoo_bench() {
  [ "$(left)" -gt 30 ] || { echo "skipped (time): $*"; return; }
  f=$OUT/bench_zoo_${1%.yaml}.json
  timeout $(( $(left) < 90 ? $(left) : 90 )) $B/ldm bench --config $DEV/zoo-configs/$1 --width $2 --height $2 --device cuda --precision fp16 --repeats 10 --json > $f 2> ${f%.json}.err
  echo "== $1 fp16 ${2}px"; show $f; grep -hiE "warning|error" ${f%.json}.err | head -3
}
# Most important first.
sd_bench sd15 fp16 1 512 50 trace
sd_bench sd15 fp16 1 1024 0
zoo_bench models-ldm-bsr_sr.yaml 1024
zoo_bench models-ldm-inpainting_big.yaml 512
zoo_bench models-ldm-layout2img-openimages256.yaml 256
zoo_bench configs-latent-diffusion-txt2img-1p4B-eval.yaml 512
sd_bench sd21 fp16 1 512 0
sd_bench sd15 fp16 4 512 0
sd_bench sd15 bf16 1 512 0
sd_bench sd15 fp32 1 512 0
# Training on CUDA (ldm train --device cuda): the recipe's autoencoder, 100 steps, if time is left.
if [ "${LDM_GPU_TRAIN:-1}" = 1 ] && [ "$(left)" -gt 45 ]; then
  W=$(mktemp -d)
  timeout $(( $(left) - 5 )) $B/ldm train autoencoder --out $W/ae --steps 100 --device cuda --json > $OUT/train_ae_cuda.jsonl 2>&1
  echo "== train autoencoder on cuda (rc $?):"; grep -E '"step": *(50|100)\b' $OUT/train_ae_cuda.jsonl | cut -c1-300; tail -2 $OUT/train_ae_cuda.jsonl | cut -c1-300
fi
echo "total: $(( $(date +%s) - T0 )) s"
