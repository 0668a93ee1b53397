#!/usr/bin/env bash
# Installs exactly the Debian 12 packages LDM Studio needs to build, test and run, makes OpenBLAS the
# active libblas.so.3 (LibTorch's matmuls go through it) and, on a machine with an NVIDIA GPU, sets up a
# CUDA LibTorch for the build. Idempotent: running it again changes nothing once everything is in place.
#
# Usage: bash installer/install-deps.sh [--print-plan | --libtorch-only | --help]
#   --print-plan     print which LibTorch the build will use and why; no apt, no download, no file written
#   --libtorch-only  set up only the LibTorch (no apt packages, no BLAS switch)
#
# LibTorch. Debian's libtorch-dev (1.13, CPU only) is always installed; without a GPU it is what the
# build uses, as before. With an NVIDIA GPU (nvidia-smi works) the build uses a CUDA LibTorch, the first of:
#   1. LIBTORCH=/path   a LibTorch the user gives (a folder with share/cmake/Torch/TorchConfig.cmake);
#                       honoured with or without a GPU;
#   2. an installed PyTorch with CUDA and the cxx11 ABI: its torch.utils.cmake_prefix_path;
#   3. the official LibTorch archive for the driver's CUDA version and the GPU's compute capability
#      (LIBTORCH_ARCHIVES below), downloaded, checked against its SHA-256 BEFORE unpacking, unpacked to
#      $LDM_PREFIX/libtorch. When no archive suits the driver and the GPU, the build stays on the CPU and
#      the installer says why.
# The choice is printed and recorded as the configure preset "cuda" in CMakeUserPresets.json (git-ignored):
#   cmake --preset cuda && cmake --build --preset cuda     (build folder build/cuda)
#
# Environment (default):
#   LIBTORCH             a LibTorch to use (none)
#   LDM_PREFIX           where the archive is unpacked, as $LDM_PREFIX/libtorch (/opt/ldm-studio)
#   LDM_NVIDIA_SMI       the nvidia-smi to ask (nvidia-smi)
#   LDM_PYTHON           the Python whose PyTorch is tried (python3)
#   LDM_LIBTORCH_URL     the archive to fetch instead of the table's URL (a URL, file:// URL or local path)
#   LDM_LIBTORCH_SHA256  its SHA-256, instead of the table's (take it from a source you trust)
#   LDM_DOWNLOAD_DIR     where the archive is downloaded before it is checked (${TMPDIR:-/var/tmp})
#   LDM_SOURCE_DIR       the source tree that receives CMakeUserPresets.json (this script's repository)
set -euo pipefail

