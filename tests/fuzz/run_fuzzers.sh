#!/usr/bin/env bash
# Builds the fuzz preset and runs every libFuzzer harness, one after the other, for SECONDS each
# (default 30) on its seed corpus (tests/fuzz/corpus/<harness>/, read only: new inputs go to a scratch
# folder), then prints one line per harness: executions, seconds, coverage (libFuzzer's final cov: and
# ft:) and findings (crash-/leak-/timeout-/oom- files; libFuzzer stops at the first; a timeout counts
# only if the input times out again when run alone). Limits: -rss_limit_mb=2048, -timeout=10.
#
#   tests/fuzz/run_fuzzers.sh [SECONDS] [HARNESS ...]      e.g. run_fuzzers.sh 600 pickle ckpt
#
# Environment: LDM_FUZZ_SCRATCH (default /tmp/ldm-fuzz-<date>) keeps the new corpus entries, logs and
# artifacts; LDM_FUZZ_NO_BUILD=1 skips the build; LDM_FUZZ_TIMEOUT (default 10 s) is libFuzzer's -timeout,
# which is wall-clock time: on a busy machine raise it (inputs slower than 10 s are still written as
# slow-unit-* and checked like timeouts, without ending the run). Run it under `nice -n 19` on a shared
# machine; it never runs two harnesses at once. A finding is reproduced with build/fuzz/bin/fuzz_<harness> <artifact>.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
shift || true
all=(safetensors pickle ckpt diffusers config_yaml png_text png_parameters request_json layout clip_tokenizer
     wordpiece_tokenizer prompt_weighting)
[ $# -gt 0 ] && harnesses=("$@") || harnesses=("${all[@]}")
timeout=${LDM_FUZZ_TIMEOUT:-10}
scratch=${LDM_FUZZ_SCRATCH:-/tmp/ldm-fuzz-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$scratch"

if [ "${LDM_FUZZ_NO_BUILD:-0}" != 1 ]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
fi

rows=()
for h in "${harnesses[@]}"; do
  bin=build/fuzz/bin/fuzz_$h
  [ -x "$bin" ] || { echo "no $bin (unknown harness?)" >&2; exit 2; }
  mkdir -p "$scratch/corpus/$h" "$scratch/artifacts/$h"
  log=$scratch/$h.log
  echo "== fuzz_$h for ${seconds}s (log: $log)" >&2
  start=$(date +%s)
  touch "$scratch/artifacts/$h/.start"
  # First corpus folder = where new inputs are written; the checked-in seeds are only read.
  "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout="$timeout" -report_slow_units=10 -print_final_stats=1 \
    -artifact_prefix="$scratch/artifacts/$h/" "$scratch/corpus/$h" "tests/fuzz/corpus/$h" >"$log" 2>&1 || true
  elapsed=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")
  # libFuzzer's -timeout is wall-clock time: under nice on a busy machine a starved run can pass 10 s.
  # A timeout counts only if it happens again when the input is run alone.
  findings=0 note=""
  while IFS= read -r a; do
    if [[ $(basename "$a") == timeout-* || $(basename "$a") == slow-unit-* ]] && "$bin" -timeout=10 -rss_limit_mb=2048 "$a" >/dev/null 2>&1; then
      note="$note $(basename "$a") was not slow again;"
    else
      findings=$((findings + 1))
    fi
  done < <(find "$scratch/artifacts/$h" -type f -newer "$scratch/artifacts/$h/.start")
  rows+=("$(printf '%-22s %12s %8s %8s %8s %9s %s' "$h" "${execs:-?}" "$elapsed" "${cov:-?}" "${ft:-?}" "$findings" "$note")")
done

printf '%-22s %12s %8s %8s %8s %9s\n' harness executions seconds cov ft findings
printf '%s\n' "${rows[@]}"
echo "new corpus entries, logs and artifacts: $scratch"
