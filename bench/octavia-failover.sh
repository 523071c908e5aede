#!/usr/bin/env bash
# Failover latency and driver CPU against the real Octavia (scripts/octavia-up.sh must be running).
#   bench/octavia-failover.sh                 WORKERS="5 20" SECONDS=60 by default
# For each worker count: seeds that many LBs, runs that many OctaviaFailoverDriver loops at once for SECONDS,
# prints failovers/min, p50/p90 latency seen by the driver (PUT .. ACTIVE) and the bench process's CPU per failover.
set -euo pipefail
cd "$(dirname "$0")/.."
WD="${MPLAN_OCTAVIA_DIR:-/tmp/mplan-octavia}"
URL="${MPLAN_OCTAVIA_URL:-$(sed -n 's/^export OCTAVIA_URL=//p' "$WD/octavia.env" 2>/dev/null || true)}"
[ -n "$URL" ] || { echo "no Octavia: run scripts/octavia-up.sh first" >&2; exit 1; }
dotnet build bench/octavia-failover -c Release -o bench/out/octavia-failover > /dev/null
for n in ${WORKERS:-5 20}; do
  dotnet bench/out/octavia-failover/OctaviaFailoverBench.dll "$URL" "$n" "${SECONDS_PER_RUN:-60}"
done
