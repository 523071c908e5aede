#!/usr/bin/env bash
# Benchmark: whole-process time of `mplan plan` for every bundled example (plans/*.yaml), with its default Monte Carlo
# distribution (500 seeded trials of simulate's behaviour model) and with --trials 0 (the arithmetic only), beside two
# yardsticks timed in the same run: `python3 -c pass` (an interpreter's start-up) and `mplan --version` (the tool's
# own start-up). The requirement: every example's plan, distribution included, in under 0.5 s whole process.
#
#   bench/plan-distribution.sh                 # install the tool as users get it, measure, print the table
#   REPS=9 bench/plan-distribution.sh
#   MPLAN=/path/to/other/mplan bench/plan-distribution.sh
set -euo pipefail

cd "$(dirname "$0")/.."
REPS="${REPS:-7}"
OUT=bench/out
LIMIT_S=0.5

mkdir -p "$OUT"
. bench/setup.sh

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# timed FILE COMMAND...: appends "wall cpu" (cpu = user + sys) of one run to FILE.
timed() {
  local file=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$OUT/time.txt" "$@" > /dev/null 2> "$OUT/stderr.txt" || { cat "$OUT/stderr.txt" >&2; exit 1; }
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$OUT/time.txt" >> "$file"
}
column_median() { cut -d' ' -f"$2" "$1" | median; }

: > "$OUT/python.txt"; : > "$OUT/version.txt"
printf '\n%-22s %-8s %-8s %-10s %-10s %-9s %-9s\n' "example" "plan s" "cpu s" "trials 0 s" "cpu s" "/python" "/--version"
status=0
for plan in plans/*.yaml; do
  name=$(basename "$plan" .yaml)
  "$MPLAN" plan "$plan" > /dev/null # warm-up: file cache, not counted
  : > "$OUT/dist.txt"; : > "$OUT/none.txt"; : > "$OUT/py.txt"; : > "$OUT/ver.txt"
  for _ in $(seq "$REPS"); do
    # Interleaved, so that a slow moment of the machine slows every side.
    timed "$OUT/py.txt" /usr/bin/python3 -c pass
    timed "$OUT/ver.txt" "$MPLAN" --version
    timed "$OUT/dist.txt" "$MPLAN" plan "$plan"
    timed "$OUT/none.txt" "$MPLAN" plan "$plan" --trials 0
  done
  cat "$OUT/py.txt" >> "$OUT/python.txt"; cat "$OUT/ver.txt" >> "$OUT/version.txt"
  wall=$(column_median "$OUT/dist.txt" 1); cpu=$(column_median "$OUT/dist.txt" 2)
  none=$(column_median "$OUT/none.txt" 1); none_cpu=$(column_median "$OUT/none.txt" 2)
  py=$(column_median "$OUT/py.txt" 1); ver=$(column_median "$OUT/ver.txt" 1)
  ratio_py=$(awk -v a="$wall" -v b="$py" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
  ratio_ver=$(awk -v a="$wall" -v b="$ver" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
  printf '%-22s %-8s %-8s %-10s %-10s %-9s %-9s\n' "$name" "$wall" "$cpu" "$none" "$none_cpu" "$ratio_py" "$ratio_ver"
  if awk -v w="$wall" -v l="$LIMIT_S" 'BEGIN { exit !(w >= l) }'; then
    status=1
  fi
done

echo
printf 'yardsticks (median over every run): python3 -c pass %s s, mplan --version %s s\n' \
  "$(column_median "$OUT/python.txt" 1)" "$(column_median "$OUT/version.txt" 1)"
echo "plan s: median wall time over $REPS runs of 'mplan plan EXAMPLE' (500 trials); trials 0 s: the same with --trials 0;"
echo "cpu s: user + system; the ratios are plan s over each yardstick's median in the same example's runs."
if [ "$status" -eq 0 ]; then
  echo "Every example under ${LIMIT_S} s."
else
  echo "OVER ${LIMIT_S} s for at least one example (look at the load: uptime says $(uptime | sed 's/.*load average: //'))."
fi
exit "$status"
