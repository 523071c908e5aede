# Shared shell functions for octavia-up.sh, octavia-down.sh and octavia-fault.sh (sourced, not run).
# Callers set WD (the work directory) first.

# pid_alive PID: the process exists and is not a zombie.
pid_alive() {
  [ -n "${1:-}" ] && [ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# ours PID: alive and its working directory is inside $WD (a recycled PID will not match).
ours() {
  local cwd
  pid_alive "${1:-}" || return 1
  cwd=$(readlink "/proc/$1/cwd" 2>/dev/null) || return 1
  case "$cwd/" in "$WD"/*) return 0 ;; *) return 1 ;; esac
}

# launch NAME COMMAND...: runs COMMAND detached in its own session with cwd $WD, output in log/NAME.out,
# and records the program's own PID in run/NAME.pid (the inner shell writes $$ and then execs).
launch() {
  local name=$1 i
  shift
  rm -f "$WD/run/$name.pid"
  ( cd "$WD" && exec setsid bash -c 'echo $$ > "$0"; exec "$@"' "$WD/run/$name.pid" "$@" \
      > "$WD/log/$name.out" 2>&1 < /dev/null ) &
  for i in $(seq 1 50); do [ -s "$WD/run/$name.pid" ] && return 0; sleep 0.1; done
  echo "could not start $name" >&2
  return 1
}

# wait_for WHAT NAME CHECK...: repeats CHECK until it succeeds; gives up when process NAME dies or after
# START_TIMEOUT seconds.
wait_for() {
  local what=$1 name=$2 deadline=$(( $(date +%s) + ${START_TIMEOUT:-120} ))
  shift 2
  until "$@" > /dev/null 2>&1; do
    if ! pid_alive "$(cat "$WD/run/$name.pid" 2>/dev/null)"; then
      tail -20 "$WD/log/$name.out" >&2 || true
      echo "$name exited while waiting for $what" >&2
      return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "timed out waiting for $what" >&2; return 1; fi
    sleep 0.2
  done
}

# The worker's consumer count on the v2 provisioning queue (ready when it matches [controller_worker] workers).
worker_consuming() {
  local want have
  want=$(sed -n 's/^workers = //p' "$WD/etc/octavia.conf")
  have=$( (. "$WD/rabbitmq/env.sh"; /usr/lib/rabbitmq/bin/rabbitmqctl -q list_queues name consumers) \
    | awk '$1 == "octavia_provisioning_v2" { print $2 }')
  [ -n "$have" ] && [ "$have" -ge "${want:-1}" ]
}

start_worker() {
  launch worker /usr/bin/octavia-worker --config-file "$WD/etc/octavia.conf" --log-file "$WD/log/octavia-worker.log"
}

# children PID: the direct and indirect children of PID (field 4 of /proc/N/stat, after the command name).
children() {
  local parent=$1 p stat
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    set -- ${stat##*) }
    if [ "${2:-}" = "$parent" ]; then echo "$p"; children "$p"; fi
  done
}

# stop_recorded NAME [SECONDS]: SIGTERM the PID in run/NAME.pid, SIGKILL it after SECONDS, then end any of
# its children that are still ours. Nothing is looked up by process name.
stop_recorded() {
  local name=$1 limit=${2:-15} file="$WD/run/$1.pid" pid kids k i
  [ -f "$file" ] || return 0
  pid=$(cat "$file" 2>/dev/null)
  if ! ours "$pid"; then rm -f "$file"; return 0; fi
  kids=$(children "$pid")
  echo "[octavia] stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 $((limit * 5))); do ours "$pid" || break; sleep 0.2; done
  ours "$pid" && kill -KILL "$pid" 2>/dev/null
  for k in $kids; do
    if ours "$k"; then kill -TERM "$k" 2>/dev/null; sleep 0.5; ours "$k" && kill -KILL "$k" 2>/dev/null; fi
  done
  rm -f "$file"
}
