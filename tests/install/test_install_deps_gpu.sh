#!/usr/bin/env bash
# installer/install-deps.sh's LibTorch choice on a GPU machine (issue #21), without a GPU, apt or network:
# a fake nvidia-smi (driver CUDA version from FAKE_CUDA), a fake python3 (a PyTorch with or without CUDA)
# and a small local LibTorch .zip whose SHA-256 the test computes and hands over as LDM_LIBTORCH_SHA256.
# Everything happens in a scratch folder: LDM_PREFIX, LDM_SOURCE_DIR and TMPDIR point there. The recorded
# choice (CMakeUserPresets.json, preset "cuda") is checked by configuring a toy project with it, whose
# find_package(Torch) must find the chosen TorchConfig.cmake.
# Usage: test_install_deps_gpu.sh [SOURCE_DIR]
set -euo pipefail
src=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
installer=$src/installer/install-deps.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/toy" "$tmp/dl" "$tmp/home"

cat > "$tmp/bin/nvidia-smi" <<'EOF'
#!/usr/bin/env bash
if [ -n "${FAKE_SMI_FAIL:-}" ]; then
  echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."; exit 9
fi
if [ "${1:-}" = "--query-gpu=name,memory.total" ]; then echo "NVIDIA Fake H100, 81559 MiB"; exit 0; fi
if [ "${1:-}" = "--query-gpu=compute_cap" ]; then  # FAKE_CC: one line per GPU; "old": a driver before 510
  if [ "${FAKE_CC:-}" = old ]; then echo 'Field "compute_cap" is not a valid field to query.'; exit 2; fi
  printf '%s\n' ${FAKE_CC:-9.0}; exit 0
fi
cat <<SMI
+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI 570.86.15              Driver Version: 570.86.15      CUDA Version: ${FAKE_CUDA}     |
|-----------------------------------------+------------------------+----------------------+
SMI
EOF
cat > "$tmp/bin/python3" <<'EOF'
#!/usr/bin/env bash
[ "${1:-}" = -c ] && [[ ${2:-} == *cmake_prefix_path* ]] || exit 2
case "${FAKE_TORCH:-none}" in
  cuda)   printf 'True\n%s\n12.8\n2.9.1+cu128\nTrue\n' "$FAKE_TORCH_PREFIX" ;;
  cpu)    printf 'False\n%s\nNone\n2.9.1+cpu\nTrue\n' "$FAKE_TORCH_PREFIX" ;;
  oldabi) printf 'True\n%s\n12.1\n2.1.0+cu121\nFalse\n' "$FAKE_TORCH_PREFIX" ;;
  *) echo "ModuleNotFoundError: No module named 'torch'" >&2; exit 1 ;;
esac
EOF
chmod +x "$tmp/bin/nvidia-smi" "$tmp/bin/python3"

# A PyTorch installation's cmake prefix, a user's LibTorch, and the LibTorch archive (and a zip that is not one).
mkdir -p "$tmp/torchpy/share/cmake/Torch" "$tmp/mylibtorch/share/cmake/Torch" "$tmp/pkg/libtorch/share/cmake/Torch" \
         "$tmp/pkg/libtorch/lib" "$tmp/notlibtorch/other"
for d in torchpy/share/cmake/Torch mylibtorch/share/cmake/Torch pkg/libtorch/share/cmake/Torch; do
  echo 'set(Torch_FOUND TRUE)' > "$tmp/$d/TorchConfig.cmake"
done
echo "2.9.1+cu128" > "$tmp/pkg/libtorch/build-version"
echo "2.8.0+cu126" > "$tmp/mylibtorch/build-version"
head -c 4096 /dev/urandom > "$tmp/pkg/libtorch/lib/libtorch_cuda.so"
(cd "$tmp/pkg" && cmake -E tar cf "$tmp/libtorch-fake.zip" --format=zip libtorch)
(cd "$tmp/notlibtorch" && cmake -E tar cf "$tmp/not-libtorch.zip" --format=zip other)
sha=$(sha256sum "$tmp/libtorch-fake.zip" | cut -d' ' -f1)
sha_not=$(sha256sum "$tmp/not-libtorch.zip" | cut -d' ' -f1)
zeros=$(printf '0%.0s' {1..64})

