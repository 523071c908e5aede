# Shared by the bench scripts (source it from the repository root): GNU time for peak memory, and the mplan to
# measure in $MPLAN — the tool installed from its package as users install it (`dotnet tool install` picks the
# package for this machine: Native AOT on linux-x64), unless MPLAN names another build.

if [ ! -x /usr/bin/time ]; then
  echo "Installing GNU time (for peak memory)..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq time >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null; fi
fi

if [ -z "${MPLAN:-}" ]; then
  mkdir -p bench/out
  echo "Packing and installing mplan as users get it (scripts/install-tool.sh -> bench/out/tool) ..." >&2
  MPLAN=$(scripts/install-tool.sh bench/out/tool bench/out/package)
fi

# failover_plan NAME PROJECT WORKERS MAX [EXPECTED]: a plan failing over every LB of PROJECT in cluster "bench" (cluster.yaml
# beside it), WORKERS at once, each attempt at most MAX and expected to take EXPECTED (5s unless given).
failover_plan() {
  cat <<YAML
apiVersion: mplan/v1
kind: MaintenancePlan
metadata: {name: $1}
windows: [{start: 2026-12-05T22:00:00Z, duration: 4h, cutoff: 15m}]
clusters: {bench: {file: cluster.yaml}}
operations:
  - id: rotate
    uses: octavia.loadbalancer-failover
    cluster: bench
    select: {projects: [$2]}
    concurrency: $3
    duration: {expected: ${5:-5s}, max: $4}
YAML
}
