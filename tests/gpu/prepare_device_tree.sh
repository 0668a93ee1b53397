#!/usr/bin/env bash
# Fills .device/ (ignored by git, sent with `carry`) with what the GPU machine's image lacks for
# tests/gpu/run_on_gpu_machine.sh: yaml-cpp, zlib and nlohmann-json from this Debian machine, and the
# three fixtures ldm_gpu_check reads. The tracked tests/data and resources/models (168 MB with the
# sources) are over the 64 MiB a device call may send, so the session leaves them out of the index
# while the call runs (see docs/benchmarks.md, "How the GPU figures are made").
set -euo pipefail
cd "$(dirname "$0")/../.."
D=.device
rm -rf "$D"
mkdir -p "$D/deps/include" "$D/deps/lib" "$D/fixtures"
cp -r /usr/include/yaml-cpp /usr/include/zlib.h /usr/include/zconf.h "$D/deps/include/"
L=/usr/lib/x86_64-linux-gnu
cp -L "$L/libyaml-cpp.so.0.7" "$D/deps/lib/libyaml-cpp.so.0.7"
cp -L "$L/libyaml-cpp.so" "$D/deps/lib/libyaml-cpp.so"
cp -L "$L/libz.so" "$D/deps/lib/libz.so"
for fx in sd1-tiny sd2-tiny ldm-txt2img-tiny; do
  mkdir -p "$D/fixtures/$fx"
  cp "tests/data/$fx/config.yaml" "tests/data/$fx/model.safetensors" "tests/data/$fx/reference.safetensors" "$D/fixtures/$fx/"
done
mkdir -p "$D/zoo-configs"
cp tests/data/zoo-configs/*.yaml "$D/zoo-configs/"
du -sh "$D"
