#!/usr/bin/env bash
# libFuzzer harnesses: fuzz/fuzz_<name>.c with seeds in fuzz/corpus/<name>/.
#   scripts/fuzz.sh replay     run every harness once over its committed corpus (make test)
#   scripts/fuzz.sh SECONDS    fuzz each harness for SECONDS on a copy of its corpus (make fuzz);
#                              crashes are kept in fuzz/crashes/
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-replay}

CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DOC_FUZZ=ON -DOC_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
for src in fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  corpus=fuzz/corpus/${name#fuzz_}
  bin=build-fuzz/$name
  if [ "$mode" = replay ]; then
    n=$(find "$corpus" -type f | wc -l)
    printf '%-22s %4d inputs ... ' "$name" "$n"
    find "$corpus" -type f -print0 | xargs -0 "$bin" -runs=1 >"build-fuzz/$name.log" 2>&1 ||
      { echo FAILED; cat "build-fuzz/$name.log"; exit 1; }
    echo ok
  else
    work=$(mktemp -d)
    cp -r "$corpus"/. "$work"/
    mkdir -p fuzz/crashes
    echo "fuzzing $name for ${mode}s"
    "$bin" -max_total_time="$mode" -artifact_prefix=fuzz/crashes/"$name"- -print_final_stats=1 \
      "$work" 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' || true
    rm -rf "$work"
  fi
done
