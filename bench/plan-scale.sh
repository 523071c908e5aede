#!/usr/bin/env bash
# Benchmark: whole-process wall time and peak memory of planning the combined plan (plans/combined.yaml)
# against generated clusters of 1k, 10k and 100k load balancers (nodes and subclouds at 1:20), JSON output.
# The requirement: the 100k case in at most 2 s and 500 MB on a 2-core machine, and close to linear growth.
#
#   bench/plan-scale.sh                       # build, generate, measure, print the table
#   REPS=5 SIZES="1000 100000" bench/plan-scale.sh
#   PUBLISH_ARGS=" " bench/plan-scale.sh      # portable build: no ReadyToRun
#   MPLAN=/path/to/other/mplan bench/plan-scale.sh   # measure another build (no publish); it generates the clusters too
set -euo pipefail

cd "$(dirname "$0")/.."
REPS="${REPS:-5}"
SIZES="${SIZES:-1000 10000 100000}"
OUT=bench/out
LIMIT_SECONDS=2
LIMIT_MB=500

mkdir -p "$OUT"
. bench/setup.sh

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '\n%-8s %-6s %-10s %-13s %-13s %-13s %-12s %-8s\n' "LBs" "nodes" "subclouds" "wall s (med)" "wall s (min)" "wall s (max)" "cpu s (med)" "peak MB"
status=0
for lbs in $SIZES; do
  others=$((lbs / 20))
  cluster="$OUT/cluster-$lbs.json"
  "$MPLAN" cluster generate --name "bench-$lbs" --loadbalancers "$lbs" --nodes "$others" --subclouds "$others" --out "$cluster"
  run() {
    /usr/bin/time -f '%e %M %U %S' -o "$OUT/time.txt" "$MPLAN" plan plans/combined.yaml \
      --cluster "region-one=$cluster" --cluster "mosk-prod=$cluster" --cluster "dc-central=$cluster" --format json > /dev/null
  }
  run # warm-up: file cache and disk, not counted
  : > "$OUT/runs.txt"
  for _ in $(seq "$REPS"); do
    run
    cat "$OUT/time.txt" >> "$OUT/runs.txt"
  done
  wall=$(cut -d' ' -f1 "$OUT/runs.txt" | median)
  wall_min=$(cut -d' ' -f1 "$OUT/runs.txt" | sort -n | head -1)
  wall_max=$(cut -d' ' -f1 "$OUT/runs.txt" | sort -n | tail -1)
  peak=$(cut -d' ' -f2 "$OUT/runs.txt" | sort -n | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
  cpu=$(awk '{ print $3 + $4 }' "$OUT/runs.txt" | median)
  printf '%-8s %-6s %-10s %-13s %-13s %-13s %-12s %-8s\n' "$lbs" "$others" "$others" "$wall" "$wall_min" "$wall_max" "$cpu" "$peak"
  if [ "$lbs" -ge 100000 ] && { awk -v w="$wall" -v l="$LIMIT_SECONDS" 'BEGIN { exit !(w > l) }' || [ "$peak" -gt "$LIMIT_MB" ]; }; then
    status=1
  fi
done

echo
if [ "$status" -eq 0 ]; then
  echo "Within the limits ($LIMIT_SECONDS s, $LIMIT_MB MB at 100k) where measured."
else
  echo "OVER the limits ($LIMIT_SECONDS s, $LIMIT_MB MB at 100k)."
fi
exit "$status"
