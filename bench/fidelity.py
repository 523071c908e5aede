#!/usr/bin/python3
"""Helpers of bench/fidelity.sh (standard library only).

  fidelity.py makespan JOURNAL                       the run's makespan in seconds: run_started -> run_finished
  fidelity.py predict PLAN_JSON SIMULATE_JSON        one prediction as JSON: expected, p10, p90 (seconds) and where
                                                     the expected figure came from
  fidelity.py table RESULTS_JSONL                    the table, its summary lines, and exit 1 when the goal is missed

The expected makespan is the plan's Monte Carlo estimate (its p50) when `mplan plan --format json` gives one, else
the simulation's mean: both come from the same behaviour model. The band is the simulation's p10-p90.
RESULTS_JSONL holds one line per predicted run: {"run", "actual", "calibrated": prediction, "defaults": prediction}.
The goal (issue 14): mean error <= MAX_ERROR (0.05) and at least MIN_INSIDE (8) runs inside the band, calibrated.
"""
import json
import os
import sqlite3
import sys
from datetime import datetime


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def makespan(journal):
    """Read from the journal itself (SQLite, read-only): the times of its run_started and run_finished events."""
    with sqlite3.connect("file:%s?mode=ro" % journal, uri=True) as db:
        times = dict(db.execute("SELECT kind, time FROM events WHERE kind IN ('run_started', 'run_finished')").fetchall())
    if "run_finished" not in times:
        raise SystemExit("%s: the run did not finish" % journal)
    return (parse_time(times["run_finished"]) - parse_time(times["run_started"])).total_seconds()


def predict(plan_json, simulate_json):
    plan = json.load(open(plan_json))
    summary = json.load(open(simulate_json))["makespan_seconds"]
    distribution = plan.get("distribution")
    if distribution:
        expected, source = distribution["makespan_seconds"]["p50"], "plan p50"
    else:
        expected, source = summary["mean"], "simulate mean"
    return {"expected": expected, "source": source, "guide": plan["estimate"]["expected_seconds"],
            "p10": summary["p10"], "p90": summary["p90"]}


def figures(prediction, actual):
    error = abs(prediction["expected"] - actual) / actual
    inside = prediction["p10"] <= actual <= prediction["p90"]
    return error, inside


def duration(seconds):
    return "%.1f s" % seconds if seconds < 600 else "%dm%02ds" % divmod(round(seconds), 60)


def table(results_path):
    rows = [json.loads(line) for line in open(results_path) if line.strip()]
    max_error = float(os.environ.get("MAX_ERROR", "0.05"))
    min_inside = int(os.environ.get("MIN_INSIDE", str(max(1, (8 * len(rows) + 9) // 10))))
    print("| run | actual | calibrated: expected | error | p10-p90 | inside | defaults: expected | error | p10-p90 | inside |")
    print("|---:|---:|---:|---:|---|:-:|---:|---:|---|:-:|")
    totals = {"calibrated": [0.0, 0], "defaults": [0.0, 0]}
    for row in rows:
        cells = ["%d" % row["run"], duration(row["actual"])]
        for model in ("calibrated", "defaults"):
            p = row[model]
            error, inside = figures(p, row["actual"])
            totals[model][0] += error
            totals[model][1] += inside
            cells += [duration(p["expected"]), "%.1f %%" % (100 * error), "%s-%s" % (duration(p["p10"]), duration(p["p90"])), "yes" if inside else "no"]
        print("| " + " | ".join(cells) + " |")
    n = len(rows)
    print()
    for model in ("calibrated", "defaults"):
        print("%s: mean error %.1f %%, inside p10-p90 in %d of %d runs (expected from: %s)"
              % (model, 100 * totals[model][0] / n, totals[model][1], n, rows[0][model]["source"]))
    print("the plan's guide arithmetic (ceil(N/W) x expected): %s" % duration(rows[0]["defaults"]["guide"]))
    mean_error, inside = totals["calibrated"][0] / n, totals["calibrated"][1]
    ok = mean_error <= max_error and inside >= min_inside
    print("goal (calibrated): mean error <= %.0f %% and inside the band in >= %d of %d: %s"
          % (100 * max_error, min_inside, n, "MET" if ok else "MISSED"))
    return 0 if ok else 1


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "makespan" and len(sys.argv) == 3:
        print("%.3f" % makespan(sys.argv[2]))
    elif command == "predict" and len(sys.argv) == 4:
        print(json.dumps(predict(sys.argv[2], sys.argv[3])))
    elif command == "table" and len(sys.argv) == 3:
        sys.exit(table(sys.argv[2]))
    else:
        raise SystemExit(__doc__)
