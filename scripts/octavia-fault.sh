#!/usr/bin/env bash
# Fault injection for tests against the Octavia started by scripts/octavia-up.sh.
#   scripts/octavia-fault.sh worker-stop [WORKDIR]   the API still answers 202, LBs stay PENDING_UPDATE
#   scripts/octavia-fault.sh worker-start [WORKDIR]  the worker drains the queue; LBs go ACTIVE
#   scripts/octavia-fault.sh ca-break [WORKDIR]      the next create/failover ends in ERROR (CA file missing)
#   scripts/octavia-fault.sh ca-restore [WORKDIR]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ACTION="${1:?usage: octavia-fault.sh worker-stop|worker-start|ca-break|ca-restore [WORKDIR]}"
WD="${2:-${MPLAN_OCTAVIA_DIR:-/tmp/mplan-octavia}}"
WD="$(cd "$WD" && pwd -P)"
[ -e "$WD/.mplan-octavia" ] || { echo "$WD was not made by octavia-up.sh" >&2; exit 2; }
# shellcheck source=scripts/octavia-lib.sh
. "$HERE/octavia-lib.sh"
case "$ACTION" in
  worker-stop) stop_recorded worker 20 ;;
  worker-start)
    if ours "$(cat "$WD/run/worker.pid" 2>/dev/null)"; then echo "worker already running"; exit 0; fi
    start_worker
    START_TIMEOUT=${START_TIMEOUT:-60} wait_for "the worker's queue consumers" worker worker_consuming
    echo "[octavia] worker consuming again" ;;
  ca-break) [ -e "$WD/certs/ca.pem" ] && mv "$WD/certs/ca.pem" "$WD/certs/ca.pem.broken"; echo "[octavia] CA moved aside" ;;
  ca-restore) [ -e "$WD/certs/ca.pem.broken" ] && mv "$WD/certs/ca.pem.broken" "$WD/certs/ca.pem"; echo "[octavia] CA restored" ;;
  *) echo "unknown action $ACTION" >&2; exit 2 ;;
esac
