#!/usr/bin/env bash
# ldm_studio_screenshots (tests/gui/tests.cmake): runs `ldm-studio --screenshot-dir SHOTS` with a
# HOME, XDG folders and TMPDIR of its own (HOME_DIR, inside the build folder), then checks that
#  - the application really wrote there (its four auto-saved pictures are in HOME_DIR/Pictures), and
#  - the user's real home gained nothing meanwhile: no picture in ~/Pictures, nothing in the
#    settings, data and trash folders of LDM Studio.
# Usage: run_isolated.sh LDM_STUDIO HOME_DIR SHOTS
set -euo pipefail
app=$1 home=$2 shots=$3
real_home=${HOME:-}
real_config=${XDG_CONFIG_HOME:-$real_home/.config}
real_data=${XDG_DATA_HOME:-$real_home/.local/share}

rm -rf "$home"
mkdir -p "$home/config" "$home/data" "$home/cache" "$home/tmp" "$home/runtime"
chmod 700 "$home/runtime"
marker="$home/started"
touch "$marker"
sleep 1  # file times have a resolution of a second on some file systems

HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
  XDG_RUNTIME_DIR="$home/runtime" TMPDIR="$home/tmp" QT_QPA_PLATFORM=offscreen \
  "$app" --screenshot-dir "$shots"

saved=$(find "$home/Pictures/LDM Studio" -name '*.png' 2>/dev/null | wc -l)
if [ "$saved" -lt 4 ]; then
  echo "run_isolated: expected the 4 auto-saved pictures under $home/Pictures/LDM Studio, found $saved" >&2
  exit 1
fi
if [ -n "$real_home" ]; then
  for d in "$real_home/Pictures" "$real_config/LDM Studio" "$real_data/LDM Studio" "$real_data/ldm-studio" \
           "$real_data/Trash/files"; do
    if [ -e "$d" ]; then
      changed=$(find "$d" -newer "$marker" -print -quit)
      if [ -n "$changed" ]; then
        echo "run_isolated: changed outside the build folder: $changed" >&2
        exit 1
      fi
    fi
  done
fi
echo "run_isolated: $saved pictures in $home, nothing changed in $real_home"
