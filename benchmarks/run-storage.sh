#!/usr/bin/env bash
# Runs Brook's JMH benchmarks (storage first of all) and the disk references they are compared with
# (dd, and a plain pwrite+fdatasync loop) on the same file system, then prints markdown tables to
# paste into docs/benchmarks.md.
#
# Usage: benchmarks/run-storage.sh [extra JMH options...]
#   benchmarks/run-storage.sh                          the full run (a few minutes)
#   benchmarks/run-storage.sh -wi 1 -i 1 -w 1s -r 1s   a quick smoke run
#   BENCHMARKS=AppendBenchmark benchmarks/run-storage.sh -p batchKiB=256
#
# Environment:
#   BENCH_DIR   directory under which dd and the benchmarks write their temporary files
#               (default: ${TMPDIR:-/tmp}); the benchmarks get it as -Dbrook.bench.dir
#   BENCHMARKS  JMH regexp of the benchmarks to run, in one JMH invocation. Default: all of them, in
#               three phases with a pause between them (appends with fsync, appends without,
#               the rest), because a phase that writes many GB leaves the disk busy for seconds
#               after it ends and would slow the next phase's fsyncs (measured: 2.5x)
#   SETTLE      seconds to sync and pause between disk-heavy phases (default 15)
#   OUT         where env.txt, refs.txt, jmh-*.json, jmh.log and results.md go
#               (default: benchmarks/target/results/<date-time>)
#   DD_RUNS     runs of each disk reference, interleaved; the table shows median, min, max (default 3)
#   SKIP_BUILD=1  use the existing benchmarks/target/benchmarks.jar
#   SKIP_DD=1     run only JMH, no disk references
# Needs: java, mvn (unless SKIP_BUILD), dd, python3. Uses about 6 GiB in BENCH_DIR at peak.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}}"
BENCHMARKS="${BENCHMARKS:-}"
SETTLE="${SETTLE:-15}"
OUT="${OUT:-$ROOT/benchmarks/target/results/$(date +%Y%m%d-%H%M%S)}"
DD_RUNS="${DD_RUNS:-3}"
NEEDED_GIB=6

export LC_ALL=C

# Lets the disk drain what the previous phase wrote (or deleted: this file system may discard).
settle() {
    sync
    sleep "$SETTLE"
}

mkdir -p "$BENCH_DIR" "$OUT"
BENCH_DIR="$(cd "$BENCH_DIR" && pwd)"

avail_gib=$(df --output=avail -B1G "$BENCH_DIR" | tail -1 | tr -d ' ')
if (( avail_gib < NEEDED_GIB )); then
    echo "run-storage.sh: $BENCH_DIR has ${avail_gib} GiB free, the run needs about ${NEEDED_GIB} GiB; set BENCH_DIR" >&2
    exit 1
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building $JAR"
    (cd "$ROOT" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
    echo "kernel: $(uname -r)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "file system: $(findmnt -n -o SOURCE,FSTYPE,OPTIONS -T "$BENCH_DIR" 2>/dev/null || echo unknown) at $BENCH_DIR"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/env.txt"
cat "$OUT/env.txt"

# Disk references. Each line of refs.txt: name, bytes, seconds[, mean fdatasync µs per call].
: > "$OUT/refs.txt"
if [[ "${SKIP_DD:-0}" != 1 ]]; then
    DD_TMP="$(mktemp -d "$BENCH_DIR/brook-dd-XXXXXX")"
    trap 'rm -rf "$DD_TMP"' EXIT

    # Runs dd with the given operands, appends "name bytes seconds" to refs.txt.
    dd_ref() {
        local name="$1"
        shift
        local line
        line=$(dd if=/dev/zero "$@" 2>&1 | grep ' copied, ')
        # "1073741824 bytes (1.1 GB, 1.0 GiB) copied, 2.76691 s, 388 MB/s"
        awk -v n="$name" '{print n, $1, $(NF-3)}' <<< "$line" >> "$OUT/refs.txt"
        echo "   $name: $line"
    }

    # Brook's own syscall pattern without Brook: pwrite then fdatasync, in a loop.
    cat > "$DD_TMP/fsync_loop.py" <<'PY'
import os, sys, time
name, path, bs, count, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
fd = os.open(path, os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if mode == "grow" else 0), 0o644)
buf = os.urandom(bs)
synced = 0.0
start = time.perf_counter()
for i in range(count):
    os.pwrite(fd, buf, i * bs)
    t = time.perf_counter()
    os.fdatasync(fd)
    synced += time.perf_counter() - t
