#!/usr/bin/env bash
# Benchmark: mplan apply rotating (failing over) LBS load balancers of the real Octavia with W workers, against the
# ideal (the list schedule of the failover latencies that run saw, over W workers), with the process's CPU per step,
# then the reference client (reference/octavia/octbench.py, 5 clients, polling every second) for the same time.
# Limits from the issue: makespan / ideal <= 1.05, CPU <= 10 ms per step, and mplan at 5 workers >= 95 % of the
# reference client's failovers per minute. Exits 1 when a measured value is over a limit.
#
#   scripts/octavia-up.sh && bench/apply-octavia.sh       # LBS=200 WORKERS="20 5" by default
#   MPLAN_OCTAVIA_DIR=/tmp/other bench/apply-octavia.sh    # another Octavia instance (its octavia.env)
#   MPLAN=path/to/mplan bench/apply-octavia.sh             # another build (no publish)
#   OCTBENCH=path/to/octbench.py bench/apply-octavia.sh    # where the reference client is (not part of this repository)
set -euo pipefail
cd "$(dirname "$0")/.."
LBS="${LBS:-200}"
WORKERS="${WORKERS:-20 5}"
PROJECT="${PROJECT:-mplan-bench-apply}"
OCTBENCH="${OCTBENCH:-/work/shared/reference/octavia/octbench.py}"
OUT=bench/out/apply-octavia
. bench/octavia-env.sh


mkdir -p "$OUT"
. bench/setup.sh

echo "Seeding $LBS load balancers in project $PROJECT on $URL (only the missing ones) ..." >&2
python3 bench/apply_octavia.py seed "$URL" "$PROJECT" "$LBS" >&2

status=0
over() { awk -v v="$1" -v l="$2" 'BEGIN { exit !(v > l) }'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for w in $WORKERS; do
  run="$OUT/w$w"
  "$MPLAN" inventory --name bench --out "$OUT/cluster.yaml" 2> /dev/null
  failover_plan "apply-bench-w$w" "$PROJECT" "$w" 5m > "$OUT/plan-w$w.yaml"
  rm -f "$run.journal" "$run.journal"-*
  echo "mplan apply: $LBS LBs, $w workers ..." >&2
  exit_code=0
  /usr/bin/time -v -o "$run.time" "$MPLAN" apply "$OUT/plan-w$w.yaml" --auto-approve --ignore-window \
    --journal "$run.journal" --format json > "$run.events" 2> "$run.stderr" || exit_code=$?
  if [ "$exit_code" -ne 0 ]; then
    echo "mplan apply failed (exit $exit_code); its errors:" >&2
    tail -5 "$run.stderr" >&2
    exit 1
  fi
  python3 bench/apply_octavia.py analyze "$run.events" "$run.time" "$w" | tee "$run.json"
  ratio=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ratio"])' "$run.json")
  cpu=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cpu_ms_per_step"])' "$run.json")
  if over "$ratio" 1.05 || over "$cpu" 10; then status=1; fi
done

# The reference client, for as long as mplan's 5-worker run took (at least 60 s), right after it.
if [ -f "$OUT/w5.json" ]; then
  if [ -f "$OCTBENCH" ]; then
    seconds=$(python3 -c 'import json,sys; print(max(60, round(json.load(open(sys.argv[1]))["makespan_s"])))' "$OUT/w5.json")
    echo "octbench.py bench 5 $seconds (POLL=1) ..." >&2
    OCTAVIA_URL="$URL" POLL=1 python3 "$OCTBENCH" bench 5 "$seconds" | tee "$OUT/octbench.txt"
    python3 bench/apply_octavia.py compare "$OUT/w5.json" "$OUT/octbench.txt" | tee "$OUT/compare.json"
    percent=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["percent"])' "$OUT/compare.json")
    if over 95 "$percent"; then status=1; fi
  else
    echo "no reference client at $OCTBENCH (set OCTBENCH): comparison skipped" >&2
  fi
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
if [ "$status" -eq 0 ]; then
  echo "Within the limits (ratio <= 1.05, <= 10 ms CPU per step, >= 95 % of the reference client) where measured."
else
  echo "OVER a limit (ratio <= 1.05, <= 10 ms CPU per step, >= 95 % of the reference client)."
fi
exit "$status"
