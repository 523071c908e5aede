#!/usr/bin/env bash
# Native AOT (the linux-x64 package, as users install it) against the composite ReadyToRun build it replaced (the same
# tree published with PublishAot=false, as linux-arm64 still ships): start-up (the bundled amphora-rotation plan) and
# the 100k-LB plan, each beside a yardstick timed in the same run (python3 -c pass; python3's json.load of the same
# cluster file), interleaved so that a slow moment of the shared machine slows every side. It also checks that the
# installed tool reaches a Kubernetes API through KubernetesClient (the fake, served by the installed tool itself).
#
#   bench/native-aot.sh              # publishes the ReadyToRun build into bench/out/r2r (a few minutes)
#   REPS=5 bench/native-aot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${REPS:-5}"
OUT=bench/out
. bench/setup.sh
AOT="$MPLAN"

r2r_dir="$OUT/r2r"
if [ ! -x "$r2r_dir/mplan" ]; then
  echo "Publishing mplan as composite ReadyToRun (PublishAot=false) ..." >&2
  dotnet publish src/Cli -c Release -r linux-x64 -p:PublishAot=false -o "$r2r_dir" --nologo -v quiet > "$OUT/r2r-publish.log" 2>&1
fi
R2R="$r2r_dir/mplan"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
timed() { local file=$1; shift; /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$@" > /dev/null 2>&1 || true; cat "$OUT/time.txt" >> "$file"; }

cluster="$OUT/cluster-100000.json"
[ -s "$cluster" ] || "$MPLAN" cluster generate --name bench-100000 --loadbalancers 100000 --nodes 5000 --subclouds 5000 --out "$cluster"
big=(plan plans/combined.yaml --cluster "region-one=$cluster" --cluster "mosk-prod=$cluster" --cluster "dc-central=$cluster" --format json)

for f in start-r2r start-aot start-py big-r2r big-aot big-py; do : > "$OUT/$f.txt"; done
for _ in $(seq "$REPS"); do
  timed "$OUT/start-py.txt" /usr/bin/python3 -c pass
  timed "$OUT/start-r2r.txt" "$R2R" plan plans/amphora-rotation.yaml
  timed "$OUT/start-aot.txt" "$AOT" plan plans/amphora-rotation.yaml
  timed "$OUT/big-py.txt" /usr/bin/python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$cluster"
  timed "$OUT/big-r2r.txt" "$R2R" "${big[@]}"
  timed "$OUT/big-aot.txt" "$AOT" "${big[@]}"
done

row() { # name file yardstick-file
  local wall peak yard
  wall=$(cut -d' ' -f1 "$2" | median); peak=$(cut -d' ' -f2 "$2" | sort -n | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
  yard=$(cut -d' ' -f1 "$3" | median)
  printf '%-34s %8s %10s %8s %8s\n' "$1" "$wall" "$yard" "$(awk -v a="$wall" -v b="$yard" 'BEGIN { printf "%.2fx", a / b }')" "$peak"
}
printf '\n%-34s %8s %10s %8s %8s\n' "run (median of $REPS)" "wall s" "yardstick" "ratio" "peak MB"
row "start-up, ReadyToRun" "$OUT/start-r2r.txt" "$OUT/start-py.txt"
row "start-up, Native AOT (installed)" "$OUT/start-aot.txt" "$OUT/start-py.txt"
row "100k plan, ReadyToRun" "$OUT/big-r2r.txt" "$OUT/big-py.txt"
row "100k plan, Native AOT (installed)" "$OUT/big-aot.txt" "$OUT/big-py.txt"
echo "yardsticks: python3 -c pass (start-up), python3 json.load of the cluster file (100k plan)"

echo
# The Kubernetes drivers and `inventory --kubeconfig` load kubeconfigs and talk to the API through KubernetesClient.Aot:
# checked against the fake, both served and read by the installed tool.
"$AOT" fake kubernetes plans/clusters/mosk-prod.yaml --listen 127.0.0.1:0 --kubeconfig-out "$OUT/aot-kubeconfig.yaml" > "$OUT/aot-fake.txt" 2>&1 &
fake=$!
trap 'kill "$fake" 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "serving" "$OUT/aot-fake.txt" 2>/dev/null && break; sleep 0.2; done
if "$AOT" inventory --kubeconfig "$OUT/aot-kubeconfig.yaml" --context mosk-prod --out "$OUT/aot-inventory.yaml" > "$OUT/aot-inventory.txt" 2>&1; then
  echo "Installed tool: the fake Kubernetes serves and inventory reads it through KubernetesClient."
else
  echo "Installed tool: inventory against the fake Kubernetes FAILED: $(head -n 1 "$OUT/aot-inventory.txt" | cut -c1-200)"
  exit 1
fi