elapsed = time.perf_counter() - start
os.close(fd)
print(name, bs * count, f"{elapsed:.6f}", f"{synced / count * 1e6:.1f}")
PY
    loop_ref() {
        local line
        line=$(python3 "$DD_TMP/fsync_loop.py" "$@")
        echo "$line" >> "$OUT/refs.txt"
        echo "   $line"
    }

    echo "== disk references in $DD_TMP ($DD_RUNS runs each, interleaved)"
    for ((run = 1; run <= DD_RUNS; run++)); do
        settle
        # Bulk write of 2 GiB, one fdatasync at the end: the reference named by the throughput goal.
        dd_ref fdatasync-1M of="$DD_TMP/bulk" bs=1M count=2048 conv=fdatasync
        # Same 1 GiB as 256 KiB writes, each synced (O_DSYNC) and growing the file.
        dd_ref dsync-256K of="$DD_TMP/grow" bs=256K count=4096 oflag=dsync
        rm -f "$DD_TMP/grow"
        # The same, overwriting blocks that were already written (the bulk file), so that no
        # sync has to commit a new file size or new extents: shows the cost of growing the file.
        dd_ref dsync-256K-overwrite of="$DD_TMP/bulk" bs=256K count=4096 oflag=dsync conv=notrunc
        # pwrite + fdatasync per 256 KiB, exactly what an append with fsync does, growing a
        # file and then overwriting written blocks.
        loop_ref fdatasync-loop-256K "$DD_TMP/grow" 262144 4096 grow
        rm -f "$DD_TMP/grow"
        loop_ref fdatasync-loop-256K-overwrite "$DD_TMP/bulk" 262144 4096 overwrite
        rm -f "$DD_TMP/bulk"
        # 16 KiB synced writes, growing the file: references for 16 KiB batches.
        dd_ref dsync-16K of="$DD_TMP/grow" bs=16K count=8192 oflag=dsync
        rm -f "$DD_TMP/grow"
        loop_ref fdatasync-loop-16K "$DD_TMP/grow" 16384 8192 grow
        rm -f "$DD_TMP/grow"
    done
fi

# Runs one JMH invocation: phase name, then JMH arguments. Results go to jmh-<phase>.json.
run_jmh() {
    local phase="$1"
    shift
    echo "== JMH $phase: $*" | tee -a "$OUT/jmh.log"
    java -jar "$JAR" "$@" -rf json -rff "$OUT/jmh-$phase.json" \
        -jvmArgsAppend "-Dbrook.bench.dir=$BENCH_DIR" 2>&1 | tee -a "$OUT/jmh.log"
}

: > "$OUT/jmh.log"
if [[ -n "$BENCHMARKS" ]]; then
    settle
    run_jmh 1-selected "$BENCHMARKS" "$@"
else
    settle
    run_jmh 1-append-fsync AppendBenchmark -p fsync=true "$@"
    settle
    run_jmh 2-append-nofsync AppendBenchmark -p fsync=false "$@"
    settle
    run_jmh 3-other io.brook.benchmarks -e AppendBenchmark "$@"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/env.txt"

python3 - "$OUT" > "$OUT/results.md" <<'PY'
import json, math, os, statistics, sys

out = sys.argv[1]
env = open(os.path.join(out, "env.txt")).read().strip().splitlines()
results = []
for name in sorted(os.listdir(out)):
    if name.startswith("jmh-") and name.endswith(".json"):
        with open(os.path.join(out, name)) as f:
            results += json.load(f)

refs, sync_us = {}, {}
for line in open(os.path.join(out, "refs.txt")):
    fields = line.split()
    refs.setdefault(fields[0], []).append(int(fields[1]) / float(fields[2]) / 1e6)
    if len(fields) > 3:
        sync_us.setdefault(fields[0], []).append(float(fields[3]))

