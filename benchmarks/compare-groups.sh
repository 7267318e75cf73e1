#!/usr/bin/env bash
# Consumer groups (issue 12): Brook against Apache Kafka 4.4 on this machine, 3 brokers each, with
# Kafka's KIP-848 protocol (group.protocol=consumer) and its classic protocol with the
# cooperative-sticky assignor. Each round starts fresh clusters and runs
# io.brook.benchmarks.group.RebalanceBench against it (see its javadoc): a group of CONSUMERS on a topic
# of PARTITIONS under a steady RATE of records; a member joins, one leaves cleanly, one is killed with
# SIGKILL, each timed until every partition is owned and consuming again, with what the non-moving
# partitions lose meanwhile; then commitSync latency and rate from COMMITTERS members. Systems
# alternate (the order reverses every round; the two Kafka protocols of a round share one cluster
# start, each on its own topic, deleted after its run); medians of ROUNDS rounds.
#
#   benchmarks/compare-groups.sh                       # all three systems
#   SYSTEMS="kafka-consumer kafka-classic" benchmarks/compare-groups.sh
#   PARTITIONS=300 RATE=3000 ROUNDS=1 benchmarks/compare-groups.sh
#   benchmarks/compare-groups.sh summary FILE.tsv       # the tables again from a results file
#
# Both sides: brokers get BROKER_HEAP and G1 flags; the benchmark's client JVMs (the driver, whose
# members are threads, and the one member process that gets killed) get CLIENT_JVM; session timeout
# SESSION_TIMEOUT_MS on all three (Kafka: group.consumer.session.timeout.ms on the brokers for
# KIP-848, session.timeout.ms on the consumer for classic; Brook: group.session.timeout.ms on the brokers);
# heartbeat intervals are each system's default unless HEARTBEAT_MS is set. Kafka runs through
# ../shared/kafka-peer/run.sh start-cluster / stop (its KRaft brokers, stock server.properties).
# Results: benchmarks/results/groups-STAMP.tsv (workload, round, metric, value) and .log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER=${PEER:-$ROOT/../shared/kafka-peer/run.sh}
ROUNDS=${ROUNDS:-3}
SYSTEMS=${SYSTEMS:-brook kafka-consumer kafka-classic}
PARTITIONS=${PARTITIONS:-900} RF=${RF:-3} CONSUMERS=${CONSUMERS:-10} RATE=${RATE:-9000} RECORD_SIZE=${RECORD_SIZE:-100}
WARMUP_S=${WARMUP_S:-30} BASELINE_S=${BASELINE_S:-10} QUIET_MS=${QUIET_MS:-3000} EVENT_TIMEOUT_S=${EVENT_TIMEOUT_S:-120}
SESSION_TIMEOUT_MS=${SESSION_TIMEOUT_MS:-10000} HEARTBEAT_MS=${HEARTBEAT_MS:-0}
EVENTS=${EVENTS:-join,leave,kill} COMMITTERS=${COMMITTERS:-10} COMMIT_WARMUP_S=${COMMIT_WARMUP_S:-5} COMMIT_S=${COMMIT_S:-20}
BROKER_HEAP=${BROKER_HEAP:--Xms1g -Xmx1g}
CLIENT_JVM=${CLIENT_JVM:--Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
BROOK_EXTRA_SETS=${BROOK_EXTRA_SETS:-}     # more `--set key=value` words for brook server
BUILD=${BUILD:-1}                          # 1: build cli + benchmarks (offline) first
WORK=${WORK:-/tmp/brook-groups}
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${OUT:-$ROOT/benchmarks/results/groups-$STAMP.tsv}
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
    v[(w, m)].append(float(x))
med = lambda k: statistics.median(v[k]) if k in v else None
systems = [s for s in ("brook", "kafka-consumer", "kafka-classic") if any(w.startswith(s + "_") for w, _ in v)]
fmt = lambda x, d=0: "–" if x is None else f"{x:,.{d}f}"
print("| event | metric | " + " | ".join(systems) + " |")
print("|---|---|" + "---:|" * len(systems))
for ev in ("join", "leave", "kill"):
    for m, d in (("assigned_ms", 0), ("consuming_ms", 0), ("moved", 0), ("nonmoving_lost_pct", 1),
                 ("nonmoving_base_max_delay_ms", 0), ("nonmoving_window_max_delay_ms", 0), ("timed_out", 0)):
        cells = [fmt(med((f"{s}_{ev}", m)), d) for s in systems]
        print(f"| {ev} | {m} | " + " | ".join(cells) + " |")
for m, d in (("p50_ms", 2), ("p99_ms", 2), ("commits_per_s", 0), ("errors", 0)):
    print(f"| commit | {m} | " + " | ".join(fmt(med((f"{s}_commit", m)), d) for s in systems) + " |")
print(f"| (initial join) | settled_ms | " + " | ".join(fmt(med((f"{s}_initial", "settled_ms"))) for s in systems) + " |")
print()
print("runs per cell: " + ", ".join(f"{s}: {len(v.get((s + '_join', 'consuming_ms'), []))}" for s in systems)
      + "; every value is the median over rounds")
PY
}

