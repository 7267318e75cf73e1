#!/usr/bin/env python3
"""Per-nemesis table of a verify campaign, for docs/reliability.md.

Usage: jepsen-style-tests/scripts/reliability-table.py RESULTS_ROOT

Reads every summary.json under RESULTS_ROOT (one per run, as `brook verify --runs N --results
RESULTS_ROOT` writes them) and prints, per nemesis: the runs it was injected in, how many times,
the anomalies the checkers found in those runs (a run's anomalies count for every nemesis of the
run), and two recovery times after the heal: the first acknowledged write ("writes back", from the
summary's faults) and every replica in sync again ("replicated", from replicated_after_heal_ms).
"""
import json
import pathlib
import statistics
import sys
from collections import defaultdict


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else None


def fmt(x):
    return "-" if x is None else f"{x:,.0f}"


def main(root):
    summaries = sorted(pathlib.Path(root).rglob("summary.json"))
    if not summaries:
        sys.exit(f"no summary.json under {root}")
    runs = defaultdict(set)
    count = defaultdict(int)
    anomalies = defaultdict(int)
    back = defaultdict(list)
    replicated = defaultdict(list)
    not_back = defaultdict(int)
    total_anomalies = 0
    invalid_runs = []
    sends = defaultdict(int)
    for path in summaries:
        s = json.loads(path.read_text())
        run_anomalies = sum(c["anomalies"] for c in s["checkers"])
        total_anomalies += run_anomalies
        if not s["valid"]:
            invalid_runs.append(str(path.parent))
        for k, v in s["totals"]["sends"].items():
            sends[k] += v
        rep = s["parameters"].get("replicated_after_heal_ms", [])
        for i, f in enumerate(s["faults"]):
            n = f["name"]
            runs[n].add(path.parent)
            count[n] += 1
            if f.get("recovery-ms") is None:
                not_back[n] += 1
            else:
                back[n].append(f["recovery-ms"])
            if i < len(rep) and rep[i] >= 0:
                replicated[n].append(rep[i])
        for n in {f["name"] for f in s["faults"]}:
            anomalies[n] += run_anomalies
    print(f"{len(summaries)} runs, {total_anomalies} anomalies, {len(invalid_runs)} invalid runs; "
          f"sends ok {sends['ok']:,}, fail {sends['fail']:,}, info {sends['info']:,}")
    print()
    print("| nemesis | runs | faults injected | anomalies | writes back after heal, ms: median / p90 / max | "
          "all replicas in sync after heal, ms: median / p90 / max |")
    print("|---|---:|---:|---:|---|---|")
    for n in sorted(count):
        b, r = back[n], replicated[n]
        nb = f" ({not_back[n]} never)" if not_back[n] else ""
        print(f"| {n} | {len(runs[n])} | {count[n]} | {anomalies[n]} | "
              f"{fmt(statistics.median(b) if b else None)} / {fmt(pct(b, 0.9))} / {fmt(max(b) if b else None)}{nb} | "
              f"{fmt(statistics.median(r) if r else None)} / {fmt(pct(r, 0.9))} / {fmt(max(r) if r else None)} |")
    for p in invalid_runs:
        print(f"\ninvalid: {p}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
