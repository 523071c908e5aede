#!/usr/bin/env bash
# Times `mplan certs generate` on the example plan (plans/octavia-pki-canary.yaml) for each key type:
# the in-process generation time mplan prints (the three keys, certificates and PBES2 key encryption),
# the wall time of the whole command (start-up, planning, generation, writing) and its peak memory (max RSS).
#
#   bench/pki-generate.sh [RUNS] [KEYTYPE...]      default: 5 runs of rsa2048 rsa4096 ec-p256
#
# Outputs go to bench/out/pki/ (ignored by git) and are removed at the end. Needs /usr/bin/time for memory.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-5}
shift || true
key_types=("$@")
[ ${#key_types[@]} -gt 0 ] || key_types=(rsa2048 rsa4096 ec-p256)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Cli -c Release -v quiet -nologo >/dev/null
mplan="$root/src/Cli/bin/Release/net10.0/mplan.dll"
OCTAVIA_CA_PASSPHRASE=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export OCTAVIA_CA_PASSPHRASE

out="$root/bench/out/pki"
rm -rf "$out"
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT

stats() { # prints "min median max" of the numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f %.2f %.2f\n", v[1], m, v[NR] }'
}

echo "mplan certs generate plans/octavia-pki-canary.yaml, $runs runs per key type, $(nproc) cores"
printf '%-8s  %-26s  %-26s  %s\n' "keyType" "generation s (min/med/max)" "command s (min/med/max)" "peak RSS MiB (max)"
for key_type in "${key_types[@]}"; do
  : >"$out/$key_type.gen"; : >"$out/$key_type.wall"; : >"$out/$key_type.rss"
  for run in $(seq "$runs"); do
    dir="$out/$key_type/$run"
    mkdir -p "$dir"
    sed -e "s/keyType: rsa2048/keyType: $key_type/" -e "s#file: clusters/osh-dev.yaml#file: $root/plans/clusters/osh-dev.yaml#" \
      plans/octavia-pki-canary.yaml >"$dir/plan.yaml"
    if [ -x /usr/bin/time ]; then
      (cd "$dir" && /usr/bin/time -f '%e %M' -o time.txt dotnet "$mplan" certs generate plan.yaml >stdout.txt)
      read -r wall rss <"$dir/time.txt"
    else
      start=$(date +%s.%N)
      (cd "$dir" && dotnet "$mplan" certs generate plan.yaml >stdout.txt)
      wall=$(echo "$(date +%s.%N) - $start" | bc); rss=0
    fi
    sed -n 's/.*generated in \([0-9.]*\)s.*/\1/p' "$dir/stdout.txt" >>"$out/$key_type.gen"
    echo "$wall" >>"$out/$key_type.wall"
    echo "$rss" >>"$out/$key_type.rss"
  done
  read -r gmin gmed gmax < <(stats <"$out/$key_type.gen")
  read -r wmin wmed wmax < <(stats <"$out/$key_type.wall")
  rss=$(sort -g "$out/$key_type.rss" | tail -n 1)
  printf '%-8s  %-26s  %-26s  %s\n' "$key_type" "$gmin / $gmed / $gmax" "$wmin / $wmed / $wmax" "$((rss / 1024))"
done
