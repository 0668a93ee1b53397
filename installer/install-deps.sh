#!/usr/bin/env bash
# Installs exactly the Debian 12 packages LDM Studio needs to build, test and run,
# and makes OpenBLAS the active libblas.so.3 (LibTorch's matmuls go through it).
# Idempotent: running it again changes nothing once everything is in place.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libtorch-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev qt6-translations-l10n
  libopencv-dev
  nlohmann-json3-dev libyaml-cpp-dev
  libopenblas0-pthread
  xvfb xauth imagemagick file dpkg-dev
  python3
  fonts-wqy-microhei  # a CJK font: without one the Chinese translation renders as empty boxes
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

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
