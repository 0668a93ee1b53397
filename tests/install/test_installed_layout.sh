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

bash "$(dirname "$0")/run_installed_programs.sh" "$tmp/prefix" "$source_dir" "$tmp"
