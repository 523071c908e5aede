#!/usr/bin/python3
"""bench/kill-soak.sh's driver (standard library only, plus the mariadb client for Octavia's database).

  kill_soak.py MPLAN URL OCTAVIA_DIR PROJECT OUT KILLS SEED MIN_S MAX_S

Runs `MPLAN apply OUT/plan.yaml` and SIGKILLs it after a seeded random MIN_S..MAX_S seconds (the first run once it
printed its first event, so its journal exists), then `MPLAN apply --resume`, killed the same way, KILLS times in all;
then a last resume runs to its end. After every kill it compares the events the process printed (--format json) with
the journal: a printed event that is missing or different there was acknowledged and lost. At the end it counts, in
Octavia's own database, the amphora rows each load balancer gained (every failover leaves one more, the replaced
amphora DELETED): more than one is a load balancer failed over more than once; none, or a step that did not end, is a
load balancer left unhandled. Prints one JSON object with the figures and the whole run's wall time.
"""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from urllib.parse import unquote, urlsplit


def amphora_rows(octavia_dir, ids):
    """Amphora rows (any status) per load balancer, from Octavia's MariaDB ([database] connection of its octavia.conf)."""
    conf = open(os.path.join(octavia_dir, "etc", "octavia.conf"), encoding="utf-8").read().splitlines()
    line = next(l.strip() for l in conf if l.strip().startswith("connection = mysql"))
    uri = urlsplit(line.split("=", 1)[1].strip().replace("mysql+pymysql://", "mysql://"))
    socket = dict(p.split("=", 1) for p in uri.query.split("&"))["unix_socket"]
    listed = ",".join("'%s'" % i for i in ids)
    sql = "SELECT load_balancer_id, COUNT(*) FROM amphora WHERE load_balancer_id IN (%s) GROUP BY load_balancer_id" % listed
    out = subprocess.run(["mariadb", "--socket=" + socket, "--user=" + unquote(uri.username), "--batch", "--skip-column-names",
                          uri.path.strip("/"), "-e", sql], env=dict(os.environ, MYSQL_PWD=unquote(uri.password)),
                         check=True, capture_output=True, text=True).stdout
    rows = {i: 0 for i in ids}
    for row in out.splitlines():
        lb, count = row.split("\t")
        rows[lb] = int(count)
    return rows


def journal_events(path):
    with sqlite3.connect("file:%s?mode=ro" % path, uri=True) as db:
        return dict(db.execute("SELECT seq, line FROM events ORDER BY seq").fetchall())


def is_event(line):
    return line.startswith('{"seq":')


def printed_events(lines, ended_with_newline):
    """The event lines printed in full; a last line cut off by the kill was never acknowledged."""
    events = [l for l in lines if is_event(l)]
    if events and not ended_with_newline:
        try:
            json.loads(events[-1])
        except ValueError:
            events.pop()
    return events


def run_round(args, env, first, delay, out):
    """One process: started, killed after DELAY s (None: left to finish). Returns (killed, printed event lines, seconds)."""
    with open(out + ".stderr", "ab") as stderr:
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=stderr, env=env)
    started = time.monotonic()
    lines, raw = [], bytearray()

    def read():
        while True:
            chunk = process.stdout.read1(65536)
            if not chunk:
                return
            raw.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if first:
        while process.poll() is None and b'{"seq":' not in raw:
            time.sleep(0.01)
    killed = False
    if delay is not None:
        deadline = time.monotonic() + delay
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed = True
    process.wait()
    reader.join()
    text = raw.decode("utf-8", errors="replace")
    lines = text.split("\n")
    ended_with_newline = text.endswith("\n")
    if ended_with_newline:
        lines.pop()
    return killed, printed_events(lines, ended_with_newline), process.returncode, time.monotonic() - started


