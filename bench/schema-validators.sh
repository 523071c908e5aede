#!/usr/bin/env bash
# Benchmark: schema-checking the cluster file of the 100k-LB plan (100k LBs, 5k nodes, 5k subclouds) with mplan's own
# validator and with JsonSchema.Net, in one process, beside the yardstick (Python's json.load of the same file) timed
# in the same run. The plan's goal is the whole `plan` at most 1.5 x the yardstick (bench/plan-scale.sh times that).
#
#   bench/schema-validators.sh          # LBS=100000 REPS=3 by default
set -euo pipefail

cd "$(dirname "$0")/.."
LBS="${LBS:-100000}"
REPS="${REPS:-3}"
OUT=bench/out
mkdir -p "$OUT"
others=$((LBS / 20))
cluster="$OUT/cluster-$LBS.json"

dotnet build bench/schema-validators -c Release --nologo -v quiet -o "$OUT/schema-validators" >&2
if [ ! -f "$cluster" ]; then
  dotnet build src/Cli -c Release --nologo -v quiet -o "$OUT/mplan-build" >&2
  "$OUT/mplan-build/mplan" cluster generate --name "bench-$LBS" --loadbalancers "$LBS" --nodes "$others" --subclouds "$others" --out "$cluster"
fi

yardstick=$(python3 - "$cluster" "$REPS" <<'PY'
import json, sys, time
best = min((lambda t: (json.load(open(sys.argv[1])), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(int(sys.argv[2])))
print(f"{best:.3f}")
PY
)
figures=$("$OUT/schema-validators/SchemaValidators" "$cluster" "$REPS")
echo "LBs=$LBS nodes=$others subclouds=$others yardstick_json_load=$yardstick $figures"
for name in own_validator jsonschema_net_tree jsonschema_net_bytes; do
  value=$(echo "$figures" | tr ' ' '\n' | awk -F= -v n="$name" '$1 == n { print $2 }')
  awk -v n="$name" -v v="$value" -v y="$yardstick" 'BEGIN { printf "%-22s %.3f s = %.2f x yardstick\n", n, v, v / y }'
done
