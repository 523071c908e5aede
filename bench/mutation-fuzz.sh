#!/usr/bin/env bash
# "Bad input never crashes", at length: the mutation test of tests/Cli.Tests/Mutation (CI runs 2,000 mutants) with
# many more. Every mutant of an example plan or cluster file goes through validate, plan and simulate --trials 3 in
# process; it fails on an internal error, an exit code other than 0/1/2, or stderr that is not located diagnostics.
#
#   bench/mutation-fuzz.sh                    # 50,000 mutants from the CI seed
#   bench/mutation-fuzz.sh 200000             # more
#   SEED=7 bench/mutation-fuzz.sh             # other mutants (the CI seed is 20261205)
#   DEBUG=1 bench/mutation-fuzz.sh            # each crash's stack trace in the report
#   MUTANT=1234 SEED=7 bench/mutation-fuzz.sh # one mutant again, as the report says to reproduce it
#
# Prints the report (mutants run and failed, exit codes per command, mutators used, each kind of failure with the
# first mutant that shows it) and keeps it in bench/out/; exits 1 when any mutant failed.
set -euo pipefail

cd "$(dirname "$0")/.."
MUTANTS="${1:-${MUTANTS:-50000}}"
SEED="${SEED:-20261205}"
OUT=bench/out
REPORT="$OUT/mutation-fuzz-$SEED-${MUTANT:-$MUTANTS}.txt"
mkdir -p "$OUT"
rm -f "$REPORT"

dotnet build tests/Cli.Tests -c Release -nologo -v quiet > "$OUT/mutation-fuzz-build.log" 2>&1 \
  || { cat "$OUT/mutation-fuzz-build.log" >&2; exit 1; }
status=0
MPLAN_MUTANTS="$MUTANTS" MPLAN_MUTATION_SEED="$SEED" MPLAN_MUTANT="${MUTANT:-}" MPLAN_MUTATION_DEBUG="${DEBUG:-0}" \
  MPLAN_MUTATION_REPORT="$PWD/$REPORT" \
  dotnet test tests/Cli.Tests -c Release --no-build --filter "FullyQualifiedName~Cli.Tests.Mutation.MutationFuzzTests" \
  > "$OUT/mutation-fuzz.log" 2>&1 || status=$?

if [[ ! -s "$REPORT" ]]; then
  echo "mutation-fuzz: the test wrote no report; see $OUT/mutation-fuzz.log" >&2
  tail -30 "$OUT/mutation-fuzz.log" >&2
  exit 1
fi
cat "$REPORT"
echo "(report: $REPORT)"
exit "$status"
