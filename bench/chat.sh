#!/usr/bin/env bash
# The persisted-message benchmark behind `make bench-chat`: builds the release server and load
# generator when they are out of date, installs the reference's npm modules when missing, then
# runs bench/chat.mjs, which measures OpenChat on SQLite and on PostgreSQL and the Node.js
# reference under the same load and prints the table.
# Environment: BENCH_QUICK=1 for a short smoke run; other BENCH_CHAT_* knobs in bench/README.md.
# Nothing it starts outlives it: the orchestrator leads its own process group, which this script
# kills on interrupt or exit, and the PostgreSQL cluster (a daemon outside that group) is stopped
# here too.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BENCH_BUILD_DIR:-build-release}
export BENCH_BUILD_DIR=$build
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

mkdir -p bench/results
log=bench/results/chat-build.log
if ! { grep -qs '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" ||
       cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release; } >"$log" 2>&1 ||
   ! cmake --build "$build" -j2 --target openchat-loadgen >>"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "bench-chat: building the load generator failed (full log: $log)" >&2
  exit 1
fi
# The server may not build while it is being written; the reference alone still runs.
if ! cmake --build "$build" -j2 --target openchat >>"$log" 2>&1; then
  echo "bench-chat: openchat did not build ($log): reference only" >&2
  export BENCH_SKIP_OURS=1 # a stale binary from an earlier build would measure old code
fi

ref=bench/reference
if [ ! -d "$ref/node_modules/pg" ] || [ "$ref/package-lock.json" -nt "$ref/node_modules/.installed" ]; then
  echo "bench-chat: npm ci in $ref" >&2
  (cd "$ref" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$ref/node_modules/.installed"
fi

export BENCH_CHAT_PG_DIR=${BENCH_CHAT_PG_DIR:-${TMPDIR:-/tmp}/openchat-bench-chat-pg-$$}
setsid node bench/chat.mjs "$@" &
orchestrator=$!
cleanup() {
  kill -TERM -- "-$orchestrator" 2>/dev/null || true
  sleep 0.5
  kill -KILL -- "-$orchestrator" 2>/dev/null || true
  scripts/pg.sh stop "$BENCH_CHAT_PG_DIR" >/dev/null 2>&1 || true
}
trap 'cleanup; exit 130' INT TERM HUP
trap cleanup EXIT
wait "$orchestrator"
