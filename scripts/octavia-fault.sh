#!/usr/bin/env bash
# Fault injection for tests against the Octavia started by scripts/octavia-up.sh.
#   scripts/octavia-fault.sh worker-stop [WORKDIR]   the API still answers 202, LBs stay PENDING_UPDATE
#   scripts/octavia-fault.sh worker-start [WORKDIR]  the worker drains the queue; LBs go ACTIVE
#   scripts/octavia-fault.sh ca-break [WORKDIR]      the next create/failover ends in ERROR (CA file missing)
#   scripts/octavia-fault.sh ca-restore [WORKDIR]
#   scripts/octavia-fault.sh proxy-start [WORKDIR]   the fault proxy (octavia-fault-proxy.py) on 127.0.0.1:9877 in front of
#                                                    the API; point clients at it (OS_ENDPOINT=http://127.0.0.1:9877).
#                                                    FAULT_RATE=0.1 FAULT_KINDS=error,reset,reset-after,slow,conflict
#                                                    FAULT_METHODS= (all) FAULT_SEED=1 FAULT_SLOW=2 FAULT_PORT=9877
#   scripts/octavia-fault.sh proxy-stop [WORKDIR]    stops it and prints its counts (log/fault-proxy-*.json*)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ACTION="${1:?usage: octavia-fault.sh worker-stop|worker-start|ca-break|ca-restore|proxy-start|proxy-stop [WORKDIR]}"
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
  proxy-start)
    if ours "$(cat "$WD/run/fault-proxy.pid" 2>/dev/null)"; then echo "fault proxy already running"; exit 0; fi
    upstream=$(sed -n 's/^export OCTAVIA_URL=//p' "$WD/octavia.env")
    port=${FAULT_PORT:-9877}
    launch fault-proxy python3 "$HERE/octavia-fault-proxy.py" --upstream "$upstream" --listen "127.0.0.1:$port" \
      --rate "${FAULT_RATE:-0.1}" --kinds "${FAULT_KINDS:-error,reset,reset-after,slow,conflict}" --methods "${FAULT_METHODS:-}" \
      --seed "${FAULT_SEED:-1}" --slow-seconds "${FAULT_SLOW:-2}" \
      --stats "$WD/log/fault-proxy-stats.json" --log "$WD/log/fault-proxy-requests.jsonl"
    START_TIMEOUT=${START_TIMEOUT:-20} wait_for "the fault proxy" fault-proxy curl -sf "http://127.0.0.1:$port/__proxy__/stats"
    echo "[octavia] fault proxy on http://127.0.0.1:$port -> $upstream (OS_ENDPOINT=http://127.0.0.1:$port)" ;;
  proxy-stop)
    stop_recorded fault-proxy 10
    [ -f "$WD/log/fault-proxy-stats.json" ] && cat "$WD/log/fault-proxy-stats.json" && echo ;;
  *) echo "unknown action $ACTION" >&2; exit 2 ;;
esac
