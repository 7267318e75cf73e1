#!/usr/bin/env bash
# Brook vs Apache Kafka 4.4 on this machine, same workloads, alternating, medians of ROUNDS runs.
#
#   benchmarks/compare-kafka.sh single     1 broker: (a) acks=1, (b) acks=all with fsync before ack,
#                                          (c) consume CONSUME_RECORDS from offset 0, (d) end-to-end latency
#   benchmarks/compare-kafka.sh cluster    3 brokers, RF=3, acks=all (needs the replicated cluster)
#   A=DIR/brook B=DIR2/brook benchmarks/compare-kafka.sh cluster-ab
#                                          the cluster workload on two builds of Brook instead, alternating
#
# Kafka runs through ../shared/kafka-peer/run.sh (its own ProducerPerformance, ConsumerPerformance and
# EndToEndLatency); for (b) Kafka gets log.flush.interval.messages=1 so that it also fsyncs every
# append before acknowledging, which is what Brook does for acks=all. Brook runs `brook server` and
# `brook perf`. Every parameter is an environment variable (same names as run.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER=${PEER:-$ROOT/../shared/kafka-peer/run.sh}
ROUNDS=${ROUNDS:-3}
export RECORD_SIZE=${RECORD_SIZE:-1024} NUM_RECORDS=${NUM_RECORDS:-2000000} PARTITIONS=${PARTITIONS:-6}
export LINGER_MS=${LINGER_MS:-5} BATCH_SIZE=${BATCH_SIZE:-131072} CONSUME_RECORDS=${CONSUME_RECORDS:-3000000}
export E2E_MESSAGES=${E2E_MESSAGES:-10000} WARMUP_RECORDS=${WARMUP_RECORDS:-3000000} REPEATS=1
WORK=${WORK:-/tmp/brook-compare}
OUT=$WORK/results-$(date +%Y%m%d-%H%M%S).tsv
BROOK="$ROOT/brook"
BROOK_LABEL=brook
BROOK_HEAP=${BROOK_HEAP:--Xms1g -Xmx1g}
mkdir -p "$WORK"
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$OUT"; }

BROOK_PID=
brook_start() {
  rm -rf "$WORK/brook-data"
  BROOK_JVM_OPTS="$BROOK_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20" nohup "$BROOK" server --data "$WORK/brook-data" \
    --listener 127.0.0.1:9192 > "$WORK/brook-server.log" 2>&1 < /dev/null &
  BROOK_PID=$!
  for _ in $(seq 60); do grep -q "listening on" "$WORK/brook-server.log" && return 0; sleep 1; done
  log "brook did not start"; cat "$WORK/brook-server.log" >&2; return 1
}
brook_stop() {
  if [[ -n $BROOK_PID ]] && kill -0 "$BROOK_PID" 2>/dev/null; then kill -TERM "$BROOK_PID"; wait "$BROOK_PID" || true; fi
  BROOK_PID=
}
trap 'brook_stop; brook_cluster_stop' EXIT INT TERM

json_field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])['$1'])"; }

brook_produce() { # workload round topic acks records
  "$BROOK" topic create "$3" --partitions "$PARTITIONS" >/dev/null
  local j; j=$("$BROOK" perf produce --topic "$3" --num-records "$5" --record-size "$RECORD_SIZE" --acks "$4" \
      --linger-ms "$LINGER_MS" --batch-size "$BATCH_SIZE" --output json 2>/dev/null)
  log "brook $1#$2: $j"
  [[ $1 == warmup ]] && return 0
  for k in records_per_sec mib_per_sec avg_ms p50_ms p99_ms max_ms; do record "brook_$1" "$2" "$k" "$(json_field $k <<<"$j")"; done
}

brook_round() { # round
  brook_start
  brook_produce warmup 0 warm 1 "$WARMUP_RECORDS"
  brook_produce a_acks1 "$1" "a$1" 1 "$NUM_RECORDS"
  brook_produce b_acksall "$1" "b$1" all "$NUM_RECORDS"
  brook_produce warmup 0 c 1 "$CONSUME_RECORDS"
  local j; j=$("$BROOK" perf consume --topic c --messages "$CONSUME_RECORDS" --output json 2>/dev/null)
  log "brook c_consume#$1: $j"
  for k in mib_per_sec records_per_sec; do record brook_c_consume "$1" "$k" "$(json_field $k <<<"$j")"; done
  "$BROOK" topic create e2e --partitions 1 >/dev/null
  j=$("$BROOK" perf e2e --topic e2e --num-records "$E2E_MESSAGES" --record-size "$RECORD_SIZE" --acks all --output json 2>/dev/null)
  log "brook d_e2e#$1: $j"
  for k in avg_ms p50_ms p99_ms p999_ms; do record brook_d_e2e "$1" "$k" "$(json_field $k <<<"$j")"; done
  brook_stop
}

kafka_round() { # round
  local r1=$WORK/kafka-a-$1.tsv r2=$WORK/kafka-b-$1.tsv
  RESULTS=$r1 WORKLOADS="a c d" EXTRA_BROKER_PROPS= bash "$PEER" single >/dev/null 2>>"$WORK/kafka.log"
  RESULTS=$r2 WORKLOADS="b" WARMUP_RECORDS=0 EXTRA_BROKER_PROPS='log.flush.interval.messages=1' bash "$PEER" single >/dev/null 2>>"$WORK/kafka.log"
  cat "$r1" "$r2" | awk -F'\t' -v r="$1" 'BEGIN{OFS="\t"} $1!="warmup"{print "kafka_"$1, r, $3, $4}' >> "$OUT"
  log "kafka round $1 done"
}

