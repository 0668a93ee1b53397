#!/usr/bin/env bash
# ThreadSanitizer run of the tests that exercise the GUI's worker thread and its job queue (#23): the
# `tsan` preset (clang, -fsanitize=thread) builds test_failure_drills and test_gui only, then runs
#   test_failure_drills burstOfJobsWithCancels windowStaysResponsiveDuringGeneration
#   test_gui generationStreamsPreviewsThenFinal cancelStopsWithinOneStep realEngineStreamsAndCancels
# Qt and LibTorch are not instrumented: what they synchronise inside themselves (queued signals, the
# OpenMP pool) is invisible to TSan, so tests/tsan.supp names those libraries. A report in our own code
# fails the run. Usage: tools/run_tsan.sh  (from the repository root; build/tsan is reused)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
cmake --preset tsan > /dev/null
cmake --build --preset tsan
built=$(date +%s)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/tmp"
export HOME=$home XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data TMPDIR=$home/tmp QT_QPA_PLATFORM=offscreen
export LDM_THREADS=2 OMP_NUM_THREADS=1
export TSAN_OPTIONS="suppressions=$PWD/tests/tsan.supp halt_on_error=0 exitcode=66 second_deadlock_stack=1"
status=0
build/tsan/bin/test_failure_drills burstOfJobsWithCancels windowStaysResponsiveDuringGeneration || status=$?
build/tsan/bin/test_gui generationStreamsPreviewsThenFinal cancelStopsWithinOneStep realEngineStreamsAndCancels || status=$?
end=$(date +%s)
echo "run_tsan: build $((built - start)) s, tests $((end - built)) s, exit status $status (66: a ThreadSanitizer report)"
exit $status
