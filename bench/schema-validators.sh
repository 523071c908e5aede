#!/usr/bin/env bash
# Benchmark: schema-checking the cluster file of the 100k-LB plan (100k LBs, 5k nodes, 5k subclouds) with mplan's own
# validator and with JsonSchema.Net, in one process, beside the yardstick (Python's json.load of the same file) timed
# in the same run, and the whole `plan` of plans/combined.yaml on it (as bench/plan-scale.sh runs it), whose goal is at
# most 1.5 x the yardstick.
#
#   bench/schema-validators.sh          # LBS=100000 REPS=3 by default; MPLAN=... to time another build
set -euo pipefail

cd "$(dirname "$0")/.."
LBS="${LBS:-100000}"
REPS="${REPS:-3}"
OUT=bench/out
mkdir -p "$OUT"
others=$((LBS / 20))
cluster="$OUT/cluster-$LBS.json"

. bench/setup.sh
dotnet build bench/schema-validators -c Release --nologo -v quiet -o "$OUT/schema-validators" >&2
[ -f "$cluster" ] || "$MPLAN" cluster generate --name "bench-$LBS" --loadbalancers "$LBS" --nodes "$others" --subclouds "$others" --out "$cluster"

yardstick=$(python3 - "$cluster" "$REPS" <<'PY'
import json, sys, time
best = min((lambda t: (json.load(open(sys.argv[1])), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(int(sys.argv[2])))
print(f"{best:.3f}")
PY
)
figures=$("$OUT/schema-validators/SchemaValidators" "$cluster" "$REPS")
plan_best=
plan_peak_kb=0
for _ in $(seq "$REPS"); do
  /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$MPLAN" plan plans/combined.yaml \
    --cluster "region-one=$cluster" --cluster "mosk-prod=$cluster" --cluster "dc-central=$cluster" --format json > /dev/null
  read -r wall peak_kb < "$OUT/time.txt"
  plan_best=$(awk -v a="${plan_best:-$wall}" -v b="$wall" 'BEGIN { print (b < a) ? b : a }')
  plan_peak_kb=$((peak_kb > plan_peak_kb ? peak_kb : plan_peak_kb))
done
figures="$figures whole_plan=$plan_best"
echo "whole plan peak memory: $((plan_peak_kb / 1024)) MB"
echo "LBs=$LBS nodes=$others subclouds=$others yardstick_json_load=$yardstick $figures"
for name in own_validator jsonschema_net_tree jsonschema_net_bytes whole_plan; do
  value=$(echo "$figures" | tr ' ' '\n' | awk -F= -v n="$name" '$1 == n { print $2 }')
  awk -v n="$name" -v v="$value" -v y="$yardstick" 'BEGIN { printf "%-22s %.3f s = %.2f x yardstick\n", n, v, v / y }'
done
