#!/usr/bin/env bash
# Stops what scripts/octavia-up.sh started: only the PIDs it recorded in WORKDIR/run (and their children),
# and only while their working directory is inside WORKDIR. Safe after a failed or partial start.
#   scripts/octavia-down.sh [WORKDIR] [--purge]      --purge also removes WORKDIR
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
WD="" PURGE=0
for arg in "$@"; do
  case "$arg" in
    --purge) PURGE=1 ;;
    -*) echo "unknown option $arg" >&2; exit 2 ;;
    *) WD=$arg ;;
  esac
done
WD="${WD:-${MPLAN_OCTAVIA_DIR:-/tmp/mplan-octavia}}"
[ -d "$WD" ] || { echo "[octavia-down] $WD does not exist; nothing to stop"; exit 0; }
WD="$(cd "$WD" && pwd -P)"
[ -e "$WD/.mplan-octavia" ] || { echo "[octavia-down] $WD was not made by octavia-up.sh" >&2; exit 2; }
# shellcheck source=scripts/octavia-lib.sh
. "$HERE/octavia-lib.sh"

# API and worker first: stopped after the broker they keep reconnecting and linger.
stop_recorded api 15
stop_recorded worker 20
if ours "$(cat "$WD/run/rabbitmq.pid" 2>/dev/null)"; then
  (. "$WD/rabbitmq/env.sh"; timeout 30 /usr/lib/rabbitmq/bin/rabbitmqctl -q stop) > /dev/null 2>&1 || true
fi
stop_recorded rabbitmq 15
stop_recorded epmd 5
stop_recorded mariadb 30
rm -f "$WD/octavia.env"

left=""
for f in "$WD"/run/*.pid; do [ -e "$f" ] && ours "$(cat "$f")" && left="$left $(basename "$f" .pid)"; done
if [ -n "$left" ]; then echo "[octavia-down] still running:$left" >&2; exit 1; fi
[ $PURGE = 1 ] && rm -rf "$WD"
echo "[octavia-down] stopped"