# The toy project the recorded preset configures: the repository's presets, a find_package(Torch).
cp "$src/CMakePresets.json" "$tmp/toy/"
cat > "$tmp/toy/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(toy NONE)
find_package(Torch REQUIRED)
message(STATUS "toy: Torch_DIR=${Torch_DIR}")
EOF

out="" rc=0 case_name=""
run() {  # run [VAR=value...] -- [installer options]: output in $out, exit status in $rc
  local -a vars=()
  while [ "$1" != -- ]; do vars+=("$1"); shift; done
  shift
  set +e
  out=$(env -u LIBTORCH -u LDM_LIBTORCH_URL -u LDM_LIBTORCH_SHA256 -u LDM_DOWNLOAD_DIR -u FAKE_TORCH -u FAKE_CC \
            HOME="$tmp/home" TMPDIR="$tmp/dl" LDM_SOURCE_DIR="$tmp/toy" LDM_PREFIX="$tmp/prefix" \
            LDM_NVIDIA_SMI="$tmp/bin/nvidia-smi" LDM_PYTHON="$tmp/bin/python3" FAKE_CUDA=12.8 \
            FAKE_TORCH_PREFIX="$tmp/torchpy/share/cmake" "${vars[@]}" bash "$installer" "$@" 2>&1)
  rc=$?
  set -e
}
fail() { echo "FAIL [$case_name]: $*"; echo "--- installer output:"; echo "$out"; exit 1; }
expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"; }
expect_out() { grep -qF -- "$1" <<< "$out" || fail "output lacks: $1"; }
expect_clean() {  # nothing unpacked, nothing recorded, no download left behind
  [ ! -e "$tmp/prefix" ] || fail "$tmp/prefix exists: $(ls -A "$tmp/prefix")"
  [ ! -e "$tmp/toy/CMakeUserPresets.json" ] || fail "CMakeUserPresets.json was written"
  [ -z "$(ls -A "$tmp/dl")" ] || fail "left in TMPDIR: $(ls -A "$tmp/dl")"
}
expect_configured_with() {  # the recorded preset makes find_package(Torch) find $1/.../TorchConfig.cmake
  local log
  log=$(cd "$tmp/toy" && rm -rf build/cuda && cmake --preset cuda 2>&1) || { out=$log; fail "cmake --preset cuda failed"; }
  grep -qF "toy: Torch_DIR=$1" <<< "$log" || { out=$log; fail "cmake --preset cuda did not find Torch in $1"; }
}
n=0
next() { case_name=$1; n=$((n + 1)); }

next "no GPU -> CPU plan"
run LDM_NVIDIA_SMI="$tmp/bin/absent" -- --print-plan
expect_rc 0; expect_out "LibTorch plan: cpu"; expect_out "no NVIDIA GPU"
run LDM_NVIDIA_SMI="$tmp/bin/absent" -- --libtorch-only
expect_rc 0; expect_clean

next "nvidia-smi present but failing (no driver) -> CPU plan"
run FAKE_SMI_FAIL=1 FAKE_TORCH=cuda -- --print-plan
expect_rc 0; expect_out "LibTorch plan: cpu"; expect_out "failed: NVIDIA-SMI has failed"

next "GPU + CUDA PyTorch -> its cmake prefix"
run FAKE_TORCH=cuda -- --print-plan
expect_rc 0; expect_out "GPU: NVIDIA Fake H100, 81559 MiB (the driver supports CUDA 12.8; compute capability 9.0)"
expect_out "LibTorch plan: pytorch - 2.9.1+cu128 (CUDA 12.8) at $tmp/torchpy/share/cmake"
expect_clean
run FAKE_TORCH=cuda -- --libtorch-only
expect_rc 0; expect_out "recorded in $tmp/toy/CMakeUserPresets.json"
[ ! -e "$tmp/prefix" ] || fail "the PyTorch route unpacked something"
grep -qF "\"CMAKE_PREFIX_PATH\": \"$tmp/torchpy/share/cmake\"" "$tmp/toy/CMakeUserPresets.json" || fail "prefix not recorded"
expect_configured_with "$tmp/torchpy/share/cmake/Torch"
rm "$tmp/toy/CMakeUserPresets.json"