# The official LibTorch archives for Linux x86_64 (shared-with-deps, cxx11 ABI), newest CUDA first. The
# first row that suits the machine is used: the driver supports the row's CUDA version (nvidia-smi: "CUDA
# Version: X.Y" >= the row's) and every GPU's compute capability (nvidia-smi --query-gpu=compute_cap) lies
# between the row's lowest and highest (X.Y runs code built for X.y, y <= Y, so 8.9 runs 8.6's code).
# Columns: variant, CUDA version, LibTorch version, file under $LIBTORCH_BASE_URL/<variant>/, SHA-256,
# lowest and highest compute capability the archive has code for.
# From LibTorch 2.7 on the cxx11 ABI is the only one, and from 2.8 the file name no longer says so.
# LibTorch 2.11 is the version this project is built and measured with on a GPU (docs/benchmarks.md); 2.5
# and 2.7 are there for drivers older than CUDA 12.6 and for GPUs older than Turing, whose code CUDA 12.8
# dropped (the build against them has not been tried: only 1.13 and 2.11 have).
# PyTorch publishes no checksums. Each SHA-256 below is the one pinned for that file by public projects
# whose builds check it (Nix fetchurl, Bazel http_archive, CP2K's toolchain, install scripts); none could
# be downloaded from here to compute it again. A wrong one stops the install before anything is unpacked.
# Sources: 2.11.0+cu130 two projects, 2.11.0+cu128 one (a Nix expression), 2.11.0+cu126 one (a Bazel module),
# 2.5.1+cu124 one (CP2K), 2.7.1+cu118 two. The code lists (cuobjdump) are PyTorch's: CUDA 13 builds for 7.5
# and newer; the 12.8 builds of 2.8 and later dropped Volta (7.0); 12.6 and older end at Hopper (9.0).
LIBTORCH_BASE_URL=https://download.pytorch.org/libtorch
LIBTORCH_ARCHIVES="
cu130 13.0 2.11.0 libtorch-shared-with-deps-2.11.0%2Bcu130.zip           a163eff74ffc1eaf3827e808c8bad3a88338ca68b5733d0974c1cbc9bc033295 7.5 12.9
cu128 12.8 2.11.0 libtorch-shared-with-deps-2.11.0%2Bcu128.zip           e4732501926848c1fdec7411bf78952cd60b353ed990439eefacfebd34bc1351 7.5 12.9
cu126 12.6 2.11.0 libtorch-shared-with-deps-2.11.0%2Bcu126.zip           299c093de374ee600a7450d3b03eaf438f838c2ccaaabbeb65e94ee107830656 5.0 9.0
cu124 12.4 2.5.1  libtorch-cxx11-abi-shared-with-deps-2.5.1%2Bcu124.zip  08552b1d13de1389d01c64aaa5e2c6c5092f922618b0d32ccff8ed9099d75735 5.0 9.0
cu118 11.8 2.7.1  libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu118.zip  65a33ca2751af31c0a6ae8b6e8b727c242ae1c41d294da97471de9c95ecb5406 3.7 8.9
"

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libtorch-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev qt6-translations-l10n
  libopencv-dev
  nlohmann-json3-dev libyaml-cpp-dev
  libopenblas0-pthread
  xvfb xauth imagemagick file dpkg-dev
  lintian appstream  # test_deb_package: the .deb must have no lintian errors and valid AppStream metadata
  clang libclang-rt-14-dev  # the sanitizer build CI runs (preset asan), the fuzzers and TSan presets
  python3
  fonts-wqy-microhei  # a CJK font: without one the Chinese translation renders as empty boxes
)
ARCHIVE_PACKAGES=(curl ca-certificates unzip)  # only when a LibTorch archive is to be downloaded

log() { local line; while IFS= read -r line; do echo "installer: $line"; done <<< "$*"; }
die() { echo "installer: error: $*" >&2; exit 1; }

mode=all
case "${1:-}" in
  "") ;;
  --print-plan|--dry-run) mode=plan ;;
  --libtorch-only) mode=libtorch ;;
  -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
  *) die "unknown option '$1' (see --help)" ;;
