# Shared by the bench scripts (source it from the repository root): GNU time for peak memory, and the mplan to
# measure in $MPLAN — published Release for this machine's runtime so Cli.csproj precompiles it (ReadyToRun),
# unless MPLAN names another build. PUBLISH_ARGS=" " gives a portable build.

if [ ! -x /usr/bin/time ]; then
  echo "Installing GNU time (for peak memory)..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq time >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null; fi
fi

if [ -z "${MPLAN:-}" ]; then
  RID="$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')"
  PUBLISH_ARGS="${PUBLISH_ARGS:--r $RID --self-contained false}"
  mkdir -p bench/out
  echo "Building mplan (Release, ReadyToRun) into bench/out/mplan ..." >&2
  # shellcheck disable=SC2086 # PUBLISH_ARGS is a list of arguments
  dotnet publish src/Cli -c Release -o bench/out/mplan --nologo -v quiet $PUBLISH_ARGS >&2
  MPLAN=bench/out/mplan/mplan
fi

# failover_plan NAME PROJECT WORKERS MAX: a plan failing over every LB of PROJECT in cluster "bench" (cluster.yaml beside
# it), WORKERS at once, each attempt at most MAX.
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
    duration: {expected: 5s, max: $4}
YAML
}
