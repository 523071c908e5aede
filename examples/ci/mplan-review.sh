#!/usr/bin/env bash
# The review job for a repository of maintenance plans, shared by the GitHub Actions and GitLab CI examples:
#   1. validate every plan (a SARIF log for code-scanning annotations, the text on the job's log);
#   2. plan each one: the Markdown plan becomes the review comment, the JSON plan is compared with its committed
#      snapshot, so that a change to a plan or to an inventory shows up as a diff that fails the job;
#   3. simulate each one (seeded, so the comment is the same for the same inputs).
#
#   examples/ci/mplan-review.sh OUT_DIR [PLAN...]      default plans: plans/*.yaml
#
# Environment: MPLAN (the mplan command; default `mplan` on PATH), SNAPSHOTS (default plans/snapshots),
# UPDATE_SNAPSHOTS=1 (write the snapshots instead of comparing: commit them with the plan change),
# TRIALS (simulate trials, default 200), SEED (default 1).
# Writes OUT_DIR/mplan.sarif, OUT_DIR/review.md (the comment) and OUT_DIR/drift.diff. Exit 1 when a plan is invalid
# or a snapshot drifted, after writing everything.
set -uo pipefail
out="${1:?usage: mplan-review.sh OUT_DIR [PLAN...]}"; shift
mplan="${MPLAN:-mplan}"
snapshots="${SNAPSHOTS:-plans/snapshots}"
trials="${TRIALS:-200}"
seed="${SEED:-1}"
if [ $# -gt 0 ]; then plans=("$@"); else plans=(plans/*.yaml); fi
mkdir -p "$out" "$snapshots"
status=0

echo "== validate ${#plans[@]} plan(s)"
"$mplan" validate "${plans[@]}" --format sarif > "$out/mplan.sarif"
if ! "$mplan" validate "${plans[@]}"; then
  echo "invalid plans: see the annotations ($out/mplan.sarif) or the messages above" >&2
  status=1
fi

review="$out/review.md"
: > "$out/drift.diff"
printf '# mplan review\n\n' > "$review"
for plan in "${plans[@]}"; do
  "$mplan" validate "$plan" > /dev/null 2>&1 || continue
  name="$(basename "$plan" .yaml)"
  echo "== plan $plan"
  "$mplan" plan "$plan" --format markdown >> "$review"
  snapshot="$snapshots/$name.plan.json"
  "$mplan" plan "$plan" --format json > "$out/$name.plan.json"
  if [ "${UPDATE_SNAPSHOTS:-0}" = 1 ]; then
    cp "$out/$name.plan.json" "$snapshot"
  elif ! diff -u "$snapshot" "$out/$name.plan.json" >> "$out/drift.diff" 2>&1; then
    echo "$plan: the plan differs from its snapshot $snapshot (UPDATE_SNAPSHOTS=1 rewrites it; commit the change)" >&2
    printf '\n> **Drift:** `%s` differs from its snapshot `%s`.\n' "$plan" "$snapshot" >> "$review"
    status=1
  fi
  echo "== simulate $plan"
  { printf '\n<details><summary>simulate %s (%s trials, seed %s)</summary>\n\n```\n' "$plan" "$trials" "$seed"
    "$mplan" simulate "$plan" --trials "$trials" --seed "$seed"
    printf '```\n\n</details>\n\n'; } >> "$review"
done

echo "review comment: $review; annotations: $out/mplan.sarif"
exit "$status"