esac

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
LDM_PREFIX=${LDM_PREFIX:-/opt/ldm-studio}
LDM_SOURCE_DIR=${LDM_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

# ---------------------------------------------------------------------------------------------------
# Which LibTorch: sets PLAN (cpu | user | pytorch | archive), PLAN_PREFIX (for CMAKE_PREFIX_PATH),
# PLAN_WHY, PLAN_NOTE (why the GPU is not used although there is one), PLAN_VERSION, PLAN_CUDA.

version_number() {  # "12.8" -> 1208
  local major=${1%%.*} minor=${1#*.}
  minor=${minor%%.*}
  echo $((10#$major * 100 + 10#$minor))
}

torch_config_in() {  # prints the TorchConfig.cmake find_package(Torch) finds with prefix $1
  local d
  for d in "$1/share/cmake/Torch" "$1/Torch" "$1/lib/cmake/Torch"; do
    if [ -f "$d/TorchConfig.cmake" ]; then echo "$d/TorchConfig.cmake"; return 0; fi
  done
  return 1
}

detect_gpu() {  # sets GPU_CUDA (driver's CUDA version), GPU_NAMES, GPU_CCS; GPU_WHY and status 1 without a GPU
  local smi=${LDM_NVIDIA_SMI:-nvidia-smi} out
  GPU_CUDA="" GPU_NAMES="" GPU_CCS="" GPU_WHY=""
  if ! command -v "$smi" > /dev/null 2>&1; then GPU_WHY="no $smi"; return 1; fi
  if ! out=$("$smi" 2>&1); then GPU_WHY="$smi failed: $(head -n1 <<< "$out")"; return 1; fi
  GPU_CUDA=$(sed -n 's/.*CUDA Version: *\([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' <<< "$out" | head -n1)
  GPU_NAMES=$("$smi" --query-gpu=name,memory.total --format=csv,noheader 2> /dev/null | paste -sd';' - |
              sed 's/;/; /g') || GPU_NAMES=""
  [ -n "$GPU_NAMES" ] || GPU_NAMES="an NVIDIA GPU"
  # Each GPU's compute capability ("9.0"); drivers before 510 cannot say, and then it is not checked.
  GPU_CCS=$("$smi" --query-gpu=compute_cap --format=csv,noheader 2> /dev/null |
            grep -Eo '^ *[0-9]+\.[0-9]+' | tr -d ' ' | sort -u | paste -sd' ' -) || GPU_CCS=""
  return 0
}

try_pytorch() {  # a PyTorch with CUDA and the cxx11 ABI; PYTORCH_WHY and status 1 otherwise
  local py=${LDM_PYTHON:-python3} out
  local -a f
  if ! command -v "$py" > /dev/null 2>&1; then PYTORCH_WHY="no $py"; return 1; fi
  if ! out=$("$py" -c 'import torch, torch.utils
print(torch.cuda.is_available()); print(torch.utils.cmake_prefix_path); print(torch.version.cuda)
print(torch.__version__); print(torch._C._GLIBCXX_USE_CXX11_ABI)' 2> /dev/null); then
    PYTORCH_WHY="no PyTorch in $py"
    return 1
  fi
  mapfile -t f <<< "$out"
  if [ "${f[0]:-}" != True ]; then
    PYTORCH_WHY="PyTorch ${f[3]:-?} in $py cannot use the GPU (torch.cuda.is_available(): ${f[0]:-?}, CUDA ${f[2]:-none})"
    return 1
  fi
  if [ "${f[4]:-}" != True ]; then
    PYTORCH_WHY="PyTorch ${f[3]:-?} in $py is built with the pre-cxx11 ABI, which cannot link with Debian's Qt"
    return 1
  fi
  if ! torch_config_in "${f[1]:-/nonexistent}" > /dev/null; then
    PYTORCH_WHY="PyTorch ${f[3]:-?} in $py has no TorchConfig.cmake under ${f[1]:-?}"
    return 1
  fi
  PLAN=pytorch PLAN_PREFIX=${f[1]} PLAN_VERSION=${f[3]} PLAN_CUDA=${f[2]}
  PLAN_WHY="the PyTorch in $py has CUDA"
  return 0
}

cc_in_range() {  # cc_in_range CC LOW HIGH: whether compute capability CC runs the code of an archive for LOW..HIGH
  local cc low high
  cc=$(version_number "$1") low=$(version_number "$2") high=$(version_number "$3")
  [ "$cc" -ge "$low" ] && [ "$cc" -le "$high" ]
}

choose_archive() {  # the newest archive that the driver and every GPU can run
  local want variant cuda version file sha low high cc fits oldest="" skipped=""
  if [ -z "$GPU_CUDA" ]; then
    PLAN_NOTE="nvidia-smi reports no CUDA version, so no LibTorch archive can be chosen"
    return 1
  fi
  want=$(version_number "$GPU_CUDA")
  while read -r variant cuda version file sha low high; do
    [ -n "$variant" ] || continue
    oldest="$variant (CUDA $cuda)"
    [ "$(version_number "$cuda")" -le "$want" ] || continue
    fits=1
    for cc in $GPU_CCS; do
      if ! cc_in_range "$cc" "$low" "$high"; then fits=0; fi
    done
    if [ "$fits" = 0 ]; then
      skipped+="${skipped:+, }$variant (code for $low to $high)"
      continue
    fi
    ARCHIVE_VARIANT=$variant ARCHIVE_VERSION=$version ARCHIVE_FILE=${file//%2B/+}
    ARCHIVE_URL=${LDM_LIBTORCH_URL:-$LIBTORCH_BASE_URL/$variant/$file}
    ARCHIVE_SHA256=$(tr 'A-F' 'a-f' <<< "${LDM_LIBTORCH_SHA256:-$sha}")
    [[ $ARCHIVE_SHA256 =~ ^[0-9a-f]{64}$ ]] || die "LDM_LIBTORCH_SHA256 is not a SHA-256: $ARCHIVE_SHA256"
    PLAN=archive PLAN_PREFIX=$LDM_PREFIX/libtorch PLAN_VERSION=$version PLAN_CUDA=$cuda
    return 0
  done <<< "$LIBTORCH_ARCHIVES"
  if [ -n "$skipped" ]; then
    PLAN_NOTE="no LibTorch archive that the driver (CUDA $GPU_CUDA) supports has code for this GPU (compute
  capability $(sed 's/ /, /g' <<< "$GPU_CCS")): $skipped; update the NVIDIA driver, or give LIBTORCH=/path to a
  LibTorch built for this GPU"
  else
    PLAN_NOTE="the driver supports CUDA $GPU_CUDA, older than the oldest LibTorch archive, $oldest: update the
  NVIDIA driver, or give LIBTORCH=/path to a LibTorch built for CUDA $GPU_CUDA"
  fi
  return 1
}

decide_libtorch() {
  PLAN=cpu PLAN_PREFIX="" PLAN_WHY="" PLAN_NOTE="" PLAN_VERSION="" PLAN_CUDA="" PYTORCH_WHY=""
  HAVE_GPU=0
  if detect_gpu; then HAVE_GPU=1; fi
  if [ -n "${LIBTORCH:-}" ]; then
    [ -d "$LIBTORCH" ] || die "LIBTORCH=$LIBTORCH is not a folder"
    torch_config_in "$LIBTORCH" > /dev/null ||
      die "LIBTORCH=$LIBTORCH holds no share/cmake/Torch/TorchConfig.cmake (nor Torch/TorchConfig.cmake)"
    PLAN=user PLAN_PREFIX=$(cd "$LIBTORCH" && pwd) PLAN_WHY="LIBTORCH was given"
    if [ -f "$LIBTORCH/build-version" ]; then PLAN_VERSION=$(head -n1 "$LIBTORCH/build-version"); fi
    return
  fi
  if [ "$HAVE_GPU" = 0 ]; then
    PLAN_WHY="no NVIDIA GPU ($GPU_WHY)"
    return
  fi
  if try_pytorch; then return; fi
  PLAN_WHY="no usable PyTorch: $PYTORCH_WHY"
  choose_archive || true
}

print_plan() {
  local record="$LDM_SOURCE_DIR/CMakeUserPresets.json"
  if [ "$HAVE_GPU" = 1 ]; then
    log "GPU: $GPU_NAMES (the driver supports CUDA ${GPU_CUDA:-?}${GPU_CCS:+; compute capability $GPU_CCS})"
  fi
  case $PLAN in
    cpu)
      log "LibTorch plan: cpu - Debian's libtorch-dev (CPU only); ${PLAN_WHY:-}"
      if [ -n "$PLAN_NOTE" ]; then
        log "the GPU will not be used: $PLAN_NOTE"
      fi ;;
    user|pytorch)
      log "LibTorch plan: $PLAN - ${PLAN_VERSION:-LibTorch}${PLAN_CUDA:+ (CUDA $PLAN_CUDA)} at $PLAN_PREFIX; $PLAN_WHY" ;;
    archive)
      log "LibTorch plan: archive - LibTorch $PLAN_VERSION for CUDA $PLAN_CUDA ($ARCHIVE_VARIANT); $PLAN_WHY"
      log "  archive: $ARCHIVE_URL"
      log "  sha256:  $ARCHIVE_SHA256 (checked before unpacking)"
      log "  unpacked to: $PLAN_PREFIX" ;;
  esac
  if [ "$PLAN" != cpu ]; then
    log "  recorded in: $record (configure preset \"cuda\": cmake --preset cuda && cmake --build --preset cuda)"
  fi
}

# ---------------------------------------------------------------------------------------------------
# Setting it up.

DOWNLOAD_DIR="" STAGING_DIR="" AS_OWNER=""
cleanup() {
  if [ -n "$DOWNLOAD_DIR" ]; then rm -rf "$DOWNLOAD_DIR"; fi
  if [ -n "$STAGING_DIR" ]; then $AS_OWNER rm -rf "$STAGING_DIR"; fi
}
trap cleanup EXIT

install_archive() {
  local dest=$PLAN_PREFIX marker=$PLAN_PREFIX/.ldm-studio-archive stamp="$ARCHIVE_SHA256 $ARCHIVE_FILE"
  local zip got existing
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$stamp" ]; then
    log "LibTorch $ARCHIVE_VERSION ($ARCHIVE_VARIANT) is already in $dest"
    return
  fi
  DOWNLOAD_DIR=$(mktemp -d "${LDM_DOWNLOAD_DIR:-${TMPDIR:-/var/tmp}}/ldm-libtorch.XXXXXX")
  zip=$DOWNLOAD_DIR/$ARCHIVE_FILE
  if [ -f "$ARCHIVE_URL" ]; then
    cp "$ARCHIVE_URL" "$zip"
  else
    command -v curl > /dev/null || die "curl is needed to download $ARCHIVE_URL"
    log "downloading $ARCHIVE_URL"
    curl -fL --retry 3 --progress-bar -o "$zip" "$ARCHIVE_URL" || die "could not download $ARCHIVE_URL"
  fi
  got=$(sha256sum "$zip" | cut -d' ' -f1)
  if [ "$got" != "$ARCHIVE_SHA256" ]; then
    die "SHA-256 mismatch for $ARCHIVE_URL: expected $ARCHIVE_SHA256, got $got; nothing was unpacked"
  fi
  log "SHA-256 verified: $got"

  # Unpack next to the destination (as root when its folder is not ours), then swap it in.
  existing=$LDM_PREFIX
  while [ ! -d "$existing" ]; do existing=$(dirname "$existing"); done
  if [ ! -w "$existing" ]; then AS_OWNER=$SUDO; fi
  $AS_OWNER mkdir -p "$LDM_PREFIX"
  STAGING_DIR=$($AS_OWNER mktemp -d "$LDM_PREFIX/.libtorch-unpack.XXXXXX")
  if command -v unzip > /dev/null; then
    $AS_OWNER unzip -q "$zip" -d "$STAGING_DIR"
  else
    (cd "$STAGING_DIR" && $AS_OWNER cmake -E tar xf "$zip")
  fi
  torch_config_in "$STAGING_DIR/libtorch" > /dev/null ||
    die "$ARCHIVE_URL holds no libtorch/share/cmake/Torch/TorchConfig.cmake: not a LibTorch archive"
  echo "$stamp" | $AS_OWNER tee "$STAGING_DIR/libtorch/.ldm-studio-archive" > /dev/null
  if [ -e "$dest" ]; then $AS_OWNER mv "$dest" "$STAGING_DIR/previous"; fi
  $AS_OWNER mv "$STAGING_DIR/libtorch" "$dest"
  log "LibTorch $ARCHIVE_VERSION ($ARCHIVE_VARIANT) unpacked to $dest"
}

json_string() { sed 's/\\/\\\\/g; s/"/\\"/g' <<< "$1"; }

record_choice() {  # the configure preset "cuda" in CMakeUserPresets.json
  local file="$LDM_SOURCE_DIR/CMakeUserPresets.json" prefix
  if [ -f "$file" ] && ! grep -q '"ldm-studio/installer"' "$file"; then
    log "$file exists and was not written by this installer, so it is left as it is; configure with"
    log "  cmake --preset release -B build/cuda -DCMAKE_PREFIX_PATH=\"$PLAN_PREFIX\""
    return
  fi
  prefix=$(json_string "$PLAN_PREFIX")
  cat > "$file.tmp" <<EOF
{
  "version": 6,
  "vendor": {
    "ldm-studio/installer": {
      "libtorch": "$PLAN", "version": "$(json_string "$PLAN_VERSION")", "cuda": "$(json_string "$PLAN_CUDA")",
      "prefix": "$prefix", "gpu": "$(json_string "$GPU_NAMES")", "driverCuda": "$GPU_CUDA",
      "note": "Written by installer/install-deps.sh; it rewrites this file. Your own presets: remove the vendor entry."
    }
  },
  "configurePresets": [
    {
      "name": "cuda", "inherits": "release",
      "displayName": "Release with the CUDA LibTorch chosen by installer/install-deps.sh",
      "binaryDir": "\${sourceDir}/build/cuda",
      "cacheVariables": {"CMAKE_PREFIX_PATH": "$prefix"}
    }
  ],
  "buildPresets": [{"name": "cuda", "configurePreset": "cuda"}],
  "testPresets": [{"name": "cuda", "configurePreset": "cuda", "output": {"outputOnFailure": true}}]
}
EOF
  mv "$file.tmp" "$file"
  log "recorded in $file: cmake --preset cuda && cmake --build --preset cuda"
}

check_cuda_toolkit() {  # TorchConfig.cmake of a CUDA LibTorch needs the CUDA toolkit at configure time
  if command -v nvcc > /dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ]; then return; fi
  log "note: no CUDA toolkit (nvcc) found; a CUDA LibTorch's TorchConfig.cmake needs one to configure:"
  log "  install the CUDA toolkit ${PLAN_CUDA:-} (NVIDIA's cuda-toolkit packages, or Debian's nvidia-cuda-toolkit)"
}

setup_libtorch() {
  case $PLAN in
    cpu) return ;;
    archive) install_archive ;;
  esac
  record_choice
  check_cuda_toolkit
}

# ---------------------------------------------------------------------------------------------------

decide_libtorch
print_plan
if [ "$mode" = plan ]; then exit 0; fi

if [ "$mode" = all ]; then
  if [ "$PLAN" = archive ] && [ ! -f "$ARCHIVE_URL" ]; then PACKAGES+=("${ARCHIVE_PACKAGES[@]}"); fi
  missing=()
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done

  if [ ${#missing[@]} -gt 0 ]; then
    echo "installer: installing ${#missing[@]} missing package(s): ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "installer: all packages present"
  fi

  # Netlib's reference BLAS is ~14x slower than OpenBLAS for LibTorch's matmuls.
  # Point the libblas.so.3 alternative at OpenBLAS (pthread flavour).
  arch_dir="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
  openblas="/usr/lib/${arch_dir}/openblas-pthread/libblas.so.3"
  if [ -e "$openblas" ]; then
    current="$(update-alternatives --query "libblas.so.3-${arch_dir}" 2>/dev/null | awk '/^Value:/{print $2}')"
    if [ "$current" != "$openblas" ]; then
      $SUDO update-alternatives --set "libblas.so.3-${arch_dir}" "$openblas"
    fi
    echo "installer: libblas.so.3 -> $openblas"
  fi
fi

setup_libtorch
