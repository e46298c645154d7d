#!/usr/bin/env bash
# Runs the fuzz targets built by build.sh, one after another, each for SECONDS.
#
#   Tests/Fuzz/run.sh SECONDS [target ...]     (default: every target)
#
# Each run grows .build-fuzz/corpus-<name> (kept between runs) and logs to
# .build-fuzz/logs/<name>.log. A crash, a Swift runtime trap, an ASan report, a broken
# property, an input slower than 10 s (a hang) or more than 2 GB of memory stops that
# target: the input is saved as .build-fuzz/artifacts/<name>/crash-… (or timeout-…,
# oom-…) and the script exits 1 after running the rest. Replay one input with
#   SWIFT_BACKTRACE=enable=yes .build-fuzz/fuzz-<name> .build-fuzz/artifacts/<name>/crash-…
#
# Environment: NICE (default `nice -n 10`), FUZZ_FLAGS (extra libFuzzer flags).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$ROOT/.build-fuzz
NICE=${NICE:-nice -n 10}
SECONDS_EACH=${1:?usage: run.sh SECONDS [target ...]}
shift
TARGETS=${*:-json yaml kubeconfig quantity duration manifest args watch loglines base64 complete}

# Longest input libFuzzer makes (and how much of a longer seed it keeps).
declare -A MAX_LEN=(
  [json]=65536 [yaml]=65536 [kubeconfig]=8192 [quantity]=600 [duration]=256 [manifest]=32768 [args]=2048
  [watch]=8192 [loglines]=8192 [base64]=4096 [complete]=1024
)

mkdir -p "$OUT/logs"
failed=()
printf '%-11s %6s %12s %9s %7s %8s  %s\n' target seconds execs exec/s corpus rss_mb result
for name in $TARGETS; do
  bin=$OUT/fuzz-$name
  [[ -x "$bin" ]] || { echo "run.sh: $bin is missing; run Tests/Fuzz/build.sh" >&2; exit 2; }
  mkdir -p "$OUT/artifacts/$name" "$OUT/corpus-$name"
  log=$OUT/logs/$name.log
  dict=()
  [[ -s "$OUT/dict-$name" ]] && dict=(-dict="$OUT/dict-$name")
  # The Swift runtime's backtracer would take seconds per trap; libFuzzer's handler reports
  # the signal and saves the input (the Swift "Fatal error: ..." line is printed first).
  # shellcheck disable=SC2086
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1} \
    $NICE "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -max_len="${MAX_LEN[$name]}" -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$name/" \
      "${dict[@]}" ${FUZZ_FLAGS:-} "$OUT/corpus-$name" >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units:[[:space:]]*[0-9]*' "$log" | awk '{print $2}')
  rate=$(grep -o 'stat::average_exec_per_sec:[[:space:]]*[0-9]*' "$log" | awk '{print $2}')
  rss=$(grep -o 'stat::peak_rss_mb:[[:space:]]*[0-9]*' "$log" | awk '{print $2}')
  corpus=$(find "$OUT/corpus-$name" -type f | wc -l)
  result=ok
  if [[ $rc -ne 0 ]]; then
    result="FAILED (exit $rc): $(grep -m1 -E 'Fatal error|FUZZ PROPERTY FAILED|ERROR: (libFuzzer|AddressSanitizer)|SUMMARY' "$log" || echo see log)"
    failed+=("$name")
  fi
  printf '%-11s %6s %12s %9s %7s %8s  %s\n' "$name" "$SECONDS_EACH" "${execs:-?}" "${rate:-?}" "$corpus" "${rss:-?}" "$result"
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: failed: ${failed[*]} (inputs in .build-fuzz/artifacts/<name>/, logs in .build-fuzz/logs/)" >&2
  exit 1
fi