# ---------------------------------------------------------------- 3 brokers, RF=3, acks=all
CLUSTER_NUM_RECORDS=${CLUSTER_NUM_RECORDS:-1000000}
FIXED_RATE=${FIXED_RATE:-20000}
BROOK_PIDS=()
brook_cluster_start() {
  rm -rf "$WORK/brook-cluster"; mkdir -p "$WORK/brook-cluster"
  local voters="1@127.0.0.1:19301,2@127.0.0.1:19302,3@127.0.0.1:19303" i
  BROOK_PIDS=()
  for i in 1 2 3; do
    BROOK_JVM_OPTS="$BROOK_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20" nohup "$BROOK" server --broker-id "$i" \
      --listener "127.0.0.1:1920$i" --data "$WORK/brook-cluster/n$i" --set controller.voters="$voters" \
      > "$WORK/brook-cluster/n$i.log" 2>&1 < /dev/null &
    BROOK_PIDS+=($!)
  done
  for i in 1 2 3; do
    for _ in $(seq 90); do grep -q "registered as" "$WORK/brook-cluster/n$i.log" && break; sleep 1; done
  done
}
brook_cluster_stop() {
  local p
  for p in "${BROOK_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${BROOK_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  BROOK_PIDS=()
}
brook_cluster_produce() { # workload round topic records throughput
  local bs=127.0.0.1:19201,127.0.0.1:19202,127.0.0.1:19203
  "$BROOK" topic create "$3" --partitions "$PARTITIONS" --replication-factor 3 --bootstrap "$bs" >/dev/null
  local j; j=$("$BROOK" perf produce --bootstrap "$bs" --topic "$3" --num-records "$4" --record-size "$RECORD_SIZE" --acks all \
      --linger-ms "$LINGER_MS" --batch-size "$BATCH_SIZE" --throughput "$5" --output json 2>/dev/null)
  log "brook $1#$2: $j"
  [[ $1 == warmup ]] && return 0
  for k in records_per_sec mib_per_sec avg_ms p50_ms p99_ms max_ms; do record "${BROOK_LABEL}_$1" "$2" "$k" "$(json_field $k <<<"$j")"; done
}
brook_cluster_round() { # round
  brook_cluster_start
  brook_cluster_produce warmup 0 warm "$CLUSTER_NUM_RECORDS" -1
  brook_cluster_produce e_rf3_all "$1" "e$1" "$CLUSTER_NUM_RECORDS" -1
  brook_cluster_produce e_rf3_all_fixed "$1" "f$1" $((FIXED_RATE * 30)) "$FIXED_RATE"
  brook_cluster_stop
}
kafka_cluster_round() { # round
  local r1=$WORK/kafka-e-$1.tsv r2=$WORK/kafka-f-$1.tsv
  RESULTS=$r1 REPEATS=1 bash "$PEER" cluster >/dev/null 2>>"$WORK/kafka.log"
  RESULTS=$r2 REPEATS=1 THROUGHPUT="$FIXED_RATE" CLUSTER_NUM_RECORDS=$((FIXED_RATE * 30)) CLUSTER_WARMUP_RECORDS=0 \
    bash "$PEER" cluster >/dev/null 2>>"$WORK/kafka.log"
  awk -F'\t' -v r="$1" 'BEGIN{OFS="\t"} $1!="warmup"{print "kafka_"$1, r, $3, $4}' "$r1" >> "$OUT"
  awk -F'\t' -v r="$1" 'BEGIN{OFS="\t"} $1!="warmup"{print "kafka_"$1"_fixed", r, $3, $4}' "$r2" >> "$OUT"
  log "kafka cluster round $1 done"
}

summary() {
  python3 - "$OUT" <<'PY'
import sys, statistics, collections
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
v = collections.defaultdict(list)
for w, r, m, x in rows:
    try: v[(w, m)].append(float(x))
    except ValueError: pass
print("| workload | metric | median | min | max | runs |")
print("|---|---|---:|---:|---:|---:|")
for (w, m), xs in sorted(v.items()):
    print(f"| {w} | {m} | {statistics.median(xs):g} | {min(xs):g} | {max(xs):g} | {len(xs)} |")
PY
}

case "${1:-}" in
  single)
    log "results in $OUT"
    for r in $(seq "$ROUNDS"); do
      if ((r % 2)); then kafka_round "$r"; brook_round "$r"; else brook_round "$r"; kafka_round "$r"; fi
    done
    summary ;;
  cluster)
    log "results in $OUT"
    for r in $(seq "$ROUNDS"); do
      if ((r % 2)); then kafka_cluster_round "$r"; brook_cluster_round "$r"; else brook_cluster_round "$r"; kafka_cluster_round "$r"; fi
    done
    summary ;;
  cluster-ab)
    log "results in $OUT (A=$A, B=$B)"
    for r in $(seq "$ROUNDS"); do
      for side in $( ((r % 2)) && echo "A B" || echo "B A"); do
        BROOK=${!side}; BROOK_LABEL=$side; brook_cluster_round "$r"
      done
    done
    summary ;;
  summary) OUT=$2; summary ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
