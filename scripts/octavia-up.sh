#!/usr/bin/env bash
# Starts a real OpenStack Octavia v2 API (Debian's python3-octavia, Zed) on 127.0.0.1 for mplan's
# integration tests and demos. The worker runs Octavia's noop compute/network/amphora drivers, so no VMs
# are involved, but the provisioning state machine (PENDING_* -> ACTIVE/ERROR) and the amphora rebuild
# with a fresh certificate on failover are Octavia's own code.
#
#   scripts/octavia-up.sh [WORKDIR]        WORKDIR defaults to $MPLAN_OCTAVIA_DIR or /tmp/mplan-octavia
#   scripts/octavia-down.sh [WORKDIR]      stops it again (by recorded PID)
#   scripts/octavia-fault.sh ACTION        worker-stop | worker-start | ca-break | ca-restore
#
# Pieces: MariaDB (unix socket only), RabbitMQ (loopback, private epmd), octavia-worker, and the API under
# gunicorn (Octavia's own wsgiref server is single-threaded). Auth is "noauth": every caller is admin and the
# project comes from the body or X-Project-Id. When ready it writes WORKDIR/octavia.env (OCTAVIA_URL, ...).
#
# Environment: OCTAVIA_API_PORT (9876), RABBIT_PORT (5673), RABBIT_DIST_PORT (25673), EPMD_PORT (4370),
# OCTAVIA_WORKERS (2), API_WORKERS (2), API_THREADS (8), START_TIMEOUT (120 s per component), SKIP_APT (0).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
WD="${1:-${MPLAN_OCTAVIA_DIR:-/tmp/mplan-octavia}}"
API_PORT="${OCTAVIA_API_PORT:-9876}"
RABBIT_PORT="${RABBIT_PORT:-5673}"
RABBIT_DIST_PORT="${RABBIT_DIST_PORT:-25673}"
EPMD_PORT="${EPMD_PORT:-4370}"
OCTAVIA_WORKERS="${OCTAVIA_WORKERS:-2}"
API_WORKERS="${API_WORKERS:-2}"
API_THREADS="${API_THREADS:-8}"
START_TIMEOUT="${START_TIMEOUT:-120}"
URL="http://127.0.0.1:$API_PORT"
PY=/usr/bin/python3 # Debian's interpreter: a pyenv/venv python3 on PATH cannot import octavia
export LC_ALL=C.UTF-8

T0=$(date +%s)
say() { echo "[octavia-up $(( $(date +%s) - T0 ))s] $*"; }
fail() { echo "[octavia-up] error: $*" >&2; exit 1; }

mkdir -p "$WD"
WD="$(cd "$WD" && pwd -P)"
[ "$WD" != / ] || fail "refusing to use / as the work directory"
MARK="$WD/.mplan-octavia"
if [ -n "$(ls -A "$WD")" ] && [ ! -e "$MARK" ]; then
  fail "$WD is not empty and was not made by this script; choose another directory"
fi
touch "$MARK"

# shellcheck source=scripts/octavia-lib.sh
. "$HERE/octavia-lib.sh"

