#!/usr/bin/env python3
"""Per-nemesis table of a verify campaign, for docs/reliability.md.

Usage: jepsen-style-tests/scripts/reliability-table.py RESULTS_ROOT

Reads every summary.json under RESULTS_ROOT (one per run, as `brook verify --runs N --results
RESULTS_ROOT` writes them) and prints, per nemesis: the runs it was injected in, how many times,
the anomalies the checkers found in those runs (a run's anomalies count for every nemesis of the
run), and recovery times after the heal: until the first acknowledged write to any partition
(from the summary's faults), until every partition has acknowledged a write again (from the
history: the first ok send of each partition after the heal, the latest of them), and until every
replica is in sync again (from replicated_after_heal_ms).
"""
import gzip
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


def ok_sends(history):
    """(time ms, partition) of every acknowledged send, in history order."""
    oks = []
    opener = gzip.open if str(history).endswith(".gz") else open
    with opener(history, "rt", encoding="utf-8") as f:
        for line in f:
            if '"f":"send"' in line and '"type":"ok"' in line:
                op = json.loads(line)
                oks.append((op["time"] / 1e6, op["partition"]))
    return oks


def longest_gaps(oks, windows):
    """Per (start, end) window: the longest time one partition went without an ok send inside it."""
    out = []
    partitions = {p for _, p in oks}
    for start, end in windows:
        last = {p: start for p in partitions}
        gap = 0.0
        for t, p in oks:
            if start <= t <= end:
                gap = max(gap, t - last[p])
                last[p] = t
        for p in partitions:
            gap = max(gap, end - last[p])
        out.append(gap)
    return out


def all_partitions_back(oks, ends_ms):
    """Per heal time (ms): ms until every partition had an ok send at or after it, or None."""
    partitions = {p for _, p in oks}
    out = []
    for end in ends_ms:
        first = {}
        for t, p in oks:
            if t >= end and p not in first:
                first[p] = t
                if len(first) == len(partitions):
                    break
        out.append(max(first.values()) - end if len(first) == len(partitions) and partitions else None)
    return out


def main(root):
    summaries = sorted(pathlib.Path(root).rglob("summary.json"))
    if not summaries:
        sys.exit(f"no summary.json under {root}")
    runs = defaultdict(set)
    count = defaultdict(int)
    anomalies = defaultdict(int)
    back = defaultdict(list)
    length = defaultdict(list)
    every = defaultdict(list)
    gap = defaultdict(list)
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
        history = path.parent / "history.jsonl.gz"
        if not history.exists():
            history = path.parent / "history.jsonl"  # runs from before the history was compressed
        oks = ok_sends(history) if history.exists() else []
        allback = all_partitions_back(oks, [f["end-ms"] for f in s["faults"]])
        gaps = longest_gaps(oks, [(f["start-ms"], f["end-ms"]) for f in s["faults"]])
        for i, f in enumerate(s["faults"]):
            n = f["name"]
            runs[n].add(path.parent)
            length[n].append(f["end-ms"] - f["start-ms"])
            count[n] += 1
            if f.get("recovery-ms") is None:
                not_back[n] += 1
            else:
                back[n].append(f["recovery-ms"])
            if oks:
                gap[n].append(gaps[i])
            if i < len(allback) and allback[i] is not None:
                every[n].append(allback[i])
            if i < len(rep) and rep[i] >= 0:
                replicated[n].append(rep[i])
        for n in {f["name"] for f in s["faults"]}:
            anomalies[n] += run_anomalies
    print(f"{len(summaries)} runs, {total_anomalies} anomalies, {len(invalid_runs)} invalid runs; "
          f"sends ok {sends['ok']:,}, fail {sends['fail']:,}, info {sends['info']:,}")
    print()
    print("| nemesis | runs | faults injected | anomalies | fault length, ms: median | "
          "longest time one partition had no acknowledged write during the fault, ms: median / p90 / max | "
          "first write acknowledged after heal, ms: median / p90 / max | "
          "every partition writable after heal, ms: median / p90 / max | "
          "all replicas in sync after heal, ms: median / p90 / max |")
    print("|---|---:|---:|---:|---:|---|---|---|---|")
    for n in sorted(count):
        b, e, r, g = back[n], every[n], replicated[n], gap[n]
        nb = f" ({not_back[n]} never)" if not_back[n] else ""
        print(f"| {n} | {len(runs[n])} | {count[n]} | {anomalies[n]} | {fmt(statistics.median(length[n]))} | "
              f"{fmt(statistics.median(g) if g else None)} / {fmt(pct(g, 0.9))} / {fmt(max(g) if g else None)} | "
              f"{fmt(statistics.median(b) if b else None)} / {fmt(pct(b, 0.9))} / {fmt(max(b) if b else None)}{nb} | "
              f"{fmt(statistics.median(e) if e else None)} / {fmt(pct(e, 0.9))} / {fmt(max(e) if e else None)} | "
              f"{fmt(statistics.median(r) if r else None)} / {fmt(pct(r, 0.9))} / {fmt(max(r) if r else None)} |")
    for p in invalid_runs:
        print(f"\ninvalid: {p}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
