#!/usr/bin/env bash
# Benchmark: whole-process wall time and peak memory of planning the combined plan (plans/combined.yaml)
# against generated clusters of 1k, 10k and 100k load balancers (nodes and subclouds at 1:20), JSON output, and
# of the same plan saved with --out (the file a reviewer approves). The machine's speed drifts, so every time is
# given beside a yardstick timed in the same run: Python's json.load of the same cluster file.
# The requirement (100k LBs + 5k nodes + 5k subclouds): plan at most 1.5x the yardstick, and at most 500 MB of
# peak memory with and without --out. The same holds with impact budgets (issue 16): the plan is planned again with a
# per-project budget on the failover and a per-zone budget on the node update (bench/out/combined-budget.yaml), and
# both ratios are printed.
#
#   bench/plan-scale.sh                       # install the tool, generate, measure, print the table
#   REPS=5 SIZES="1000 100000" bench/plan-scale.sh
#   MPLAN=/path/to/other/mplan bench/plan-scale.sh   # measure another build; it generates the clusters too
set -euo pipefail

cd "$(dirname "$0")/.."
REPS="${REPS:-5}"
SIZES="${SIZES:-1000 10000 100000}"
OUT=bench/out
LIMIT_RATIO=1.5
LIMIT_MB=500

mkdir -p "$OUT"
. bench/setup.sh

# The combined plan with budgets: at most one LB of a project failing over at once, one node of a zone in maintenance.
sed -e 's/^    concurrency: 10$/    concurrency: 10\n    budgets: [{per: project, max: 1}]/' \
    -e 's/^    uses: mosk.cluster-update$/    uses: mosk.cluster-update\n    budgets: [{per: availabilityZone, max: 1}]/' plans/combined.yaml > "$OUT/combined-budget.yaml"
grep -q 'per: project' "$OUT/combined-budget.yaml" && grep -q 'per: availabilityZone' "$OUT/combined-budget.yaml"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# timed FILE COMMAND...: appends "wall peak_kb user sys" of one run to FILE.
timed() { local file=$1; shift; /usr/bin/time -f '%e %M %U %S' -o "$OUT/time.txt" "$@" > /dev/null 2> "$OUT/stderr.txt" || { cat "$OUT/stderr.txt" >&2; exit 1; }; cat "$OUT/time.txt" >> "$file"; }

printf '\n%-8s %-6s %-10s %-11s %-11s %-7s %-8s %-10s %-14s %-14s %-13s %-14s\n' "LBs" "nodes" "subclouds" "plan s" "json.load s" "ratio" "peak MB" "--out s" "--out peak MB" "budgets s" "budgets ratio" "budgets peak MB"
status=0
for lbs in $SIZES; do
  others=$((lbs / 20))
  cluster="$OUT/cluster-$lbs.json"
  "$MPLAN" cluster generate --name "bench-$lbs" --loadbalancers "$lbs" --nodes "$others" --subclouds "$others" --out "$cluster"
  overrides=(--cluster "region-one=$cluster" --cluster "mosk-prod=$cluster" --cluster "dc-central=$cluster")
  plan=("$MPLAN" plan plans/combined.yaml "${overrides[@]}")
  budgeted=("$MPLAN" plan "$OUT/combined-budget.yaml" "${overrides[@]}")
  "${plan[@]}" --format json > /dev/null # warm-up: file cache and disk, not counted
  "${budgeted[@]}" --format json > /dev/null
  : > "$OUT/plan.txt"; : > "$OUT/yard.txt"; : > "$OUT/saved.txt"; : > "$OUT/budget.txt"
  for _ in $(seq "$REPS"); do
    # Interleaved, so that a slow moment of the machine slows both sides.
    timed "$OUT/yard.txt" /usr/bin/python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$cluster"
    timed "$OUT/plan.txt" "${plan[@]}" --format json
    timed "$OUT/saved.txt" "${plan[@]}" --format json --out "$OUT/saved-$lbs.plan.json"
    timed "$OUT/budget.txt" "${budgeted[@]}" --format json
  done
  wall=$(cut -d' ' -f1 "$OUT/plan.txt" | median)
  yard=$(cut -d' ' -f1 "$OUT/yard.txt" | median)
  saved=$(cut -d' ' -f1 "$OUT/saved.txt" | median)
  ratio=$(awk -v a="$wall" -v b="$yard" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  peak=$(cut -d' ' -f2 "$OUT/plan.txt" | sort -n | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
  saved_peak=$(cut -d' ' -f2 "$OUT/saved.txt" | sort -n | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
  budget_wall=$(cut -d' ' -f1 "$OUT/budget.txt" | median)
  budget_ratio=$(awk -v a="$budget_wall" -v b="$yard" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  budget_peak=$(cut -d' ' -f2 "$OUT/budget.txt" | sort -n | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
  printf '%-8s %-6s %-10s %-11s %-11s %-7s %-8s %-10s %-14s %-14s %-13s %-14s\n' "$lbs" "$others" "$others" "$wall" "$yard" "${ratio}x" "$peak" "$saved" "$saved_peak" \
    "$budget_wall" "${budget_ratio}x" "$budget_peak"
  if [ "$lbs" -ge 100000 ]; then
    if awk -v r="$ratio" -v b="$budget_ratio" -v l="$LIMIT_RATIO" 'BEGIN { exit !(r > l || b > l) }' || [ "$peak" -gt "$LIMIT_MB" ] || [ "$saved_peak" -gt "$LIMIT_MB" ] || [ "$budget_peak" -gt "$LIMIT_MB" ]; then
      status=1
    fi
  fi
done

echo
echo "plan s: median wall time of the whole process over $REPS runs; json.load s: python3 parsing the same cluster file, same runs;"
echo "budgets s: the same plan with a per-project budget on the failover and a per-zone budget on the node update."
if [ "$status" -eq 0 ]; then
  echo "Within the limits (${LIMIT_RATIO}x the yardstick, $LIMIT_MB MB with and without --out at 100k) where measured."
else
  echo "OVER the limits (${LIMIT_RATIO}x the yardstick, $LIMIT_MB MB with and without --out at 100k)."
fi
exit "$status"