def main():
    mplan, url, octavia_dir, project, out, kills, seed, low, high = sys.argv[1:10]
    kills, seed, low, high = int(kills), int(seed), float(low), float(high)
    env = dict(os.environ, OS_AUTH_TYPE="none", OS_ENDPOINT=url)
    for name in ("OS_CLOUD", "OS_CLIENT_CONFIG_FILE", "CI"):
        env.pop(name, None)
    journal = os.path.join(out, "soak.journal")
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(journal + suffix):
            os.remove(journal + suffix)
    sys.dont_write_bytecode = True  # no __pycache__ beside the bench scripts
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import apply_octavia
    ids = sorted(lb["id"] for lb in apply_octavia.project_lbs(url, project))
    before = amphora_rows(octavia_dir, ids)

    rng = random.Random(seed)
    lost, rounds, killed_count = [], [], 0
    clock = time.monotonic()
    apply_args = [mplan, "apply", os.path.join(out, "plan.yaml"), "--auto-approve", "--ignore-window", "--journal", journal, "--format", "json"]
    resume_args = [mplan, "apply", "--resume", journal, "--ignore-window", "--format", "json"]
    while killed_count < kills:
        delay = rng.uniform(low, high)
        first = not rounds
        killed, printed, code, seconds = run_round(apply_args if first else resume_args, env, first, delay, os.path.join(out, "soak"))
        committed = journal_events(journal)
        missing = [l for l in printed if committed.get(json.loads(l)["seq"]) != l]
        lost += missing
        rounds.append({"round": len(rounds), "killed": killed, "after_s": round(seconds, 2), "printed": len(printed), "lost": len(missing), "exit": code})
        print("round %d: %s after %.2f s, %d events printed, %d lost" % (len(rounds) - 1, "killed" if killed else "ended (exit %d)" % code,
                                                                        seconds, len(printed), len(missing)), file=sys.stderr)
        if not killed:
            break  # the run ended by itself before the kill: nothing left to kill; "kills" says how many landed
        killed_count += 1
    _, printed, code, seconds = run_round(resume_args, env, False, None, os.path.join(out, "soak"))
    committed = journal_events(journal)
    lost += [l for l in printed if committed.get(json.loads(l)["seq"]) != l]
    whole = time.monotonic() - clock

    sequences = sorted(committed)
    gaps = len(set(range(1, sequences[-1] + 1)) - set(sequences)) if sequences else 0
    after = amphora_rows(octavia_dir, ids)
    failovers = {i: after[i] - before[i] for i in ids}
    show = json.loads(subprocess.run([mplan, "show", journal, "--format", "json"], env=env, check=True, capture_output=True, text=True).stdout)
    states = {s["target"]: s["state"] for s in show["steps"]}
    ended = {"succeeded", "failed", "cancelled"}
    unhandled = sorted(i for i in ids if states.get(i) not in ended or failovers[i] == 0)
    result = {
        "load_balancers": len(ids),
        "kills": killed_count,
        "rounds": len(rounds) + 1,
        "journal_entries_lost": len(lost) + gaps,
        "failed_over_more_than_once": sum(1 for n in failovers.values() if n > 1),
        "left_unhandled": len(unhandled),
        "failovers_total": sum(failovers.values()),
        "states": {s: sum(1 for v in states.values() if v == s) for s in sorted(set(states.values()))},
        "last_resume_exit": code,
        "last_resume_s": round(seconds, 1),
        "whole_run_s": round(whole, 1),
        "events": len(committed),
        "steps_resumed": sum(1 for n in count_starts(committed).values() if n > 1),
    }
    with open(os.path.join(out, "rounds.json"), "w", encoding="utf-8") as f:
        json.dump(rounds, f, indent=1)
    if unhandled:
        result["unhandled_ids"] = unhandled[:10]
    print(json.dumps(result))
    return 0 if result["journal_entries_lost"] == 0 and result["failed_over_more_than_once"] == 0 and not unhandled else 1


def count_starts(committed):
    starts = {}
    for line in committed.values():
        e = json.loads(line)
        if e.get("event") == "step_started":
            starts[e.get("step")] = starts.get(e.get("step"), 0) + 1
    return starts


if __name__ == "__main__":
    sys.exit(main())
