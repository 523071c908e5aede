#!/usr/bin/python3
"""Helpers of bench/apply-octavia.sh (standard library only).

  apply_octavia.py seed URL PROJECT N          make sure PROJECT has N ACTIVE load balancers (creates the missing ones)
  apply_octavia.py delete URL PROJECT          delete PROJECT's load balancers and wait until they are gone
  apply_octavia.py analyze EVENTS TIME W       one mplan apply run: makespan, ideal, ratio, failovers/min, CPU per step
  apply_octavia.py compare MPLAN_JSON OCTBENCH_OUTPUT   mplan's failovers/min as a percentage of the comparison client's

analyze reads the JSON Lines events of `mplan apply --format json` (other lines are skipped) and the output of
GNU `/usr/bin/time -v`. The ideal is the list schedule of the latencies the run measured (step_started ->
step_finished per LB), taken in the order the run started them, over W workers: each next LB goes to the worker
that is free first. It is what a dispatcher with no overhead would have reached with the same Octavia answers.
"""
import heapq
import json
import re
import sys
import time
import urllib.request

SUBNET = "11111111-2222-3333-4444-555555555555"


def request(url, method, path, project, body=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json", "X-Project-Id": project}
    with urllib.request.urlopen(urllib.request.Request(url + path, data, headers, method=method), timeout=60) as response:
        text = response.read()
        return json.loads(text) if text else None


def project_lbs(url, project):
    lbs, marker = [], None
    while True:
        query = "?project_id=%s&limit=1000%s" % (project, "&marker=" + marker if marker else "")
        page = request(url, "GET", "/v2/lbaas/loadbalancers" + query, project)["loadbalancers"]
        lbs += page
        if len(page) < 1000:
            return lbs
        marker = page[-1]["id"]


def seed(url, project, count):
    lbs = project_lbs(url, project)
    for i in range(len(lbs), count):
        request(url, "POST", "/v2/lbaas/loadbalancers", project,
                {"loadbalancer": {"name": "apply-bench-%d" % (i + 1), "vip_subnet_id": SUBNET, "project_id": project}})
    deadline = time.time() + 30 + 3 * count
    while True:
        lbs = project_lbs(url, project)
        states = [lb["provisioning_status"] for lb in lbs]
        if all(s == "ACTIVE" for s in states) and len(lbs) >= count:
            print("%d ACTIVE load balancers in project %s" % (len(lbs), project))
            return
        if any(s == "ERROR" for s in states):
            raise SystemExit("a load balancer of %s is in ERROR; delete the project's LBs and run again" % project)
        if time.time() > deadline:
            raise SystemExit("the load balancers of %s did not all become ACTIVE: %s" % (project, sorted(set(states))))
        time.sleep(2)


def delete(url, project):
    """Other tests read the whole cloud (noauth is admin): a shared instance should not keep a benchmark's LBs."""
    for lb in project_lbs(url, project):
        if lb["provisioning_status"] != "PENDING_DELETE":
            request(url, "DELETE", "/v2/lbaas/loadbalancers/%s?cascade=true" % lb["id"], project)
    # Octavia deletes in its worker, one LB at a time: on a loaded machine 60 LBs can take minutes.
    deadline = time.time() + 120 + 3 * len(project_lbs(url, project))
    while project_lbs(url, project):
        if time.time() > deadline:
            raise SystemExit("the load balancers of %s were not all deleted in time" % project)
        time.sleep(2)
    print("deleted the load balancers of project %s" % project)


def list_schedule(latencies, workers):
    free = [0.0] * workers
    for latency in latencies:
        heapq.heapreplace(free, free[0] + latency)
    return max(free)


def analyze(events_path, time_path, workers):
    events = []
    with open(events_path) as f:
        for line in f:
            if line.startswith("{"):
                events.append(json.loads(line))
    started, finished, order = {}, {}, []
    for e in events:
        if e["event"] == "step_started" and e["step"] not in started:
            started[e["step"]] = e["t"]
            order.append(e["step"])
        elif e["event"] == "step_finished":
            finished[e["step"]] = (e["t"], e["state"])
    run_start = next(e["t"] for e in events if e["event"] == "run_started")
    run_end = next(e["t"] for e in events if e["event"] == "run_finished")
    failed = [s for s, (_, state) in finished.items() if state != "succeeded"]
    if failed or len(finished) != len(order):
        raise SystemExit("the run did not succeed for every LB: %d started, %d finished, failed: %s" % (len(order), len(finished), failed[:5]))
    latencies = [finished[s][0] - started[s] for s in order]
    makespan = run_end - run_start
    ideal = list_schedule(latencies, workers)
    with open(time_path) as f:
        text = f.read()
    cpu = sum(float(re.search(r"%s time \(seconds\): ([0-9.]+)" % kind, text).group(1)) for kind in ("User", "System"))
    peak_mb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    steps = len(order)
    latencies.sort()
    result = {
        "workers": workers, "steps": steps, "makespan_s": round(makespan, 2), "ideal_s": round(ideal, 2),
        "ratio": round(makespan / ideal, 4), "failovers_per_min": round(steps * 60 / makespan, 1),
        "cpu_s": round(cpu, 2), "cpu_ms_per_step": round(cpu * 1000 / steps, 2), "peak_mb": round(peak_mb),
        "latency_p50_s": round(latencies[len(latencies) // 2], 2), "latency_p90_s": round(latencies[int(len(latencies) * 0.9)], 2),
    }
    print(json.dumps(result))


def compare(mplan_json, octbench_output):
    mplan = json.loads(open(mplan_json).read())
    with open(octbench_output) as f:
        text = f.read()
    match = re.search(r"-> ([0-9.]+) failovers/min", text)
    if not match:
        raise SystemExit("no failovers/min in the comparison client's output: " + text)
    reference = float(match.group(1))
    print(json.dumps({"mplan_failovers_per_min": mplan["failovers_per_min"], "octbench_failovers_per_min": reference,
                      "percent": round(100 * mplan["failovers_per_min"] / reference, 1)}))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "seed" and len(sys.argv) == 5:
        seed(sys.argv[2].rstrip("/"), sys.argv[3], int(sys.argv[4]))
    elif command == "delete" and len(sys.argv) == 4:
        delete(sys.argv[2].rstrip("/"), sys.argv[3])
    elif command == "analyze" and len(sys.argv) == 5:
        analyze(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif command == "compare" and len(sys.argv) == 4:
        compare(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