for pidfile in "$WD"/run/*.pid; do
  [ -e "$pidfile" ] || continue
  if pid_alive "$(cat "$pidfile")"; then
    fail "already running ($(basename "$pidfile" .pid) has pid $(cat "$pidfile")); run scripts/octavia-down.sh $WD first"
  fi
done

# If anything below fails, stop what we started so a developer can simply run the script again.
STARTED=0
READY=0
cleanup() {
  local rc=$?
  if [ $rc -ne 0 ] && [ $STARTED = 1 ] && [ $READY = 0 ]; then
    echo "[octavia-up] start failed (exit $rc); stopping what was started; logs stay in $WD/log" >&2
    "$HERE/octavia-down.sh" "$WD" >&2 || true
  fi
}
trap cleanup EXIT

# ---- packages: python3-octavia brings the console scripts, gunicorn and PyMySQL. Not octavia-api/-worker/
# -common: those add dbconfig-common and system services we do not want.
need=()
for p in python3-octavia rabbitmq-server mariadb-server openssl curl; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  [ "${SKIP_APT:-0}" = 1 ] && fail "missing packages (SKIP_APT=1): ${need[*]}"
  [ "$(id -u)" = 0 ] || fail "root is needed to install: ${need[*]}"
  # Keep the packages' postinst from starting system-wide RabbitMQ/MariaDB services.
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=1
  fi
  say "installing ${need[*]}"
  apt-get update -qq
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o Dpkg::Options::=--force-confold "${need[@]}" > "$WD/apt.log" 2>&1; then
    [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
    tail -20 "$WD/apt.log" >&2
    fail "apt-get install failed"
  fi
  [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  say "packages installed"
fi

rm -rf "$WD"/{etc,lib,log,run,certs,rabbitmq,mysql}
mkdir -p "$WD"/{etc,lib,log,run,certs/store,rabbitmq/mnesia,rabbitmq/log,mysql}
for port in "$API_PORT" "$RABBIT_PORT" "$RABBIT_DIST_PORT" "$EPMD_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "127.0.0.1:$port is in use; set OCTAVIA_API_PORT/RABBIT_PORT/RABBIT_DIST_PORT/EPMD_PORT"
  fi
done

# ---- a throw-away CA: the worker signs each new amphora's certificate with it, so a failover yields a new
# cert_expiration. Moving ca.pem away makes the next create/failover end in ERROR (see octavia-fault.sh).
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=mplan-octavia-test-ca" \
  -keyout "$WD/certs/ca.key" -out "$WD/certs/ca.pem" > "$WD/log/openssl.log" 2>&1
chmod 600 "$WD/certs/ca.key"

cat > "$WD/etc/octavia.conf" <<EOF
[DEFAULT]
transport_url = rabbit://guest:guest@127.0.0.1:$RABBIT_PORT/
use_stderr = false
# the worker waits this long for in-flight flows on SIGTERM (default 60 s)
graceful_shutdown_timeout = 5

[api_settings]
bind_host = 127.0.0.1
bind_port = $API_PORT
auth_strategy = noauth
default_provider_driver = amphora

[database]
connection = mysql+pymysql://octavia:octavia@localhost/octavia?unix_socket=$WD/mysql/mysqld.sock

[controller_worker]
amphora_driver = amphora_noop_driver
compute_driver = compute_noop_driver
network_driver = network_noop_driver
image_driver = image_noop_driver
volume_driver = volume_noop_driver
distributor_driver = distributor_noop_driver
loadbalancer_topology = SINGLE
workers = $OCTAVIA_WORKERS
client_ca = $WD/certs/ca.pem

[certificates]
cert_generator = local_cert_generator
cert_manager = local_cert_manager
storage_path = $WD/certs/store
ca_certificate = $WD/certs/ca.pem
ca_private_key = $WD/certs/ca.key
# exactly 32 characters; test value
server_certs_key_passphrase = mplan-test-only-passphrase-32chr

[task_flow]
jobboard_enabled = false

[oslo_messaging]
# octavia-worker also starts the old v1 consumer, which restarts forever without a topic
topic = octavia_prov
EOF

# gunicorn needs an importable WSGI module; setup_app reads its own argv through oslo.config.
cat > "$WD/lib/mplan_octavia_wsgi.py" <<'EOF'
import os
from octavia.api import app
application = app.setup_app(argv=["octavia-api", "--config-file", os.environ["OCTAVIA_CONF"],
                                  "--log-file", os.environ["OCTAVIA_LOG"]])
EOF

# ---- RabbitMQ: private node and cookie under $WD, its own epmd on loopback (we own its PID).
R="$WD/rabbitmq"
printf 'listeners.tcp.default = 127.0.0.1:%s\nlog.console = false\nlog.file.level = warning\n' "$RABBIT_PORT" > "$R/rabbitmq.conf"
echo '[].' > "$R/enabled_plugins"
: > "$R/rabbitmq-env.conf"
cat > "$R/env.sh" <<EOF
export HOME=$R RABBITMQ_CONF_ENV_FILE=$R/rabbitmq-env.conf RABBITMQ_CONFIG_FILE=$R/rabbitmq.conf
export RABBITMQ_ENABLED_PLUGINS_FILE=$R/enabled_plugins RABBITMQ_NODENAME=mplan-octavia@localhost
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$RABBIT_PORT RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT
export RABBITMQ_MNESIA_BASE=$R/mnesia RABBITMQ_LOG_BASE=$R/log RABBITMQ_PID_FILE=$WD/run/beam.pid.info
export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$EPMD_PORT
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
STARTED=1
launch epmd /usr/bin/epmd -address 127.0.0.1 -port "$EPMD_PORT"
(. "$R/env.sh"; launch rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server)
rabbit_up() { (. "$R/env.sh"; /usr/lib/rabbitmq/bin/rabbitmqctl -q await_startup --timeout 2); }
wait_for "RabbitMQ" rabbitmq rabbit_up
say "RabbitMQ listening on 127.0.0.1:$RABBIT_PORT"

# ---- MariaDB on a unix socket only.
M="$WD/mysql"
cat > "$M/my.cnf" <<EOF
[mysqld]
datadir = $M/data
socket = $M/mysqld.sock
pid-file = $WD/run/mariadbd.pid.info
skip-networking
user = root
log-error = $WD/log/mariadb.err
innodb_buffer_pool_size = 64M
innodb_flush_log_at_trx_commit = 2
max_connections = 300
EOF
mariadb-install-db --defaults-file="$M/my.cnf" --auth-root-authentication-method=socket --skip-test-db \
  > "$WD/log/mariadb-install.log" 2>&1 || fail "mariadb-install-db failed (see $WD/log/mariadb-install.log)"
launch mariadb /usr/sbin/mariadbd --defaults-file="$M/my.cnf"
wait_for "MariaDB" mariadb mariadb-admin --socket="$M/mysqld.sock" -uroot ping
mariadb --socket="$M/mysqld.sock" -uroot -e "CREATE DATABASE IF NOT EXISTS octavia;
  CREATE USER IF NOT EXISTS 'octavia'@'localhost' IDENTIFIED BY 'octavia';
  GRANT ALL PRIVILEGES ON octavia.* TO 'octavia'@'localhost';"
/usr/bin/octavia-db-manage --config-file "$WD/etc/octavia.conf" upgrade head > "$WD/log/db-manage.log" 2>&1 \
  || { tail -20 "$WD/log/db-manage.log" >&2; fail "octavia-db-manage upgrade head failed"; }
say "database ready"

# ---- worker and API.
start_worker "$WD"
OCTAVIA_CONF="$WD/etc/octavia.conf" OCTAVIA_LOG="$WD/log/octavia-api.log" launch api \
  $PY -m gunicorn --chdir "$WD/lib" --bind "127.0.0.1:$API_PORT" --workers "$API_WORKERS" \
  --threads "$API_THREADS" --timeout 120 --graceful-timeout 5 mplan_octavia_wsgi:application
api_up() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/v2/lbaas/loadbalancers")" = 200 ]; }
wait_for "the Octavia API" api api_up
wait_for "the worker's queue consumers" worker worker_consuming
cat > "$WD/octavia.env" <<EOF
# . this file to point clients at the local Octavia (noauth: every caller is admin)
export OCTAVIA_URL=$URL
export MPLAN_OCTAVIA_URL=$URL
export MPLAN_OCTAVIA_DIR=$WD
export OS_AUTH_TYPE=none
export OS_ENDPOINT=$URL
EOF
READY=1
say "ready: $URL (work directory $WD)"
