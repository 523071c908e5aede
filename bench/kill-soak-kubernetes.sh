#!/usr/bin/env bash
# Soak: the MOSK certificate rotation (mplan apply, the real process, against the fake Kubernetes at 60x) SIGKILLed at a
# seeded random moment and resumed with `mplan apply --resume`, once per seed, SEEDS seeds from SEED on. Each seed
# asserts what the short test asserts for three: no finished step repeated, rotation_id patched once, each LB's result
# recorded once, the run ends succeeded. Prints each seed's line, the verdict and the wall time. No real cluster needed.
#
#   bench/kill-soak-kubernetes.sh                 # SEEDS=25 SEED=1 by default
#   SEEDS=100 SEED=500 bench/kill-soak-kubernetes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS="${SEEDS:-25}"
SEED="${SEED:-1}"
list=$(seq -s, "$SEED" "$((SEED + SEEDS - 1))")
dotnet build tests/Cli.Tests -c Release > /dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start=$(date +%s)
status=0
MPLAN_KILL_SEEDS="$list" dotnet test tests/Cli.Tests -c Release --no-build \
  --filter "FullyQualifiedName~ApplyRotationTests.Apply_KilledAtRandomMomentsThenResumed" --logger "console;verbosity=detailed" \
  | grep -E "^ *seed [0-9]+|Passed!|Failed!|Error Message|Assert" || status=1
echo "$SEEDS seeds from $SEED in $(( $(date +%s) - start )) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
