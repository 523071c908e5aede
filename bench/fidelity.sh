#!/usr/bin/env bash
# Benchmark: how well plan and simulate predict a real apply. Rotates (fails over) LBS fresh load balancers of the
# real Octavia with W workers CALIBRATION_RUNS times, calibrates the behaviour from those journals, then for RUNS
# further applies (fresh LBs each time) predicts the makespan first (the expected figure and the simulated p10-p90
# band, with the calibration and with the defaults) and applies. Prints the table and the summary (bench/README.md).
# Goal from issue 14: mean error <= 5 % after calibration and the actual inside p10-p90 in >= 8 of 10 runs; exits 1
# when it is missed.
#
#   scripts/octavia-up.sh && bench/fidelity.sh    # LBS=60 WORKERS=5 CALIBRATION_RUNS=3 RUNS=10 TRIALS=1000 by default
#   MPLAN_OCTAVIA_DIR=/tmp/other bench/fidelity.sh   # another Octavia instance (its octavia.env)
#   MPLAN=path/to/mplan bench/fidelity.sh            # another build (no packing)
#   RESUME=1 bench/fidelity.sh                       # keep OUT: reuse its calibration, run only the predicted runs still missing
set -euo pipefail
cd "$(dirname "$0")/.."
LBS="${LBS:-60}"
WORKERS="${WORKERS:-5}"
CALIBRATION_RUNS="${CALIBRATION_RUNS:-3}"
RUNS="${RUNS:-10}"
TRIALS="${TRIALS:-1000}"
PROJECT="${PROJECT:-mplan-bench-fidelity}"
OUT="${OUT:-bench/out/fidelity}"
. bench/octavia-env.sh

[ "${RESUME:-0}" = 1 ] || rm -rf "$OUT"
mkdir -p "$OUT"
. bench/setup.sh

# fresh_lbs: the project's load balancers replaced by LBS new ACTIVE ones, and the live inventory of the cloud.
fresh_lbs() {
  python3 bench/apply_octavia.py delete "$URL" "$PROJECT" > /dev/null
  python3 bench/apply_octavia.py seed "$URL" "$PROJECT" "$LBS" > /dev/null
  "$MPLAN" inventory --name bench --out "$OUT/cluster.yaml" 2> /dev/null
}

# apply_run NAME: applies the plan with journal NAME.journal and prints its makespan read from the journal.
apply_run() {
  local exit_code=0
  "$MPLAN" apply "$OUT/plan.yaml" --auto-approve --ignore-window --journal "$OUT/$1.journal" --format json \
    > "$OUT/$1.events" 2> "$OUT/$1.stderr" || exit_code=$?
  if [ "$exit_code" -ne 0 ]; then
    echo "mplan apply failed (exit $exit_code); its errors:" >&2
    tail -5 "$OUT/$1.stderr" >&2
    exit 1
  fi
  python3 bench/fidelity.py makespan "$OUT/$1.journal"
}

# predict NAME [--behaviour FILE]: the plan's estimate and the simulated band, as one JSON line.
predict() {
  local name=$1
  shift
  "$MPLAN" plan "$OUT/plan.yaml" --format json "$@" > "$OUT/$name.plan.json"
  "$MPLAN" simulate "$OUT/plan.yaml" --trials "$TRIALS" --format json "$@" > "$OUT/$name.simulate.json"
  python3 bench/fidelity.py predict "$OUT/$name.plan.json" "$OUT/$name.simulate.json"
}

# The guide's minute per LB as the plan's expected time: what a plan says before any calibration.
failover_plan fidelity "$PROJECT" "$WORKERS" 5m 1m > "$OUT/plan.yaml"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ! -f "$OUT/calibration.yaml" ]; then
  journals=()
  for i in $(seq 1 "$CALIBRATION_RUNS"); do
    fresh_lbs
    echo "calibration run $i: $LBS LBs, $WORKERS workers: makespan $(apply_run "calibration-$i") s" >&2
    journals+=("$OUT/calibration-$i.journal")
  done
  "$MPLAN" calibrate "${journals[@]}" --out "$OUT/calibration.yaml" | tee "$OUT/calibration.txt"
  : > "$OUT/results.jsonl"
fi

done_runs=$(wc -l < "$OUT/results.jsonl")
for i in $(seq $((done_runs + 1)) "$RUNS"); do
  fresh_lbs
  calibrated=$(predict "run-$i.calibrated" --behaviour "$OUT/calibration.yaml")
  defaults=$(predict "run-$i.defaults")
  actual=$(apply_run "run-$i")
  echo "run $i: actual $actual s; calibrated $calibrated" >&2
  echo "{\"run\": $i, \"actual\": $actual, \"calibrated\": $calibrated, \"defaults\": $defaults}" >> "$OUT/results.jsonl"
done
python3 bench/apply_octavia.py delete "$URL" "$PROJECT" >&2
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 bench/fidelity.py table "$OUT/results.jsonl" | tee "$OUT/table.md"
