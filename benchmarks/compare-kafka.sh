#!/usr/bin/env bash
# Brook vs Apache Kafka 4.4 on this machine, same workloads, same steps, alternating, medians of ROUNDS runs.
#
#   benchmarks/compare-kafka.sh single     1 broker: (a) acks=1, (b) acks=all with fsync before ack,
#                                          (c) consume the records of (a) from offset 0, (d) end-to-end latency
#   benchmarks/compare-kafka.sh cluster    3 brokers, RF=3, acks=all (max rate, then FIXED_RATE records/s)
#   A=DIR/brook B=DIR2/brook benchmarks/compare-kafka.sh cluster-ab
#                                          the cluster workload on two builds of Brook instead, alternating
#   RECORD_SIZE=100 NUM_RECORDS=10000000 benchmarks/compare-kafka.sh single      small records
#
# Both systems go through the same steps (see single_round / cluster_round): every broker (or cluster)
# start is followed by the same discarded warm-up (WARMUP_RECORDS / CLUSTER_WARMUP_RECORDS records of the
# workload that follows, same acks); brokers run with the same JVM flags (BROKER_HEAP + JVM_PERF, those of
# ../shared/kafka-peer/run.sh), clients with the same flags (TOOL_HEAP + JVM_PERF: Kafka's tools get them
# from run.sh, `brook perf` through BROOK_JVM_OPTS); producers get the same batch.size, linger.ms,
# buffer.memory and max.in.flight. Kafka runs through ../shared/kafka-peer/run.sh (start-single,
# start-cluster, produce, consume, e2e, stop: its own ProducerPerformance, ConsumerPerformance and
# EndToEndLatency); for (b) Kafka's broker gets log.flush.interval.messages=1 so that it also fsyncs every
# append before acknowledging, which is what Brook does for acks=all. (c) is compared on Kafka's fetch-only
# figure (fetch.MB.sec, fetch.nMsg.sec: the group join excluded), which times what `brook perf consume`
# times: from the moment the partitions are known (Kafka: assigned by the group; Brook: assign()) until
# the poll that returns the N-th record, the lazy offset lookup included. (d) counts every round trip on
# both sides (`brook perf e2e --warmup 0`; EndToEndLatency has no warm-up).
# Every parameter is an environment variable (same names as run.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER=${PEER:-$ROOT/../shared/kafka-peer/run.sh}
ROUNDS=${ROUNDS:-3}
export RECORD_SIZE=${RECORD_SIZE:-1024} NUM_RECORDS=${NUM_RECORDS:-2000000} PARTITIONS=${PARTITIONS:-6}
export LINGER_MS=${LINGER_MS:-5} BATCH_SIZE=${BATCH_SIZE:-131072}
BUFFER_MEMORY=${BUFFER_MEMORY:-67108864} MAX_IN_FLIGHT=${MAX_IN_FLIGHT:-5}
WORKLOADS=${WORKLOADS:-a b c d}   # single: (a) and (b) always run; "a b" skips (c) and (d)
export E2E_MESSAGES=${E2E_MESSAGES:-10000} WARMUP_RECORDS=${WARMUP_RECORDS:-$((NUM_RECORDS / 2))}
# the JVM flags of ../shared/kafka-peer/run.sh (bin/kafka-server-start.sh and the perf tools' defaults),
# exported so that run.sh uses exactly these too
export BROKER_HEAP=${BROKER_HEAP:--Xms1g -Xmx1g} TOOL_HEAP=${TOOL_HEAP:--Xms512m -Xmx512m}
export JVM_PERF=${JVM_PERF:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
export EXTRA_PRODUCER_PROPS="buffer.memory=$BUFFER_MEMORY max.in.flight.requests.per.connection=$MAX_IN_FLIGHT"
WORK=${WORK:-/tmp/brook-compare}
OUT=$WORK/results-$(date +%Y%m%d-%H%M%S).tsv
# run.sh's own files and data in directories of ours, so that its stop touches only what we started
export KAFKA_WORK=$WORK/kafka-work
BROOK="$ROOT/brook"
BROOK_LABEL=brook
mkdir -p "$WORK" "$KAFKA_WORK"
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$OUT"; }
json_field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])['$1'])"; }

