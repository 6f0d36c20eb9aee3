#!/usr/bin/env bash
# run-fuzz.sh EXE TARGET SOURCE_DIR WORK_DIR
#
# Fuzzes one target for $TZ_FUZZ_SECONDS (default 60) starting from its
# seeds and regression inputs, and fails on any crash, hang (over 5 s for
# one input), leak or sanitizer report. New interesting inputs go to
# WORK_DIR/corpus, never into the source tree; a crashing input is left in
# WORK_DIR/artifacts with the line to keep it as a regression.
set -uo pipefail

exe=$1 target=$2 src=$3 work=$4
seconds=${TZ_FUZZ_SECONDS:-60}

mkdir -p "$work/corpus" "$work/artifacts"
rm -f "$work"/artifacts/* "$work/summary"

dirs=("$work/corpus")
for d in "$src/corpus/$target" "$src/regressions/$target"; do
  [ -d "$d" ] && dirs+=("$d")
done

# UBSan stops at its first report; LeakSanitizer ignores what GLib keeps
# for the whole process (types, the gazetteer's resource).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export G_SLICE=always-malloc

log="$work/fuzz.log"
# libFuzzer stops itself after -max_total_time; the outer timeout only
# guards against a fuzzer that cannot stop (a hang inside its own code).
timeout --kill-after=30 $((seconds + 300)) \
  "$exe" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2560 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" "${dirs[@]}" >"$log" 2>&1
status=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
corpus=$(ls "$work/corpus" | wc -l)
crashes=$(ls "$work/artifacts" | wc -l)

# The columns of tools/fuzz's table: target, seconds, executions, per
# second, new corpus inputs, crashes.
summary=$(printf '%-10s %7s %12s %9s %7s %8s' \
  "$target" "$seconds" "${runs:-?}" "${rate:-?}" "$corpus" "$crashes")
echo "$summary" | tee "$work/summary"

if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
  echo "fuzz-$target failed (exit $status); the end of $log:"
  tail -n 60 "$log"
  for a in "$work"/artifacts/*; do
    [ -e "$a" ] || continue
    echo "Keep it as a regression and fix it:"
    echo "  cp '$a' tests/fuzz/regressions/$target/"
  done
  exit 1
fi
