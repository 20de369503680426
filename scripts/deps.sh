#!/usr/bin/env bash
# Installs the Debian packages and npm modules OpenChat needs, and only those missing.
# Usage: scripts/deps.sh [build|test|bench]   (each level includes the previous ones)
set -euo pipefail
cd "$(dirname "$0")/.."

level=${1:-build}

build_pkgs=(build-essential cmake pkg-config libuv1-dev libcjson-dev libssl-dev libsodium-dev
            libsqlite3-dev libpq-dev libcurl4-openssl-dev)
test_pkgs=(clang libclang-rt-14-dev clang-format libcmocka-dev python3-socketio python3-websocket
           python3-requests python3-aiosmtpd postgresql postgresql-client chromium
           fonts-noto-color-emoji)
bench_pkgs=()

pkgs=("${build_pkgs[@]}")
case "$level" in
  build) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  bench) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|bench]" >&2; exit 2 ;;
esac
command -v node >/dev/null 2>&1 || pkgs+=(nodejs npm)

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm modules, per folder, only when package-lock.json changed since the last install.
npm_install() {
  local dir=$1
  [ -f "$dir/package.json" ] || return 0
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.installed" ]; then
    echo "deps: npm ci in $dir"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    touch "$dir/node_modules/.installed"
  fi
}
# The web client is built at every level (make run serves it); the test suites have their own.
npm_install web
case "$level" in
  test) npm_install tests/integration; npm_install tests/e2e ;;
  bench) npm_install tests/integration; npm_install tests/e2e; npm_install bench/reference ;;
esac
