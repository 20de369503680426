#!/usr/bin/env bash
# Builds the web client into web/dist (the folder the server serves) and reports the initial
# JavaScript a first visit downloads, gzipped; fails above the 250 KB budget.
set -euo pipefail
cd "$(dirname "$0")/../web"
npx vite build --logLevel warn
node ../scripts/web-size.mjs dist
