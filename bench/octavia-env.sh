# Shared by the bench scripts that drive the real Octavia (source it from the repository root): finds its URL
# (MPLAN_OCTAVIA_URL, else the octavia.env that scripts/octavia-up.sh wrote in MPLAN_OCTAVIA_DIR or /tmp/mplan-octavia)
# and points mplan at it with noauth, no clouds.yaml and no CI skip rule. Sets WD and URL.
WD="${MPLAN_OCTAVIA_DIR:-/tmp/mplan-octavia}"
URL="${MPLAN_OCTAVIA_URL:-$(sed -n 's/^export OCTAVIA_URL=//p' "$WD/octavia.env" 2>/dev/null || true)}"
[ -n "$URL" ] || { echo "no Octavia: run scripts/octavia-up.sh first (or set MPLAN_OCTAVIA_DIR / MPLAN_OCTAVIA_URL)" >&2; exit 1; }
export OS_AUTH_TYPE=none OS_ENDPOINT="$URL"
unset OS_CLOUD OS_CLIENT_CONFIG_FILE CI
