#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang and runs each one for
# the given number of seconds (default 600), all at once at nice 19, then
# prints per target the runs executed and whether it found a crash.
#   scripts/fuzz.sh [seconds] [target...]
# Build directory: build-fuzz/ (or $BREEZEE_FUZZ_BUILD_DIR). Each target's
# corpus grows in <build>/fuzz-corpus/<target>; a crashing input lands in
# <build>/fuzz-artifacts/<target>/. Exits 1 when any target crashed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BREEZEE_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-600}
all_targets=(fuzz_csv fuzz_hubspot_responses fuzz_oauth_callback fuzz_sandbox_request)
targets=("${@:2}")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=("${all_targets[@]}")
fi
for target in "${targets[@]}"; do
  if [[ ! " ${all_targets[*]} " =~ " $target " ]]; then
    echo "Unknown fuzz target \"$target\". Choose from: ${all_targets[*]}" >&2
    exit 1
  fi
done

if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [seconds] [target...]   (seconds per target, a positive integer, default 600)" >&2
  exit 1
fi

"$root/scripts/install-deps.sh" --with-fuzz

# ccache hits across checkouts only with these two set.
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=true
CC=clang CXX=clang++ cmake -S "$root" -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBREEZEE_FUZZ=ON >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]}"

# Qt allocates some objects once per process and never frees them; the
# suppressions name those. A leak that one input causes still fails.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"
export LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export QT_QPA_PLATFORM=offscreen

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup INT TERM

for target in "${targets[@]}"; do
  corpus=$build_dir/fuzz-corpus/$target
  artifacts=$build_dir/fuzz-artifacts/$target
  mkdir -p "$corpus" "$artifacts" "$build_dir/fuzz-logs"
  rm -f "$artifacts"/*

  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$artifacts/")
  if [[ -f $root/tests/fuzz/$target.dict ]]; then
    options+=(-dict="$root/tests/fuzz/$target.dict")
  fi

  # New inputs go into the first directory; the seed corpus is only read.
  nice -n 19 "$build_dir/fuzz/$target" "${options[@]}" "$corpus" "$root/tests/fuzz/corpus/$target" \
    >"$build_dir/fuzz-logs/$target.log" 2>&1 &
  pids+=("$!")
done

echo "Fuzzing ${#targets[@]} targets for $seconds s each; logs in $build_dir/fuzz-logs/"

failed=0
printf '%-24s %14s %8s  %s\n' target runs exit result
for i in "${!targets[@]}"; do
  target=${targets[$i]}
  status=0
  wait "${pids[$i]}" || status=$?

  log=$build_dir/fuzz-logs/$target.log
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  crashes=$(find "$build_dir/fuzz-artifacts/$target" -type f | wc -l)
  if [[ $status -eq 0 && $crashes -eq 0 ]]; then
    result="no crash"
  else
    result="CRASH: see $log and $build_dir/fuzz-artifacts/$target/"
    failed=1
  fi
  printf '%-24s %14s %8s  %s\n' "$target" "${runs:-?}" "$status" "$result"
done

exit "$failed"
