#!/usr/bin/env bash
# Start-to-ready time, idle memory and SIGTERM shutdown of the built service (issue #2).
#   bash bench/startup.sh                      # embedded PGlite: fresh folder, then existing
#   bash bench/startup.sh postgresql://…/db    # also against a PostgreSQL database
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build-if-needed.cjs
PORT=${PORT:-3987}

measure() {
  local label=$1; shift
  local start; start=$(date +%s%3N)
  env "$@" PORT="$PORT" LOG_LEVEL=warn node dist/src/main.js > /dev/null 2>&1 &
  local pid=$!
  until curl -sf "localhost:$PORT/health/ready" > /dev/null; do sleep 0.05; done
  local ready=$(( $(date +%s%3N) - start ))
  sleep 3
  local rss; rss=$(ps -o rss= -p "$pid")
  local t0; t0=$(date +%s%3N)
  kill -TERM "$pid"; local rc=0; wait "$pid" || rc=$?
  echo "$label: start to ready ${ready} ms, idle RSS $((rss / 1024)) MiB, SIGTERM: exit $rc after $(( $(date +%s%3N) - t0 )) ms"
}

dir=$(mktemp -d)
measure "PGlite, new data folder (initdb + migrations)" PGLITE_DATA_DIR="$dir"
measure "PGlite, existing data folder" PGLITE_DATA_DIR="$dir"
if [ -n "${1:-}" ]; then
  measure "PostgreSQL ($(echo "$1" | sed 's|.*@||'))" DATABASE_URL="$1" PGLITE_DATA_DIR="$dir"
fi
rm -rf "$dir"
