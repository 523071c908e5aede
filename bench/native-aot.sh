#!/usr/bin/env bash
# Native AOT, tried against the tool as users install it (ReadyToRun): start-up (the bundled amphora-rotation plan)
# and the 100k-LB plan, each beside a yardstick timed in the same run (python3 -c pass; python3's json.load of the
# same cluster file), interleaved so that a slow moment of the shared machine slows every side. It also checks
# whether the AOT build can reach a Kubernetes API through KubernetesClient (the fake, from the AOT build itself): it
# cannot load a kubeconfig, which is why the package stays ReadyToRun (bench/README.md).
#
#   bench/native-aot.sh              # needs clang (apt-get install clang); the AOT publish takes a few minutes
#   REPS=5 bench/native-aot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${REPS:-5}"
OUT=bench/out
. bench/setup.sh
command -v clang >/dev/null || { echo "Native AOT needs clang: apt-get install clang" >&2; exit 1; }

aot_dir="$OUT/aot"
if [ ! -x "$aot_dir/mplan" ]; then
  echo "Publishing mplan with PublishAot=true (trim and AOT warnings are errors in the normal build) ..." >&2
  dotnet publish src/Cli -c Release -r linux-x64 -p:PublishAot=true -p:PublishReadyToRun=false \
    -p:TreatWarningsAsErrors=false -o "$aot_dir" --nologo -v quiet > "$OUT/aot-publish.log" 2>&1
  echo "AOT publish: $(grep -c 'warning IL' "$OUT/aot-publish.log") trim/AOT warnings (log: $OUT/aot-publish.log)" >&2
fi
AOT="$aot_dir/mplan"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
timed() { local file=$1; shift; /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$@" > /dev/null 2>&1 || true; cat "$OUT/time.txt" >> "$file"; }

cluster="$OUT/cluster-100000.json"
[ -s "$cluster" ] || "$MPLAN" cluster generate --name bench-100000 --loadbalancers 100000 --nodes 5000 --subclouds 5000 --out "$cluster"
big=(plan plans/combined.yaml --cluster "region-one=$cluster" --cluster "mosk-prod=$cluster" --cluster "dc-central=$cluster" --format json)

for f in start-r2r start-aot start-py big-r2r big-aot big-py; do : > "$OUT/$f.txt"; done
for _ in $(seq "$REPS"); do
  timed "$OUT/start-py.txt" /usr/bin/python3 -c pass
  timed "$OUT/start-r2r.txt" "$MPLAN" plan plans/amphora-rotation.yaml
  timed "$OUT/start-aot.txt" "$AOT" plan plans/amphora-rotation.yaml
  timed "$OUT/big-py.txt" /usr/bin/python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$cluster"
  timed "$OUT/big-r2r.txt" "$MPLAN" "${big[@]}"
  timed "$OUT/big-aot.txt" "$AOT" "${big[@]}"
done

row() { # name file yardstick-file
  local wall peak yard
  wall=$(cut -d' ' -f1 "$2" | median); peak=$(cut -d' ' -f2 "$2" | sort -n | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
  yard=$(cut -d' ' -f1 "$3" | median)
  printf '%-34s %8s %10s %8s %8s\n' "$1" "$wall" "$yard" "$(awk -v a="$wall" -v b="$yard" 'BEGIN { printf "%.2fx", a / b }')" "$peak"
}
printf '\n%-34s %8s %10s %8s %8s\n' "run (median of $REPS)" "wall s" "yardstick" "ratio" "peak MB"
row "start-up, ReadyToRun (installed)" "$OUT/start-r2r.txt" "$OUT/start-py.txt"
row "start-up, Native AOT" "$OUT/start-aot.txt" "$OUT/start-py.txt"
row "100k plan, ReadyToRun (installed)" "$OUT/big-r2r.txt" "$OUT/big-py.txt"
row "100k plan, Native AOT" "$OUT/big-aot.txt" "$OUT/big-py.txt"
echo "yardsticks: python3 -c pass (start-up), python3 json.load of the cluster file (100k plan)"

echo
# What keeps the package ReadyToRun: KubernetesClient's kubeconfig loading, whose YAML reader reflects over metadata a
# Native AOT build does not keep. The Kubernetes drivers and `inventory --kubeconfig` need it: checked against the fake.
"$AOT" fake kubernetes plans/clusters/mosk-prod.yaml --listen 127.0.0.1:0 --kubeconfig-out "$OUT/aot-kubeconfig.yaml" > "$OUT/aot-fake.txt" 2>&1 &
fake=$!
trap 'kill "$fake" 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "serving" "$OUT/aot-fake.txt" 2>/dev/null && break; sleep 0.2; done
if "$AOT" inventory --kubeconfig "$OUT/aot-kubeconfig.yaml" --context mosk-prod --out "$OUT/aot-inventory.yaml" > "$OUT/aot-inventory.txt" 2>&1; then
  echo "Native AOT build: the fake Kubernetes serves and inventory reads it through KubernetesClient."
  echo "Next: the process tests against it (MPLAN_UNDER_TEST=$AOT dotnet test tests/Cli.Tests)."
else
  echo "Native AOT build: the fake Kubernetes serves, but inventory fails: $(head -n 1 "$OUT/aot-inventory.txt" | cut -c1-200)"
  echo "Not kept (bench/README.md, native-aot.sh)."
fi