# ---------------------------------------------------------------- Kafka (KRaft, 3 nodes, via run.sh)
kafka_env() {
  local props="group.consumer.session.timeout.ms=$SESSION_TIMEOUT_MS"
  props+=$'\n'"group.consumer.min.session.timeout.ms=$((SESSION_TIMEOUT_MS < 45000 ? SESSION_TIMEOUT_MS : 45000))"
  props+=$'\n'"group.min.session.timeout.ms=$((SESSION_TIMEOUT_MS < 6000 ? SESSION_TIMEOUT_MS : 6000))"
  if ((HEARTBEAT_MS > 0)); then
    props+=$'\n'"group.consumer.heartbeat.interval.ms=$HEARTBEAT_MS"
    props+=$'\n'"group.consumer.min.heartbeat.interval.ms=$((HEARTBEAT_MS < 5000 ? HEARTBEAT_MS : 5000))"
  fi
  env WORK="$WORK/kafka-work" DATA="$WORK/kafka-data" BROKER_HEAP="$BROKER_HEAP" EXTRA_BROKER_PROPS="$props" "$@"
}
kafka_start() { kafka_env bash "$PEER" start-cluster >>"$LOG" 2>&1; }
kafka_stop() { kafka_env bash "$PEER" stop >>"$LOG" 2>&1 || true; }

# ---------------------------------------------------------------- Brook (3 brokers, as compare-kafka.sh)
BROOK_PIDS=()
brook_start() {
  rm -rf "$WORK/brook-cluster"; mkdir -p "$WORK/brook-cluster"
  local voters="1@127.0.0.1:19301,2@127.0.0.1:19302,3@127.0.0.1:19303" i sets=() kv
  sets=(--set "group.session.timeout.ms=$SESSION_TIMEOUT_MS")
  ((HEARTBEAT_MS > 0)) && sets+=(--set "group.heartbeat.interval.ms=$HEARTBEAT_MS")
  for kv in $BROOK_EXTRA_SETS; do sets+=(--set "$kv"); done
  BROOK_PIDS=()
  for i in 1 2 3; do
    BROOK_JVM_OPTS="$BROKER_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20" nohup "$BROOK" server --broker-id "$i" \
      --listener "127.0.0.1:1920$i" --data "$WORK/brook-cluster/n$i" --set controller.voters="$voters" "${sets[@]}" \
      > "$WORK/brook-cluster/n$i.log" 2>&1 < /dev/null &
    BROOK_PIDS+=($!)
  done
  for i in 1 2 3; do
    for _ in $(seq 90); do grep -q "registered as" "$WORK/brook-cluster/n$i.log" && break; sleep 1; done
    grep -q "registered as" "$WORK/brook-cluster/n$i.log" || { log "brook broker $i did not register"; tail -20 "$WORK/brook-cluster/n$i.log" >&2; return 1; }
  done
}
brook_stop() {
  local p
  for p in "${BROOK_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${BROOK_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  BROOK_PIDS=()
}

bench() { # system round bootstrap
  # shellcheck disable=SC2086
  java $CLIENT_JVM -cp "$JAR" io.brook.benchmarks.group.RebalanceBench --system "$1" --round "$2" --bootstrap "$3" \
    --out "$OUT" --topic "groups-$1-$2" --partitions "$PARTITIONS" --replication-factor "$RF" --consumers "$CONSUMERS" --rate "$RATE" \
    --record-size "$RECORD_SIZE" --warmup-s "$WARMUP_S" --baseline-s "$BASELINE_S" --quiet-ms "$QUIET_MS" \
    --event-timeout-s "$EVENT_TIMEOUT_S" --session-timeout-ms "$SESSION_TIMEOUT_MS" --heartbeat-ms "$HEARTBEAT_MS" \
    --events "$EVENTS" --committers "$COMMITTERS" --commit-warmup-s "$COMMIT_WARMUP_S" --commit-s "$COMMIT_S" --log-dir "$WORK" \
    2> >(grep --line-buffered -v '^SLF4J' | tee -a "$LOG" >&2) || log "$1 round $2: benchmark failed (exit $?)"
}

KAFKA_UP=0
one() { # system round next-system
  log "---- $1, round $2 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  case $1 in
    brook) brook_start && bench brook "$2" 127.0.0.1:19201,127.0.0.1:19202,127.0.0.1:19203; brook_stop ;;
    kafka-*)
      # both Kafka protocols of a round share one cluster start (each on its own topic, deleted after)
      if ((KAFKA_UP == 0)); then kafka_start && KAFKA_UP=1; fi
      ((KAFKA_UP == 1)) && bench "$1" "$2" 127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094
      if [[ $3 != kafka-* ]]; then kafka_stop; KAFKA_UP=0; fi ;;
    *) log "unknown system $1"; return 1 ;;
  esac
}

case "${1:-run}" in
  summary) summary "$2"; exit 0 ;;
  run) ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
esac
trap 'brook_stop; kafka_stop' EXIT INT TERM
if [[ $BUILD == 1 ]]; then
  log "building cli and benchmarks (offline)"
  (cd "$ROOT" && mvn -B -o -q -pl cli,benchmarks -am package -DskipTests) >>"$LOG" 2>&1
fi
log "results in $OUT; commit $(git -C "$ROOT" rev-parse --short HEAD); $(nproc) cores; systems: $SYSTEMS"
log "$(java -version 2>&1 | head -1); $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(uname -r)"
log "EVENTS=$EVENTS PARTITIONS=$PARTITIONS RF=$RF CONSUMERS=$CONSUMERS RATE=$RATE WARMUP_S=$WARMUP_S BASELINE_S=$BASELINE_S SESSION_TIMEOUT_MS=$SESSION_TIMEOUT_MS HEARTBEAT_MS=$HEARTBEAT_MS COMMITTERS=$COMMITTERS COMMIT_S=$COMMIT_S"
read -r -a order <<<"$SYSTEMS"
for r in $(seq "$ROUNDS"); do
  if ((r % 2)); then seq_=("${order[@]}"); else seq_=(); for ((i = ${#order[@]} - 1; i >= 0; i--)); do seq_+=("${order[$i]}"); done; fi
  for ((i = 0; i < ${#seq_[@]}; i++)); do one "${seq_[$i]}" "$r" "${seq_[$((i + 1))]:-}"; done
done
summary "$OUT" | tee -a "$LOG"
