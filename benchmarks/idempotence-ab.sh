#!/usr/bin/env bash
# The idempotent producer's cost: `brook perf produce --acks all` with --idempotence true and false,
# alternating within each round (the order swaps every round), on one broker and on 3 brokers with
# RF=3; medians of ROUNDS rounds. Same broker JVM flags as compare-kafka.sh; one warm-up per broker start.
#
#   benchmarks/idempotence-ab.sh            # both
#   benchmarks/idempotence-ab.sh single     # or cluster
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=${ROUNDS:-3}
RECORD_SIZE=${RECORD_SIZE:-1024} PARTITIONS=${PARTITIONS:-6} LINGER_MS=${LINGER_MS:-5} BATCH_SIZE=${BATCH_SIZE:-131072}
NUM_RECORDS=${NUM_RECORDS:-1000000} CLUSTER_NUM_RECORDS=${CLUSTER_NUM_RECORDS:-500000} WARMUP_RECORDS=${WARMUP_RECORDS:-1000000}
WORK=${WORK:-/tmp/brook-idempotence}
OUT=$WORK/results-$(date +%Y%m%d-%H%M%S).tsv
BROOK="$ROOT/brook"
BROOK_HEAP=${BROOK_HEAP:--Xms1g -Xmx1g}
mkdir -p "$WORK"
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
PIDS=()
stop_all() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
}
trap stop_all EXIT INT TERM
start() { # nodes
  rm -rf "$WORK/data"; mkdir -p "$WORK/data"
  local i voters="" extra=()
  if [[ $1 -gt 1 ]]; then
    voters="1@127.0.0.1:19301,2@127.0.0.1:19302,3@127.0.0.1:19303"; extra=(--set controller.voters="$voters")
  fi
  for i in $(seq "$1"); do
    BROOK_JVM_OPTS="$BROOK_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20" nohup "$BROOK" server --broker-id "$i" \
      --listener "127.0.0.1:1920$i" --data "$WORK/data/n$i" "${extra[@]}" > "$WORK/data/n$i.log" 2>&1 < /dev/null &
    PIDS+=($!)
  done
  for i in $(seq "$1"); do
    for _ in $(seq 90); do grep -q "registered as" "$WORK/data/n$i.log" && break; sleep 1; done
  done
}
produce() { # label round topic records idempotence bootstrap rf
  "$BROOK" topic create "$3" --partitions "$PARTITIONS" --replication-factor "$7" --bootstrap "$6" >/dev/null
  local j; j=$("$BROOK" perf produce --bootstrap "$6" --topic "$3" --num-records "$4" --record-size "$RECORD_SIZE" --acks all \
      --linger-ms "$LINGER_MS" --batch-size "$BATCH_SIZE" --idempotence "$5" --output json 2>/dev/null)
  log "$1 idempotence=$5 #$2: $j"
  [[ $1 == warmup ]] && return 0
  python3 - "$j" "$1" "$5" "$2" >> "$OUT" <<'PY'
import json, sys
j = json.loads(sys.argv[1].strip().splitlines()[-1])
for k in ("records_per_sec", "mib_per_sec", "p50_ms", "p99_ms"):
    print("\t".join([sys.argv[2] + "_idem_" + sys.argv[3], sys.argv[4], k, str(j[k])]))
PY
}
run() { # label nodes records rf
  local bs=127.0.0.1:19201 r first second
  [[ $2 -gt 1 ]] && bs=127.0.0.1:19201,127.0.0.1:19202,127.0.0.1:19203
  start "$2"
  produce warmup 0 warm "$WARMUP_RECORDS" true "$bs" "$4"
  for r in $(seq "$ROUNDS"); do
    if (( r % 2 )); then first=true; second=false; else first=false; second=true; fi
    produce "$1" "$r" "$1-$r-$first" "$3" "$first" "$bs" "$4"
    produce "$1" "$r" "$1-$r-$second" "$3" "$second" "$bs" "$4"
  done
  stop_all
}
case ${1:-both} in
  single) run single 1 "$NUM_RECORDS" 1 ;;
  cluster) run rf3 3 "$CLUSTER_NUM_RECORDS" 3 ;;
  both) run single 1 "$NUM_RECORDS" 1; run rf3 3 "$CLUSTER_NUM_RECORDS" 3 ;;
esac
python3 - "$OUT" <<'PY'
import sys, statistics, collections
v = collections.defaultdict(list)
for line in open(sys.argv[1]):
    w, r, m, x = line.rstrip("\n").split("\t")
    v[(w, m)].append(float(x))
print("| workload | metric | median | min | max | runs |")
print("|---|---|---:|---:|---:|---:|")
for (w, m), xs in sorted(v.items()):
    print(f"| {w} | {m} | {statistics.median(xs):,.2f} | {min(xs):,.2f} | {max(xs):,.2f} | {len(xs)} |")
PY
echo "raw: $OUT" >&2