REF_COMMANDS = {
    "fdatasync-1M": "`dd bs=1M count=2048 conv=fdatasync`: 2 GiB, one sync at the end",
    "dsync-256K": "`dd bs=256K count=4096 oflag=dsync`: sync per 256 KiB write, file grows",
    "dsync-256K-overwrite": "`dd bs=256K count=4096 oflag=dsync conv=notrunc` over written blocks",
    "fdatasync-loop-256K": "pwrite + fdatasync per 256 KiB, 1 GiB, file grows",
    "fdatasync-loop-256K-overwrite": "pwrite + fdatasync per 256 KiB over written blocks",
    "dsync-16K": "`dd bs=16K count=8192 oflag=dsync`: sync per 16 KiB write, file grows",
    "fdatasync-loop-16K": "pwrite + fdatasync per 16 KiB, 128 MiB, file grows",
}

def num(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"

def pm(score, err):
    return num(score) if err is None or math.isnan(err) else f"{num(score)} ± {num(err)}"

def fnum(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")

print("Environment:")
for line in env:
    print(f"- {line}")
print()
print("| Benchmark | Params | Score | MB/s |")
print("|---|---|---|---|")
rows = {}
for r in results:
    name = r["benchmark"].replace("io.brook.benchmarks.", "")
    params = r.get("params", {})
    p = ", ".join(f"{k}={v}" for k, v in params.items())
    m = r["primaryMetric"]
    score = pm(fnum(m["score"]), fnum(m["scoreError"])) + " " + m["scoreUnit"]
    mbs = ""
    b = r.get("secondaryMetrics", {}).get("bytes")
    if b:
        mbs = pm(fnum(b["score"]) / 1e6, fnum(b["scoreError"]) / 1e6)
        rows[(name, tuple(sorted(params.items())))] = (fnum(m["score"]), fnum(b["score"]))
    print(f"| {name} | {p} | {score} | {mbs} |")

def median(name):
    return statistics.median(refs[name]) if refs.get(name) else None

if refs:
    print()
    print("| Disk reference (same file system) | MB/s median (min–max) | fdatasync µs/call |")
    print("|---|---|---|")
    for name, values in refs.items():
        lat = num(statistics.median(sync_us[name])) if name in sync_us else ""
        print(f"| {REF_COMMANDS.get(name, name)} | {num(statistics.median(values))} "
              f"({num(min(values))}–{num(max(values))}, {len(values)} runs) | {lat} |")

def append(kib, fsync):
    for (name, params), v in rows.items():
        d = dict(params)
        if name == "AppendBenchmark.append" and d.get("batchKiB") == str(kib) and d.get("fsync") == fsync:
            return v
    return None

print()
for kib, refs_for in ((256, ("fdatasync-1M", "dsync-256K", "fdatasync-loop-256K")), (16, ("dsync-16K", "fdatasync-loop-16K"))):
    a = append(kib, "true")
    if not a:
        continue
    mbs = a[1] / 1e6
    for ref in refs_for:
        m = median(ref)
        if m:
            goal = ""
            if ref == "fdatasync-1M":
                goal = "; goal ≥ 80 %: " + ("met" if mbs >= 0.8 * m else "not met")
            print(f"- Append with fsync per {kib} KiB batch: {num(mbs)} MB/s = {100 * mbs / m:.0f} % of "
                  f"{ref} ({num(m)} MB/s){goal}")
a16, a256 = append(16, "true"), append(256, "true")
if a16 and a256:
    # time per append+fsync = fixed + bytes / bandwidth, fitted through the two batch sizes
    t16, t256 = 1 / a16[0], 1 / a256[0]
    b16, b256 = a16[1] / a16[0], a256[1] / a256[0]
    slope = (t256 - t16) / (b256 - b16)
    fixed = t16 - slope * b16
    if slope > 0 and fixed > 0:
        print(f"- Append+fsync cost fitted through the 16 and 256 KiB runs: {fixed * 1e6:.0f} µs per call + "
              f"bytes at {1 / slope / 1e6:,.0f} MB/s; the fixed part is "
              f"{100 * fixed / t256:.0f} % of a 256 KiB append ({t256 * 1e6:.0f} µs)")
PY

echo
echo "== results ($OUT/results.md)"
cat "$OUT/results.md"
