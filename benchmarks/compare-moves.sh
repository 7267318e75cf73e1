#!/usr/bin/env bash
# Operating a growing cluster (issue 16): Brook against Apache Kafka 4.4 on this machine, 3 brokers
# each. Each round starts fresh clusters and runs io.brook.benchmarks.move.MoveBench (see its javadoc):
#   move     a partition of BIG_MIB MiB (1 partition, RF 2) moves its first replica to the third
#            broker, unthrottled and throttled at THROTTLE bytes/s (the order alternates by round),
#            timed until done, with the produce latency (p50/p99/max, acks=all) of a topic of
#            LOAD_PARTITIONS partitions (RF LOAD_RF) under LOAD_RATE records/s of 100 B, BASELINE_S
#            before each move and during it;
#   rolling  brokers 1, 2, 3 restart one at a time (SIGTERM, wait for exit, same command line again,
#            wait until every partition is fully replicated, PAUSE_S) under RATE records/s of 100 B,
#            acks=all, on PARTITIONS partitions RF 3; the longest time without an acknowledged record
#            per partition from the first SIGTERM to the end, and records acknowledged / failed.
# Systems alternate (the order reverses every round); each mode gets its own fresh clusters.
#
#   benchmarks/compare-moves.sh                    # both systems, both modes, ROUNDS rounds
#   MODES=rolling SYSTEMS=kafka ROUNDS=1 benchmarks/compare-moves.sh
#   benchmarks/compare-moves.sh summary FILE.tsv    # the tables again from a results file
#
# Both sides: brokers get BROKER_HEAP and the G1 flags of Kafka's scripts (JVM_PERF); the benchmark
# JVM gets CLIENT_JVM; stock Kafka server.properties (from ../shared/kafka-peer/run.sh start-cluster /
# stop, KAFKA_EXTRA_PROPS added), Brook's defaults (`brook cluster up`, BROOK_EXTRA_SETS added).
# Results: benchmarks/results/moves-STAMP.tsv (workload, round, metric, value) and .log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER=${PEER:-$ROOT/../shared/kafka-peer/run.sh}
ROUNDS=${ROUNDS:-2}
SYSTEMS=${SYSTEMS:-brook kafka}
MODES=${MODES:-move rolling}
BIG_MIB=${BIG_MIB:-1024} THROTTLE=${THROTTLE:-52428800} LOAD_RATE=${LOAD_RATE:-5000} LOAD_PARTITIONS=${LOAD_PARTITIONS:-6} LOAD_RF=${LOAD_RF:-3}
BASELINE_S=${BASELINE_S:-20} WARMUP_S=${WARMUP_S:-15}
RATE=${RATE:-20000} PARTITIONS=${PARTITIONS:-6} PAUSE_S=${PAUSE_S:-10} TAIL_S=${TAIL_S:-10}
BROKER_HEAP=${BROKER_HEAP:--Xms1g -Xmx1g}
JVM_PERF=${JVM_PERF:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
CLIENT_JVM=${CLIENT_JVM:--Xms512m -Xmx512m $JVM_PERF}
KAFKA_EXTRA_PROPS=${KAFKA_EXTRA_PROPS:-}   # extra server.properties lines
BROOK_EXTRA_SETS=${BROOK_EXTRA_SETS:-}     # more `--set key=value` words for the brokers
BROOK_BASE_PORT=${BROOK_BASE_PORT:-19501}  # Kafka's run.sh takes 19092-19094 and 19192-19194
BUILD=${BUILD:-1}                          # 1: build cli + benchmarks (offline) first
WORK=${WORK:-/tmp/brook-moves}
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${OUT:-$ROOT/benchmarks/results/moves-$STAMP.tsv}
LOG=${OUT%.tsv}.log
JAR=$ROOT/benchmarks/target/benchmarks.jar
BROOK="$ROOT/brook"
mkdir -p "$WORK" "$(dirname "$OUT")"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$LOG" >&2; }

summary() { # results.tsv
  python3 - "$1" <<'PY'
import sys, statistics, collections
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
v = collections.defaultdict(list)
for w, r, m, x in rows:
    if x.lower() != 'nan':
        v[(w, m)].append(float(x))
med = lambda k: statistics.median(v[k]) if k in v else None
rng = lambda k: "" if k not in v or len(v[k]) < 2 else f" ({min(v[k]):,.1f}–{max(v[k]):,.1f})"
systems = [s for s in ("brook", "kafka") if any(w.startswith(s + "_") for w, _ in v)]
fmt = lambda x, d=1: "–" if x is None else f"{x:,.{d}f}"
cell = lambda s, w, m, d=1: fmt(med((f"{s}_{w}", m)), d) + rng((f"{s}_{w}", m))
if any(w.endswith("_unthrottled") or w.endswith("_throttled") for w, _ in v):
    print("| move | metric | " + " | ".join(systems) + " |")
    print("|---|---|" + "---:|" * len(systems))
    for w in ("unthrottled", "throttled"):
        for m, d in (("move_s", 1), ("copy_MiB_per_s", 1), ("completed", 0), ("before_p50_ms", 1), ("before_p99_ms", 1),
                     ("during_p50_ms", 1), ("during_p99_ms", 1), ("during_max_ms", 1), ("during_failed", 0)):
            print(f"| {w} | {m} | " + " | ".join(cell(s, w, m, d) for s in systems) + " |")
    for m in ("fill_s", "fill_MiB_per_s", "fill_failed"):
        print(f"| (fill, untimed) | {m} | " + " | ".join(cell(s, "fill", m) for s in systems) + " |")
    print()
if any(w.endswith("_rolling") for w, _ in v):
    print("| rolling restart | metric | " + " | ".join(systems) + " |")
    print("|---|---|" + "---:|" * len(systems))
    ps = sorted({m for (w, m) in v if w.endswith("_rolling") and m.startswith("stall_ms_p")}, key=lambda m: int(m[10:]))
    for m, d in [("max_stall_ms", 0), ("median_stall_ms", 0)] + [(p, 0) for p in ps] + [
            ("acked_per_s", 0), ("acked", 0), ("failed", 0), ("p99_ms", 1), ("p999_ms", 1), ("warmup_p99_ms", 1),
            ("stop_s_broker1", 1), ("insync_s_broker1", 1), ("stop_s_broker2", 1), ("insync_s_broker2", 1),
            ("stop_s_broker3", 1), ("insync_s_broker3", 1)]:
        print(f"| rolling | {m} | " + " | ".join(cell(s, "rolling", m, d) for s in systems) + " |")
    print()
print("rounds per system: " + ", ".join(f"{s}: {len({r for w, r, m, x in rows if w.startswith(s + '_')})}" for s in systems)
      + "; each value is the median over rounds, (min–max) where there are several")
PY
}

# ---------------------------------------------------------------- Kafka (KRaft, 3 nodes, via run.sh)
kafka_env() { env WORK="$WORK/kafka-work" DATA="$WORK/kafka-data" BROKER_HEAP="$BROKER_HEAP" JVM_PERF="$JVM_PERF" EXTRA_BROKER_PROPS="$KAFKA_EXTRA_PROPS" "$@"; }
kafka_start() { kafka_env bash "$PEER" start-cluster >>"$LOG" 2>&1; }
kafka_stop() { kafka_env bash "$PEER" stop >>"$LOG" 2>&1 || true; }

# ---------------------------------------------------------------- Brook (brook cluster up / down)
BROOK_DIR=$WORK/brook-cluster
brook_start() {
  rm -rf "$BROOK_DIR"
  local jvm=() o sets=() kv
  # -server is left out: picocli takes it for the -s option, and a 64-bit JVM is the server VM anyway
  for o in $BROKER_HEAP $JVM_PERF; do [[ $o == -server ]] || jvm+=("--jvm-opt=$o"); done
  for kv in $BROOK_EXTRA_SETS; do sets+=(--set "$kv"); done
  "$BROOK" cluster up --nodes 3 --data "$BROOK_DIR" --base-port "$BROOK_BASE_PORT" "${jvm[@]}" "${sets[@]}" >>"$LOG" 2>&1
}
brook_stop() {
  [[ -f $BROOK_DIR/cluster.properties ]] || return 0
  "$BROOK" cluster down --data "$BROOK_DIR" >>"$LOG" 2>&1 || true
  # brokers MoveBench restarted (rolling mode) have new pids, recorded beside cluster.properties
  local line id pid t
  if [[ -f $BROOK_DIR/restarted.pids ]]; then
    while IFS='=' read -r line pid; do
      id=${line#node.}; id=${id%.pid}
      if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--data $BROOK_DIR/node$id "; then
        kill -TERM "$pid"
        for ((t = 0; t < 60; t++)); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "--data $BROOK_DIR/node$id " && kill -KILL "$pid"
      fi
    done < "$BROOK_DIR/restarted.pids"
    rm -f "$BROOK_DIR/restarted.pids"
  fi
}

bench() { # system round mode bootstrap cluster-dir
  local order=unthrottled,throttled
  (($2 % 2 == 0)) && order=throttled,unthrottled
  # shellcheck disable=SC2086
  java $CLIENT_JVM -cp "$JAR" io.brook.benchmarks.move.MoveBench --system "$1" --round "$2" --mode "$3" --bootstrap "$4" \
    --cluster-dir "$5" --out "$OUT" --big-mib "$BIG_MIB" --throttle "$THROTTLE" --moves "$order" --load-rate "$LOAD_RATE" \
    --load-partitions "$LOAD_PARTITIONS" --load-rf "$LOAD_RF" --baseline-s "$BASELINE_S" --warmup-s "$WARMUP_S" \
    --rate "$RATE" --partitions "$PARTITIONS" --pause-s "$PAUSE_S" --tail-s "$TAIL_S" \
    2> >(grep --line-buffered -v '^SLF4J' | tee -a "$LOG" >&2) || log "$1 $3 round $2: benchmark failed (exit $?)"
}

one() { # system round mode
  log "---- $1 $3, round $2 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  case $1 in
    brook) brook_start && bench brook "$2" "$3" "127.0.0.1:$BROOK_BASE_PORT,127.0.0.1:$((BROOK_BASE_PORT + 1)),127.0.0.1:$((BROOK_BASE_PORT + 2))" "$BROOK_DIR" \
             || log "brook cluster did not start"; brook_stop ;;
    kafka) kafka_start && bench kafka "$2" "$3" 127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094 "$WORK/kafka-work" \
             || log "kafka cluster did not start"; kafka_stop ;;
    *) log "unknown system $1"; return 1 ;;
  esac
}