# ---------------------------------------------------------------- Brook
BROOK_PIDS=()
BROOK_BS=127.0.0.1:9192
brook_tool() { BROOK_JVM_OPTS="$TOOL_HEAP $JVM_PERF" "$BROOK" "$@"; }
brook_start() { # single|single-fsync|cluster  (Brook fsyncs before an acks=all ack by default: no extra setting)
  rm -rf "$WORK/brook-data"; mkdir -p "$WORK/brook-data"
  BROOK_PIDS=()
  if [[ $1 == cluster ]]; then
    local voters="1@127.0.0.1:19301,2@127.0.0.1:19302,3@127.0.0.1:19303" i
    for i in 1 2 3; do
      BROOK_JVM_OPTS="$BROKER_HEAP $JVM_PERF" nohup "$BROOK" server --broker-id "$i" \
        --listener "127.0.0.1:1920$i" --data "$WORK/brook-data/n$i" --set controller.voters="$voters" \
        > "$WORK/brook-n$i.log" 2>&1 < /dev/null &
      BROOK_PIDS+=($!)
    done
    for i in 1 2 3; do
      for _ in $(seq 90); do grep -q "registered as" "$WORK/brook-n$i.log" && break; sleep 1; done
    done
    BROOK_BS=127.0.0.1:19201,127.0.0.1:19202,127.0.0.1:19203
  else
    BROOK_JVM_OPTS="$BROKER_HEAP $JVM_PERF" nohup "$BROOK" server --data "$WORK/brook-data/n1" \
      --listener 127.0.0.1:9192 > "$WORK/brook-n1.log" 2>&1 < /dev/null &
    BROOK_PIDS+=($!)
    for _ in $(seq 60); do grep -q "listening on" "$WORK/brook-n1.log" && break; sleep 1; done
    grep -q "listening on" "$WORK/brook-n1.log" || { log "brook did not start"; cat "$WORK/brook-n1.log" >&2; return 1; }
    BROOK_BS=127.0.0.1:9192
  fi
}
brook_stop() {
  local p
  for p in "${BROOK_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${BROOK_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  BROOK_PIDS=()
}
brook_produce() { # workload round topic acks records throughput
  local rf=(); [[ $BROOK_BS == *,* ]] && rf=(--replication-factor 3)
  brook_tool topic create "$3" --partitions "$PARTITIONS" "${rf[@]}" --bootstrap "$BROOK_BS" >/dev/null
  local j; j=$(brook_tool perf produce --bootstrap "$BROOK_BS" --topic "$3" --num-records "$5" --record-size "$RECORD_SIZE" \
      --acks "$4" --linger-ms "$LINGER_MS" --batch-size "$BATCH_SIZE" --buffer-memory "$BUFFER_MEMORY" \
      --max-in-flight "$MAX_IN_FLIGHT" --throughput "$6" --output json 2>/dev/null)
  log "$BROOK_LABEL $1#$2: $j"
  [[ $1 == warmup ]] && return 0
  for k in records_per_sec mib_per_sec avg_ms p50_ms p99_ms max_ms; do record "${BROOK_LABEL}_$1" "$2" "$k" "$(json_field $k <<<"$j")"; done
}
brook_consume() { # workload round topic records
  local j; j=$(brook_tool perf consume --bootstrap "$BROOK_BS" --topic "$3" --messages "$4" --output json 2>/dev/null)
  log "$BROOK_LABEL $1#$2: $j"
  record "${BROOK_LABEL}_$1" "$2" fetch_mib_per_sec "$(json_field mib_per_sec <<<"$j")"
  record "${BROOK_LABEL}_$1" "$2" fetch_records_per_sec "$(json_field records_per_sec <<<"$j")"
}
brook_e2e() { # workload round topic
  brook_tool topic create "$3" --partitions 1 --bootstrap "$BROOK_BS" >/dev/null
  local j; j=$(brook_tool perf e2e --bootstrap "$BROOK_BS" --topic "$3" --num-records "$E2E_MESSAGES" --warmup 0 \
      --record-size "$RECORD_SIZE" --acks all --output json 2>/dev/null)
  log "$BROOK_LABEL $1#$2: $j"
  for k in avg_ms p50_ms p99_ms p999_ms; do record "${BROOK_LABEL}_$1" "$2" "$k" "$(json_field $k <<<"$j")"; done
}

