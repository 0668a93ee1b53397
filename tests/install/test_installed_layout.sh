#!/usr/bin/env bash
# The installed layout (#24 defect 6): `cmake --install` into a scratch prefix, then both programs run
# from there with the source tree out of reach (a private mount namespace lays an empty tmpfs over it;
# without root the tree stays visible and the test says so). They must find their resources (bundled
# models, vocabularies, class lists) in the prefix; the generated PNG names the model it used.
set -euo pipefail
build=$1
source_dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log"
test -f "$tmp/prefix/share/ldm-studio/resources/models/shapes-txt2img/model.safetensors"

cat > "$tmp/run.sh" <<'RUN'
set -euo pipefail
tmp=$1
share="$tmp/prefix/share/ldm-studio/resources"
unset LDM_RESOURCES_DIR
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
mkdir -p "$HOME"
cd "$tmp"
"$tmp/prefix/bin/ldm" info --model "$share/models/shapes-layout" > /dev/null
"$tmp/prefix/bin/ldm" txt2img --prompt "a red circle" --steps 2 --seed 1 --quiet --json --output "$tmp/out.png" > "$tmp/out.json"
grep -q "\"model\": \"$share/models/shapes-txt2img\"" "$tmp/out.json" || { echo "ldm used another model:"; cat "$tmp/out.json"; exit 1; }
"$tmp/prefix/bin/ldm" layout --box "red circle:0.1,0.1,0.5,0.5" --steps 2 --seed 1 --quiet --output "$tmp/layout.png" > /dev/null
QT_QPA_PLATFORM=offscreen "$tmp/prefix/bin/ldm-studio" --screenshot-dir "$tmp/shots" > "$tmp/studio.log" 2>&1 ||
  { cat "$tmp/studio.log"; exit 1; }
shots=$(ls "$tmp/shots"/*.png | wc -l)
test "$shots" -ge 4 || { echo "ldm-studio wrote $shots screenshots"; cat "$tmp/studio.log"; exit 1; }
echo "ldm and ldm-studio ran from $tmp/prefix ($shots screenshots)"
RUN

if [ "$(id -u)" -eq 0 ] && unshare -m --propagation private true 2>/dev/null; then
  unshare -m --propagation private bash -c 'mount -t tmpfs none "$1" && bash "$2/run.sh" "$2"' _ "$source_dir" "$tmp"
  echo "(source tree $source_dir hidden)"
else
  bash "$tmp/run.sh" "$tmp"
  echo "(source tree still visible: hiding it needs root for a mount namespace)"
fi