case "${1:-run}" in
  summary) summary "$2"; exit 0 ;;
  run) ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
esac
trap 'brook_stop; kafka_stop' EXIT
trap 'exit 130' INT TERM
if [[ $BUILD == 1 ]]; then
  log "building cli and benchmarks (offline)"
  (cd "$ROOT" && mvn -B -o -q -pl cli,benchmarks -am package -DskipTests) >>"$LOG" 2>&1
fi
log "results in $OUT; commit $(git -C "$ROOT" rev-parse --short HEAD); $(nproc) cores; systems: $SYSTEMS; modes: $MODES"
log "$(java -version 2>&1 | head -1); $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(uname -r)"
log "BIG_MIB=$BIG_MIB THROTTLE=$THROTTLE LOAD_RATE=$LOAD_RATE LOAD_PARTITIONS=$LOAD_PARTITIONS LOAD_RF=$LOAD_RF BASELINE_S=$BASELINE_S WARMUP_S=$WARMUP_S RATE=$RATE PARTITIONS=$PARTITIONS PAUSE_S=$PAUSE_S TAIL_S=$TAIL_S"
read -r -a order <<<"$SYSTEMS"
for r in $(seq "$ROUNDS"); do
  if ((r % 2)); then seq_=("${order[@]}"); else seq_=(); for ((i = ${#order[@]} - 1; i >= 0; i--)); do seq_+=("${order[$i]}"); done; fi
  for mode in $MODES; do
    for s in "${seq_[@]}"; do one "$s" "$r" "$mode"; done
  done
done
summary "$OUT" | tee -a "$LOG"
