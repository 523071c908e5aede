#!/usr/bin/env bash
# Soak: a 200-LB mplan apply against the real Octavia, SIGKILLed KILLS times at seeded random moments, each kill followed
# by `mplan apply --resume`, and a last resume to the end. Reports journal entries lost (printed as committed, then not in
# the journal), LBs failed over more than once and LBs left unhandled (counted in Octavia's database; goal 0, 0, 0) and
# the whole run's wall time. Exits 1 when a count is not 0. CI runs the short kill test instead (ApplyKillTests).
#
#   scripts/octavia-up.sh && bench/kill-soak.sh              # LBS=200 KILLS=50 WORKERS=5 SEED=1 KILL_AFTER="0.3 3" by default
#   MPLAN_OCTAVIA_DIR=/tmp/other bench/kill-soak.sh          # another Octavia instance (its octavia.env and octavia.conf)
#   MPLAN=path/to/mplan bench/kill-soak.sh                   # another build (no publish)
#   KEEP_LBS=1 bench/kill-soak.sh                            # keep the project's LBs for the next run (deleted by default)
# It holds the Octavia tests' lock while it runs (tests that stop the worker would spoil it), so run it when no test
# suite needs the instance for long.
set -euo pipefail
cd "$(dirname "$0")/.."
LBS="${LBS:-200}"
KILLS="${KILLS:-50}"
WORKERS="${WORKERS:-5}"
SEED="${SEED:-1}"
read -r KILL_MIN KILL_MAX <<< "${KILL_AFTER:-0.3 3}"
PROJECT="${PROJECT:-mplan-bench-kill}"
OUT=bench/out/kill-soak
. bench/octavia-env.sh
command -v mariadb > /dev/null || { echo "the mariadb client is needed to count failovers in Octavia's database" >&2; exit 1; }

mkdir -p "$OUT"
rm -f "$OUT"/soak.*
. bench/setup.sh

# The Octavia tests' lock (tests/Executor.Tests/OpenStack/OctaviaLab.cs): a test that stops the worker or breaks the CA
# would spoil the seeding and the soak, so they wait until this script ends (they wait up to 15 minutes).
exec 9> "${OCTAVIA_LOCK:-${TMPDIR:-/tmp}/mplan-octavia-tests.lock}"
echo "Waiting for the Octavia tests' lock ..." >&2
flock 9

# Other tests list the whole cloud: the soak's LBs are deleted at the end unless KEEP_LBS=1 (a rerun then seeds nothing).
[ "${KEEP_LBS:-}" = 1 ] || trap 'python3 bench/apply_octavia.py delete "$URL" "$PROJECT" >&2 || true' EXIT
echo "Seeding $LBS load balancers in project $PROJECT on $URL (only the missing ones) ..." >&2
python3 bench/apply_octavia.py seed "$URL" "$PROJECT" "$LBS" >&2
"$MPLAN" inventory --name bench --out "$OUT/cluster.yaml" 2> /dev/null
failover_plan kill-soak "$PROJECT" "$WORKERS" 2m > "$OUT/plan.yaml"

echo "mplan apply: $LBS LBs, $WORKERS workers, $KILLS kills after ${KILL_MIN}-${KILL_MAX} s (seed $SEED) ..." >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 bench/kill_soak.py "$MPLAN" "$URL" "$WD" "$PROJECT" "$OUT" "$KILLS" "$SEED" "$KILL_MIN" "$KILL_MAX" | tee "$OUT/result.json"
status=${PIPESTATUS[0]}
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit "$status"
