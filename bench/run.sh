#!/usr/bin/env bash
# The fan-out benchmark behind `make bench`: builds the release binaries when they are out of
# date, installs the socket.io reference's npm modules when missing, then runs bench/run.mjs,
# which measures our server and the reference under the same load and prints the ratios.
# Environment: BENCH_QUICK=1 for a short smoke run; other BENCH_* knobs in bench/README.md.
# Nothing it starts outlives it: the orchestrator tracks its children and this script kills
# the orchestrator's whole process group on interrupt or exit.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BENCH_BUILD_DIR:-build-release}
export BENCH_BUILD_DIR=$build

# 10,000 idle clients need as many descriptors, in the servers as in the load generator.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# Configure only when there is no release cache; cmake --build itself skips up-to-date work.
mkdir -p bench/results
log=bench/results/build.log
if ! { grep -qs '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" ||
       cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release; } >"$log" 2>&1 ||
   ! cmake --build "$build" -j2 --target openchat-loadgen openchat-sendcost >>"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "bench: building the benchmark tools failed (full log: $log)" >&2
  exit 1
fi

# Our server may not build while it is being written; the reference alone still runs.
if [ -z "${BENCH_OURS_BIN:-}" ] &&
   ! cmake --build "$build" -j2 --target openchat-fixture >bench/results/fixture-build.log 2>&1; then
  echo "bench: openchat-fixture did not build (bench/results/fixture-build.log): reference only" >&2
  export BENCH_SKIP_OURS=1 # a stale binary from an earlier build would measure old code
fi

ref=bench/reference
if [ ! -d "$ref/node_modules/socket.io" ] || [ "$ref/package-lock.json" -nt "$ref/node_modules/.installed" ]; then
  echo "bench: npm ci in $ref" >&2
  (cd "$ref" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$ref/node_modules/.installed"
fi

# The orchestrator leads its own process group so that one kill reaches every server and
# load generator it started, whatever state it is in.
setsid node bench/run.mjs "$@" &
orchestrator=$!
cleanup() {
  kill -TERM -- "-$orchestrator" 2>/dev/null || true
  sleep 0.5
  kill -KILL -- "-$orchestrator" 2>/dev/null || true
}
trap 'cleanup; exit 130' INT TERM HUP
trap cleanup EXIT
wait "$orchestrator"
