#!/usr/bin/env bash
# Used for docs/benchmarks.md. Expects .device/deps (yaml-cpp, zlib headers/libs copied from this
# machine) and .device/fixtures (sd1/sd2/ldm-txt2img: config.yaml, model.safetensors,
# reference.safetensors) in the working tree, and $OUT for its outputs.
# One-shot GPU session: build the engine against the PyTorch wheel's CUDA LibTorch, run the fixture
# parity checks on CUDA, and benchmark full-size SD 1.5 / 2.1 architectures.
set -uo pipefail
T0=$(date +%s)
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee $OUT/gpu.txt
TP=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
python3 -c 'import torch;print("torch", torch.__version__, "cuda", torch.version.cuda)' | tee -a $OUT/gpu.txt
export LD_LIBRARY_PATH=$PWD/.device/deps/lib:${LD_LIBRARY_PATH:-}
TI=$(python3 -c "import torch,os;print(os.path.join(os.path.dirname(torch.__file__),\"include\"))")
cmake --preset engine -DLDM_NLOHMANN_INCLUDE="$TI" -DCMAKE_PREFIX_PATH="$TP;$PWD/.device/deps" -DCMAKE_CUDA_ARCHITECTURES=90 > $OUT/build.log 2>&1 || { tail -40 $OUT/build.log; exit 1; }
cmake --build build/engine -j16 >> $OUT/build.log 2>&1 || { grep -E "error|Error" -A3 $OUT/build.log | head -60; exit 1; }
echo "build: $(( $(date +%s) - T0 )) s"
B=build/engine/bin
timeout 240 $B/ldm_gpu_check .device/fixtures 2>&1 | tee $OUT/gpu_check.md
show() { python3 -c "
import json,sys
j=json.load(open('$1'))
for k,v in j.items():
  if isinstance(v,dict) and 'median_ms' in v: print(f'  {k:28s} {v[\"median_ms\"]:9.2f} ms (min {v[\"min_ms\"]:.2f})')
for k in ('size','peak_cuda_allocated_bytes','peak_cuda_reserved_bytes'):
  if k in j: print(f'  {k:28s} {j[k]/2**30:.2f} GiB' if 'bytes' in k else f'  {k:28s} {j[k]}')
" || tail -5 $1; }
# SD architectures; "steps" > 0 also times a whole picture (text encoding, DDIM steps, decode, host copy).
for a in "sd15 fp16 1 512 50" "sd15 bf16 1 512 0" "sd15 fp32 1 512 0" "sd15 fp16 4 512 0" "sd21 fp16 1 512 0" "sd15 fp16 1 1024 0"; do
  set -- $a
  f=$OUT/bench_$1_$2_b$3_$4.json
  timeout 120 $B/ldm bench --arch $1 --device cuda --precision $2 --batch $3 --width $4 --height $4 --steps $5 --repeats 10 --json > $f 2>&1
  echo "== $1 $2 batch $3 ${4}px"; show $f
done
# The zoo architectures of issue #21, one UNet call each at the size the original code was timed at.
for z in "models-ldm-bsr_sr.yaml 1024" "models-ldm-inpainting_big.yaml 512" "models-ldm-layout2img-openimages256.yaml 256" \
         "configs-latent-diffusion-txt2img-1p4B-eval.yaml 512"; do
  set -- $z
  f=$OUT/bench_zoo_${1%.yaml}.json
  timeout 90 $B/ldm bench --config tests/data/zoo-configs/$1 --width $2 --height $2 --device cuda --precision fp16 --repeats 10 --json > $f 2>&1
  echo "== $1 fp16 ${2}px"; show $f
done
# Training on CUDA (ldm train --device): the recipe's autoencoder and text model, 100 steps on the GPU
# and 50 on the CPU (the CPU run reuses the latents the GPU run cached). Same initialisation and
# (stage 2) the same draws, and both runs stay inside the 100 warm-up steps (the same learning
# rates), so the losses logged at step 50 agree up to rounding (the autoencoder's posterior noise is
# drawn on the device: close, not equal); the GPU's it/s is what a longer recipe (--step-scale) would
# run at.
W=$(mktemp -d)
timeout 150 $B/ldm train autoencoder --out $W/ae --steps 100 --device cuda --json > $OUT/train_ae_cuda.jsonl 2>&1
timeout 150 $B/ldm train autoencoder --out $W/ae-cpu --steps 50 --device cpu --json > $OUT/train_ae_cpu.jsonl 2>&1
timeout 300 $B/ldm train diffusion --config resources/training/txt2img.yaml --autoencoder $W/ae --out $W/t2i --steps 100 --device cuda --json > $OUT/train_t2i_cuda.jsonl 2>&1
timeout 200 $B/ldm train diffusion --config resources/training/txt2img.yaml --autoencoder $W/ae --out $W/t2i-cpu --steps 50 --device cpu --json > $OUT/train_t2i_cpu.jsonl 2>&1
python3 - "$OUT" <<'PY'
import json, sys
def rows(f):
    out = {}
    for line in open(f):
        try: j = json.loads(line)
        except ValueError: continue
        if 'losses' in j: out[j['step']] = j
    return out
print('| stage | step | loss on cuda | loss on cpu | it/s cuda | it/s cpu |')
for stage, key in (('ae', 'rec'), ('t2i', 'loss')):
    g, c = rows(f'{sys.argv[1]}/train_{stage}_cuda.jsonl'), rows(f'{sys.argv[1]}/train_{stage}_cpu.jsonl')
    for step in sorted(set(g) & set(c)):
        print(f"| {stage} | {step} | {g[step]['losses'][key]:.5f} | {c[step]['losses'][key]:.5f} | {g[step]['its_per_sec']:.1f} | {c[step]['its_per_sec']:.1f} |")
PY
echo "total: $(( $(date +%s) - T0 )) s"