# ---------------------------------------------------------------- Kafka (through run.sh)
KAFKA_ENV=()   # where the started broker(s) listen, for the tool steps
peer() { # command [VAR=value...]
  local cmd=$1; shift
  env "${KAFKA_ENV[@]}" "$@" WORK="$KAFKA_WORK" DATA="$WORK/kafka-data" RESULTS="$WORK/kafka-step.tsv" \
    bash "$PEER" "$cmd" >/dev/null 2>>"$WORK/kafka.log"
}
kafka_start() { # single|single-fsync|cluster
  case $1 in
    single) peer start-single EXTRA_BROKER_PROPS= ;;
    single-fsync) peer start-single EXTRA_BROKER_PROPS=log.flush.interval.messages=1 ;;
    cluster) peer start-cluster EXTRA_BROKER_PROPS= ;;
  esac
  if [[ $1 == cluster ]]; then KAFKA_ENV=(BOOTSTRAP=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094 RF=3 MIN_ISR=2)
  else KAFKA_ENV=(BOOTSTRAP=127.0.0.1:9092 RF=1 MIN_ISR=1); fi
  rm -f "$WORK/kafka-step.tsv"
}
kafka_stop() { peer stop; }
kafka_step() { # workload round: move run.sh's rows into ours, under Brook's metric names
  if [[ $1 != warmup ]]; then
    awk -F'\t' -v w="kafka_$1" -v r="$2" 'BEGIN{OFS="\t"; n["records_per_s"]="records_per_sec"; n["MiB_per_s"]="mib_per_sec"}
        {print w, r, ($3 in n) ? n[$3] : $3, $4}' "$WORK/kafka-step.tsv" >> "$OUT"
  fi
  rm -f "$WORK/kafka-step.tsv"
}
kafka_produce() { # workload round topic acks records throughput
  peer produce TOPIC="$3" ACKS="$4" NUM_RECORDS="$5" THROUGHPUT="$6"
  log "kafka $1#$2: $(grep -a 'records/sec' "$KAFKA_WORK/tool.out" | tail -1)"
  kafka_step "$1" "$2"
}
kafka_consume() { # workload round topic records
  peer consume TOPIC="$3" CONSUME_RECORDS="$4"
  # run.sh keeps fetch.MB.sec; fetch.nMsg.sec is the last field of the tool's CSV line
  local line; line=$(grep -aE '^[^,]+(,[^,]*){9}$' "$KAFKA_WORK/tool.out" | tail -1)
  log "kafka $1#$2: $line"
  awk -F'\t' 'BEGIN{OFS="\t"; n["fetch_MiB_per_s"]="fetch_mib_per_sec"; n["MiB_per_s"]="with_join_mib_per_sec";
      n["records_per_s"]="with_join_records_per_sec"} ($3 in n){$3=n[$3]; print}' "$WORK/kafka-step.tsv" > "$WORK/kafka-step2.tsv"
  printf 'consume\t1\tfetch_records_per_sec\t%s\n' "$(awk -F',' '{gsub(/ /,"",$10); print $10}' <<<"$line")" >> "$WORK/kafka-step2.tsv"
  mv "$WORK/kafka-step2.tsv" "$WORK/kafka-step.tsv"
  kafka_step "$1" "$2"
}
kafka_e2e() { # workload round topic
  peer e2e TOPIC="$3"
  log "kafka $1#$2: $(grep -a 'Percentiles' "$KAFKA_WORK/tool.out" | tail -1)"
  kafka_step "$1" "$2"
}

# ---------------------------------------------------------------- the same steps on both sides
single_round() { # system round
  local s=$1 r=$2
  log "$s single round $r (uptime:$(uptime | sed 's/.*load average//'))"
  ${s}_start single
  ${s}_produce warmup 0 warm 1 "$WARMUP_RECORDS" -1
  ${s}_produce a_acks1 "$r" a 1 "$NUM_RECORDS" -1
  [[ " $WORKLOADS " == *" c "* ]] && ${s}_consume c_consume "$r" a "$NUM_RECORDS"
  [[ " $WORKLOADS " == *" d "* ]] && ${s}_e2e d_e2e "$r" e2e
  ${s}_stop
  ${s}_start single-fsync
  ${s}_produce warmup 0 warm all "$WARMUP_RECORDS" -1
  ${s}_produce b_acksall "$r" b all "$NUM_RECORDS" -1
  ${s}_stop
}

CLUSTER_NUM_RECORDS=${CLUSTER_NUM_RECORDS:-1000000}
CLUSTER_WARMUP_RECORDS=${CLUSTER_WARMUP_RECORDS:-$CLUSTER_NUM_RECORDS}
FIXED_RATE=${FIXED_RATE:-20000}   # 0: no fixed-rate run
cluster_round() { # system round
  local s=$1 r=$2
  log "$s cluster round $r (uptime:$(uptime | sed 's/.*load average//'))"
  ${s}_start cluster
  ${s}_produce warmup 0 warm all "$CLUSTER_WARMUP_RECORDS" -1
  ${s}_produce e_rf3_all "$r" e all "$CLUSTER_NUM_RECORDS" -1
  ((FIXED_RATE > 0)) && ${s}_produce e_rf3_all_fixed "$r" f all $((FIXED_RATE * 30)) "$FIXED_RATE"
  ${s}_stop
}
trap 'brook_stop; [[ -f $KAFKA_WORK/pids ]] && kafka_stop' EXIT INT TERM

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

alternate() { # round-function
  for r in $(seq "$ROUNDS"); do
    if ((r % 2)); then $1 kafka "$r"; $1 brook "$r"; else $1 brook "$r"; $1 kafka "$r"; fi
  done
}
case "${1:-}" in
  single) log "results in $OUT (RECORD_SIZE=$RECORD_SIZE NUM_RECORDS=$NUM_RECORDS WARMUP_RECORDS=$WARMUP_RECORDS)"; alternate single_round; summary ;;
  cluster) log "results in $OUT (RECORD_SIZE=$RECORD_SIZE CLUSTER_NUM_RECORDS=$CLUSTER_NUM_RECORDS)"; alternate cluster_round; summary ;;
  cluster-ab)
    log "results in $OUT (A=$A, B=$B)"
    for r in $(seq "$ROUNDS"); do
      for side in $( ((r % 2)) && echo "A B" || echo "B A"); do
        BROOK=${!side}; BROOK_LABEL=$side; cluster_round brook "$r"
      done
    done
    summary ;;
  summary) OUT=$2; summary ;;
  *) sed -n '2,24p' "$0"; exit 2 ;;
esac
