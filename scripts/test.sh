#!/usr/bin/env bash
# The README's test command on a fresh machine: installs what the tests need, builds, starts the real
# Octavia, runs every test and ends with "N passed, N failed[, N skipped]" computed from the TRX results.
#
#   scripts/test.sh [dotnet test arguments...]     e.g. scripts/test.sh --filter "FullyQualifiedName~Pki"
#
# What it needs and why: openssl (the PKI tests check every certificate and key with it), graphviz (the DOT
# output is rendered), chromium (the HTML pages are loaded headless), kubectl (the fake Kubernetes API is
# checked with the real client), and Octavia's Debian packages (scripts/octavia-up.sh installs and starts
# them). The fake Kubernetes, dcmanager and Keystone servers need nothing installed: the tests start them
# in-process on loopback. Installing needs root (or sudo); without it, what is missing is named and the
# tests that need it fail and say so, because CI=true is exported: integration tests never skip here.
# Plain `dotnet test Planner.sln` is the quick loop: it skips the Octavia tests when no Octavia runs.
#
# Environment: MPLAN_OCTAVIA_DIR (a temporary directory), MPLAN_TEST_NO_OCTAVIA=1 (do not start Octavia),
# MPLAN_TEST_NO_BUILD=1 (the solution is already built in Release), MPLAN_UNDER_TEST=PATH (the mplan the tests that
# run it as a process run, instead of the test build's mplan.dll; .ci/run sets it to the installed tool).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CI=true

say() { echo "== $*"; }

say "tools"
missing=""
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
[ -x /usr/bin/dot ] || missing="$missing graphviz"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/kubectl ] || missing="$missing kubectl"
command -v npm >/dev/null 2>&1 || missing="$missing npm"  # fetches the SARIF Multitool that checks validate --format sarif
if [ -n "$missing" ]; then
  as_root=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then as_root="sudo"; else
      echo "missing:$missing; run as root (or install them) so that the tests that need them can pass" >&2
    fi
  fi
  if [ "$(id -u)" = 0 ] || [ -n "$as_root" ]; then
    $as_root apt-get update
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
  fi
fi
for tool in "openssl version" "dot -V" "chromium --version" "kubectl version --client" "dotnet --version"; do
  $tool 2>&1 | head -n 1 || echo "not available: ${tool%% *}"
done

if [ "${MPLAN_TEST_NO_BUILD:-0}" != 1 ]; then
  say "restore and build"
  dotnet restore Planner.sln
  dotnet build Planner.sln -c Release --no-restore -warnaserror
fi

octavia_started=0
stop_octavia() {
  if [ "$octavia_started" = 1 ]; then
    scripts/octavia-down.sh "$MPLAN_OCTAVIA_DIR" --purge >&2 || true
    octavia_started=0
  fi
}
trap stop_octavia EXIT
if [ "${MPLAN_TEST_NO_OCTAVIA:-0}" != 1 ]; then
  say "real Octavia on 127.0.0.1 for the integration tests"
  export MPLAN_OCTAVIA_DIR="${MPLAN_OCTAVIA_DIR:-$(mktemp -d /tmp/mplan-octavia-test.XXXXXX)}"
  # A failed start is not fatal: with CI=true the Octavia tests then fail and say why.
  if scripts/octavia-up.sh "$MPLAN_OCTAVIA_DIR"; then
    octavia_started=1
    # shellcheck disable=SC1091
    . "$MPLAN_OCTAVIA_DIR/octavia.env"
  else
    echo "octavia-up.sh failed; the Octavia integration tests will fail" >&2
  fi
fi

say "tests"
rm -rf TestResults
set +e
dotnet test Planner.sln -c Release --no-build --logger "trx" --results-directory TestResults "$@"
test_status=$?
set -e
# Stop Octavia before the summary, so that the summary stays the last line of the output.
stop_octavia
trap - EXIT

passed=0; failed=0; skipped=0; files=0
for trx in TestResults/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(value total); executed=$(value executed); p=$(value passed); f=$(value failed); e=$(value error); t=$(value timeout); a=$(value aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
if [ "$files" -eq 0 ] || [ $((passed + failed)) -eq 0 ]; then
  echo "no test results were found" >&2
  echo "$summary"
  exit 1
fi
echo "$summary"
[ "$failed" -eq 0 ] && [ "$test_status" -eq 0 ]
