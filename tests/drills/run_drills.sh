#!/usr/bin/env bash
# Runs test_failure_drills; as root, inside a private mount namespace with a 256 KiB tmpfs for the
# full-disk drill (LDM_DRILL_SMALL_DISK). Usage: run_drills.sh TEST_BINARY [ARGS...]
set -euo pipefail
test_binary=$1
shift
mkdir -p "${TMPDIR:-/tmp}" "$HOME"
if [ "$(id -u)" -eq 0 ] && unshare -m --propagation private true 2>/dev/null; then
  disk=$(mktemp -d)
  trap 'rmdir "$disk" 2>/dev/null || true' EXIT
  unshare -m --propagation private bash -c \
    'mount -t tmpfs -o size=256k none "$1" && LDM_DRILL_SMALL_DISK="$1" exec "$2" "${@:3}"' _ "$disk" "$test_binary" "$@"
else
  "$test_binary" "$@"
fi