next "GPU + LIBTORCH given -> that path, even with a CUDA PyTorch"
run FAKE_TORCH=cuda LIBTORCH="$tmp/mylibtorch" -- --libtorch-only
expect_rc 0; expect_out "LibTorch plan: user - 2.8.0+cu126 at $tmp/mylibtorch; LIBTORCH was given"
expect_configured_with "$tmp/mylibtorch/share/cmake/Torch"
rm "$tmp/toy/CMakeUserPresets.json"
run LIBTORCH="$tmp/pkg" -- --print-plan
expect_rc 1; expect_out "holds no share/cmake/Torch/TorchConfig.cmake"

next "GPU + PyTorch without CUDA, or with the pre-cxx11 ABI -> the archive"
run FAKE_TORCH=cpu LDM_LIBTORCH_URL="$tmp/libtorch-fake.zip" LDM_LIBTORCH_SHA256="$sha" -- --print-plan
expect_rc 0; expect_out "LibTorch plan: archive"; expect_out "cannot use the GPU (torch.cuda.is_available(): False"
run FAKE_TORCH=oldabi LDM_LIBTORCH_URL="$tmp/libtorch-fake.zip" LDM_LIBTORCH_SHA256="$sha" -- --print-plan
expect_rc 0; expect_out "LibTorch plan: archive"; expect_out "pre-cxx11 ABI"

next "the archive table: every row complete, with a SHA-256"
table=$(sed -n '/^LIBTORCH_ARCHIVES="/,/^"$/p' "$installer" | sed '1d;$d')
[ "$(wc -l <<< "$table")" -ge 3 ] || { out=$table; fail "the table has fewer than 3 rows"; }
while read -r variant cuda version file sum low high extra; do
  [[ $variant =~ ^cu[0-9]+$ && $cuda =~ ^[0-9]+\.[0-9]$ && $version =~ ^2\.[0-9]+\.[0-9]+$ && \
     $file == *"${version}%2B${variant}.zip" && $sum =~ ^[0-9a-f]{64}$ && $low =~ ^[0-9]+\.[0-9]$ && \
     $high =~ ^[0-9]+\.[0-9]$ && -z $extra ]] || { out=$table; fail "malformed row: $variant $cuda $version $file $sum $low $high $extra"; }
done <<< "$table"

