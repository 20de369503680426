#!/usr/bin/env bash
# Everything CI checks, in order; the first failure stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=${JOBS:-$(nproc)}
step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

step "dependencies"
scripts/deps.sh test

step "formatting (clang-format)"
find src tests fuzz bench -name '*.[ch]' -not -path '*/node_modules/*' -print0 |
  xargs -0 clang-format --dry-run --Werror

step "web client: type check and unit tests (vitest)"
(cd web && npx tsc --noEmit -p tsconfig.json && npx vitest run)

step "web client: production build and initial JavaScript budget"
scripts/web-build.sh

step "build with AddressSanitizer + UndefinedBehaviorSanitizer, warnings as errors"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOC_SANITIZE=ON -DOC_WERROR=ON >/dev/null
cmake --build build-asan -j"$JOBS"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

step "PostgreSQL for the tests"
# OPENCHAT_TEST_PG_URL may name an existing server (an admin URL with a "/postgres?" database
# part, allowed to create databases); otherwise a throwaway cluster is started.
if [ -z "${OPENCHAT_TEST_PG_URL:-}" ]; then
  pg_dir=$(mktemp -u /tmp/openchat-pg.XXXXXX)
  trap 'scripts/pg.sh stop "$pg_dir"' EXIT
  OPENCHAT_TEST_PG_URL=$(scripts/pg.sh start "$pg_dir")
  echo "throwaway cluster at $pg_dir"
fi
export OPENCHAT_TEST_PG_URL
unit_db=unit_tests_$$
psql "$OPENCHAT_TEST_PG_URL" -qc "CREATE DATABASE $unit_db"
export OC_TEST_DATABASE_URL=${OPENCHAT_TEST_PG_URL/\/postgres\?//$unit_db?}

step "C unit tests"
ctest --test-dir build-asan --output-on-failure -j"$JOBS"

step "fuzz corpus replay"
scripts/fuzz.sh replay

step "integration tests (socket.io-client, python-socketio) against the sanitizer build"
export OPENCHAT_BIN=$PWD/build-asan/openchat
export OPENCHAT_FIXTURE_BIN=$PWD/build-asan/openchat-fixture
rm -rf tests/integration/.out
# OPENCHAT_EXPLAIN: the SQLite backend logs any statement whose plan scans a table or a whole
# index; every list and history query must be an index search.
OPENCHAT_EXPLAIN=1 OPENCHAT_TEST_DB=sqlite node --test --test-concurrency=2 tests/integration/
/usr/bin/python3 tests/integration/python_client_test.py
/usr/bin/python3 tests/integration/python_chat_test.py
if grep -h "query plan scans" tests/integration/.out/*.log 2>/dev/null | sort -u | grep .; then
  echo "some queries scan instead of using an index (above)" >&2
  exit 1
fi

step "end-to-end tests: playwright-core drives chromium against the sanitizer build"
# Screenshots of the main screens land in tests/e2e/.out/screenshots.
node --test --test-concurrency=1 tests/e2e/

step "REST API and chat tests again on PostgreSQL"
OPENCHAT_TEST_DB=postgres node --test --test-concurrency=2 tests/integration/api/ \
  tests/integration/chat/

printf '\nmake test: all steps passed in %ss\n' $(( $(date +%s) - started ))
