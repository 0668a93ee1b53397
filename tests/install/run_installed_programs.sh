#!/usr/bin/env bash
# Runs both programs from an installed tree with the source tree out of reach (a private mount namespace
# lays an empty tmpfs over it; without root the tree stays visible and the script says so): `ldm info`,
# a 2-step txt2img (which must use the bundled model of that tree), a 2-step layout, and ldm-studio on the
# offscreen platform with --screenshot-dir. Used by test_installed_layout.sh (a `cmake --install` prefix)
# and test_deb_package.sh (ROOT/usr of an unpacked .deb).
# Usage: run_installed_programs.sh PREFIX SOURCE_DIR WORK_DIR
set -euo pipefail
prefix=$1 source_dir=$2 work=$3

cat > "$work/run.sh" <<'RUN'
set -euo pipefail
prefix=$1 work=$2
share="$prefix/share/ldm-studio/resources"
unset LDM_RESOURCES_DIR
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$HOME"
cd "$work"
"$prefix/bin/ldm" info --model "$share/models/shapes-layout" > /dev/null
"$prefix/bin/ldm" txt2img --prompt "a red circle" --steps 2 --seed 1 --quiet --json --output "$work/out.png" > "$work/out.json"
grep -q "\"model\": \"$share/models/shapes-txt2img\"" "$work/out.json" || { echo "ldm used another model:"; cat "$work/out.json"; exit 1; }
test -s "$work/out.png"
"$prefix/bin/ldm" layout --box "red circle:0.1,0.1,0.5,0.5" --steps 2 --seed 1 --quiet --output "$work/layout.png" > /dev/null
QT_QPA_PLATFORM=offscreen "$prefix/bin/ldm-studio" --screenshot-dir "$work/shots" > "$work/studio.log" 2>&1 ||
  { cat "$work/studio.log"; exit 1; }
shots=$(ls "$work/shots"/*.png | wc -l)
test "$shots" -ge 4 || { echo "ldm-studio wrote $shots screenshots"; cat "$work/studio.log"; exit 1; }
echo "ldm and ldm-studio ran from $prefix ($shots screenshots)"
RUN

if [ "$(id -u)" -eq 0 ] && unshare -m --propagation private true 2>/dev/null; then
  unshare -m --propagation private bash -c 'mount -t tmpfs none "$1" && bash "$2/run.sh" "$3" "$2"' _ "$source_dir" "$work" "$prefix"
  echo "(source tree $source_dir hidden)"
else
  bash "$work/run.sh" "$prefix" "$work"
  echo "(source tree still visible: hiding it needs root for a mount namespace)"
fi
