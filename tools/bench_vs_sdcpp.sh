#!/bin/bash
# Side-by-side CPU timings of ldm and stable-diffusion.cpp on one random-weight SD 1.5 file
# (docs/benchmarks.md). Run it with nothing else on the machine:
#   tools/bench_vs_sdcpp.sh SD_CLI [MODEL] [LDM]
# SD_CLI: a built stable-diffusion.cpp sd-cli; MODEL is written by `ldm bench --save-weights` if missing.
set -u
SD=${1:?usage: tools/bench_vs_sdcpp.sh SD_CLI [MODEL] [LDM]}
M=${2:-/tmp/sd15-random.safetensors}
LDM=${3:-$(dirname "$0")/../build/release/bin/ldm}
OUT=$(mktemp -d)
[ -f "$M" ] || "$LDM" bench --arch sd15 --width 256 --height 256 --repeats 1 --save-weights "$M" > /dev/null
date; uptime
for px in 256 512; do
  echo "== ldm bench fp32 $px"; "$LDM" bench --arch sd15 --width $px --height $px --repeats 3 2>&1 | grep -E "unet|vae|text"
  echo "== sd.cpp $px"
  /usr/bin/time -f "sd.cpp %e s wall, %M KB peak" "$SD" -m "$M" --type f32 -p "a cat" -W $px -H $px --steps 3 -t 2 \
    --cfg-scale 7 --sampling-method euler -o "$OUT/sdcpp-$px.png" 2>&1 | tr "\r" "\n" |
    grep -E "/3 -|decode_first_stage completed|get_learned_condition completed|sd.cpp "
  echo "== ldm txt2img fp32 $px (3 steps)"
  /usr/bin/time -f "ldm %e s wall, %M KB peak" "$LDM" txt2img --model "$M" --prompt "a cat" --width $px --height $px \
    --steps 3 --sampler euler --seed 1 --output "$OUT/ldm-$px.png" 2>&1 | tail -1
  echo "== ldm txt2img fp32 $px (3 steps), --memory low"
  /usr/bin/time -f "ldm low memory %e s wall, %M KB peak" "$LDM" txt2img --model "$M" --prompt "a cat" --width $px \
    --height $px --steps 3 --sampler euler --seed 1 --memory low --output "$OUT/ldm-low-$px.png" 2>&1 | tail -1
  cmp "$OUT/ldm-$px.png" "$OUT/ldm-low-$px.png" && echo "the same picture with --memory low"
done
echo "== ldm bench bf16 512"; "$LDM" bench --arch sd15 --width 512 --height 512 --repeats 2 --precision bf16 2>&1 | grep -E "unet|vae|text"
echo "== ldm txt2img bf16 512 (3 steps)"
/usr/bin/time -f "ldm bf16 %e s wall, %M KB peak" "$LDM" txt2img --model "$M" --prompt "a cat" --width 512 --height 512 \
  --steps 3 --sampler euler --seed 1 --precision bf16 --output "$OUT/ldm-bf16-512.png" 2>&1 | tail -1
rm -rf "$OUT"