next "GPU, no PyTorch -> the archive for the driver's CUDA version (table), with the table's checksum"
for pair in 13.0:cu130 14.1:cu130 12.9:cu128 12.8:cu128 12.6:cu126 12.5:cu124 12.4:cu124 12.2:cu118 12.0:cu118 11.8:cu118; do
  variant=${pair#*:}
  run FAKE_CUDA="${pair%%:*}" FAKE_CC=8.6 -- --print-plan
  expect_rc 0; expect_out "($variant); no usable PyTorch: no PyTorch in $tmp/bin/python3"
  expect_out "archive: https://download.pytorch.org/libtorch/$variant/libtorch-"
  expect_out "sha256:  $(awk -v v="$variant" '$1 == v {print $5}' <<< "$table") (checked before unpacking)"
done

next "GPU, no PyTorch -> the archive that has code for the GPU (compute capability)"
for c in 13.0:7.0:cu126 13.0:12.0:cu130 12.8:12.0:cu128 12.4:9.0:cu124 13.0:3.7:cu118 "13.0:7.0 8.6:cu126" 13.0:old:cu130; do
  run FAKE_CUDA="${c%%:*}" FAKE_CC="$(cut -d: -f2 <<< "$c")" -- --print-plan
  expect_rc 0; expect_out "(${c##*:}); no usable PyTorch"
done
run FAKE_CC="8.6 9.0" -- --print-plan
expect_out "GPU: NVIDIA Fake H100, 81559 MiB (the driver supports CUDA 12.8; compute capability 8.6 9.0)"

next "a GPU no archive has code for -> clear message, CPU plan, nothing unpacked"
run FAKE_CUDA=12.6 FAKE_CC=12.0 -- --libtorch-only
expect_rc 0; expect_out "LibTorch plan: cpu"
expect_out "no LibTorch archive that the driver (CUDA 12.6) supports has code for this GPU (compute"
expect_out "capability 12.0): cu126 (code for 5.0 to 9.0), cu124 (code for 5.0 to 9.0), cu118 (code for 3.7 to 8.9)"
expect_clean
run FAKE_CUDA=13.0 FAKE_CC=3.5 -- --print-plan
expect_rc 0; expect_out "LibTorch plan: cpu"; expect_out "compute capability 3.5"

next "unsupported driver CUDA version -> clear message, CPU plan"
run FAKE_CUDA=11.4 -- --libtorch-only
expect_rc 0; expect_out "LibTorch plan: cpu"
expect_out "the driver supports CUDA 11.4, older than the oldest LibTorch archive, cu118 (CUDA 11.8)"; expect_clean

next "wrong checksum -> error, nothing unpacked"
run LDM_LIBTORCH_URL="$tmp/libtorch-fake.zip" LDM_LIBTORCH_SHA256="$zeros" -- --libtorch-only
expect_rc 1; expect_out "SHA-256 mismatch"; expect_out "expected $zeros, got $sha; nothing was unpacked"
expect_clean
run LDM_LIBTORCH_SHA256="not-a-checksum" -- --print-plan
expect_rc 1; expect_out "is not a SHA-256"

next "a verified zip that is not a LibTorch -> error, nothing installed"
run LDM_LIBTORCH_URL="$tmp/not-libtorch.zip" LDM_LIBTORCH_SHA256="$sha_not" -- --libtorch-only
expect_rc 1; expect_out "not a LibTorch archive"
if [ -n "$(ls -A "$tmp/prefix")" ]; then fail "left in the prefix: $(ls -A "$tmp/prefix")"; fi
rm -rf "$tmp/prefix"; expect_clean

next "GPU, no PyTorch -> archive downloaded, verified, unpacked to the prefix, recorded"
url=$tmp/libtorch-fake.zip
if command -v curl > /dev/null; then url=file://$tmp/libtorch-fake.zip; fi  # through curl where there is one
run LDM_LIBTORCH_URL="$url" LDM_LIBTORCH_SHA256="$sha" -- --print-plan
expect_rc 0; expect_out "LibTorch plan: archive - LibTorch 2.11.0 for CUDA 12.8 (cu128)"; expect_out "sha256:  $sha"
expect_clean
run LDM_LIBTORCH_URL="$url" LDM_LIBTORCH_SHA256="$sha" -- --libtorch-only
expect_rc 0; expect_out "SHA-256 verified: $sha"; expect_out "unpacked to $tmp/prefix/libtorch"
cmp -s "$tmp/pkg/libtorch/lib/libtorch_cuda.so" "$tmp/prefix/libtorch/lib/libtorch_cuda.so" || fail "archive not unpacked"
[ "$(ls -A "$tmp/prefix")" = libtorch ] || fail "left in the prefix: $(ls -A "$tmp/prefix")"
[ -z "$(ls -A "$tmp/dl")" ] || fail "download left in TMPDIR"
grep -qF '"libtorch": "archive", "version": "2.11.0", "cuda": "12.8"' "$tmp/toy/CMakeUserPresets.json" || fail "choice not recorded"
expect_configured_with "$tmp/prefix/libtorch/share/cmake/Torch"
# Idempotent: the second run finds it installed and does not fetch the archive again.
mv "$tmp/libtorch-fake.zip" "$tmp/moved.zip"
run LDM_LIBTORCH_URL="$url" LDM_LIBTORCH_SHA256="$sha" -- --libtorch-only
expect_rc 0; expect_out "LibTorch 2.11.0 (cu128) is already in $tmp/prefix/libtorch"
mv "$tmp/moved.zip" "$tmp/libtorch-fake.zip"
# A wrong checksum later leaves the installed LibTorch as it was.
echo changed > "$tmp/prefix/libtorch/.ldm-studio-archive"
run LDM_LIBTORCH_URL="$tmp/libtorch-fake.zip" LDM_LIBTORCH_SHA256="$zeros" -- --libtorch-only
expect_rc 1; expect_out "SHA-256 mismatch"
[ "$(cat "$tmp/prefix/libtorch/.ldm-studio-archive")" = changed ] || fail "the installed LibTorch was touched"
# A CMakeUserPresets.json of the user's own is left alone.
echo '{"version": 6}' > "$tmp/toy/CMakeUserPresets.json"
run LDM_LIBTORCH_URL="$tmp/libtorch-fake.zip" LDM_LIBTORCH_SHA256="$sha" -- --libtorch-only
expect_rc 0; expect_out "was not written by this installer"; expect_out "-DCMAKE_PREFIX_PATH=\"$tmp/prefix/libtorch\""
[ "$(cat "$tmp/toy/CMakeUserPresets.json")" = '{"version": 6}' ] || fail "the user's CMakeUserPresets.json was changed"

echo "install-deps.sh LibTorch choice: $n cases passed"
