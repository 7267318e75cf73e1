#!/usr/bin/env bash
# What TLS costs, Brook against Apache Kafka 4.4 on this machine, in the same run (issue 14's measure).
# One broker each, 1 KiB records, 6 partitions, acks=1 produce (1 producer) and a consumer reading
# everything back, medians of $ROUNDS alternating rounds:
#   brook plain       brook server, plaintext
#   brook tls+scram   brook server with tls.enabled (OpenSSL where it loads) and client.authentication=sasl;
#                     the perf clients connect over TLS and authenticate with SCRAM-SHA-256
#   kafka plain       Kafka's PLAINTEXT listener (../shared/kafka-peer/run.sh start-single)
#   kafka ssl         an SSL listener added to the same broker (PEM key store and trust store)
# Both sides get the same warm-up (WARMUP_RECORDS produced after every broker start), the same heap
# for their perf tools (-Xmx512m) and are timed the same way (the tools' own figures: produce
# records/s and MiB/s; consume MiB/s of the fetch phase, Kafka's fetch.MB.sec, Brook's after assign).
# Certificates: docker/make-certs.sh (a test CA and a certificate for 127.0.0.1).
# Usage: ROUNDS=3 benchmarks/compare-tls.sh      (results in $WORK/tls-*.tsv and printed as medians)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER=${PEER:-$ROOT/../shared/kafka-peer/run.sh}
ROUNDS=${ROUNDS:-3}
RECORD_SIZE=${RECORD_SIZE:-1024}
NUM_RECORDS=${NUM_RECORDS:-1000000}
WARMUP_RECORDS=${WARMUP_RECORDS:-1000000}
PARTITIONS=${PARTITIONS:-6}
WORK=${WORK:-/tmp/brook-compare-tls}
KAFKA_LIB=${KAFKA_LIB:-/tmp/kafka-peer/lib}
BROOK="$ROOT/brook"
TOOL_HEAP="-Xms512m -Xmx512m"
mkdir -p "$WORK"
OUT=$WORK/tls-$(date +%Y%m%d-%H%M%S).tsv
CERTS=$WORK/certs
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$OUT"; }
json_field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])['$1'])"; }

[[ -f $CERTS/ca.pem ]] || bash "$ROOT/docker/make-certs.sh" "$CERTS" >/dev/null
cat "$CERTS/broker.key" "$CERTS/broker.pem" > "$CERTS/kafka-keystore.pem"
export BROOK_PASSWORD='bench passphrase'

BROOK_PID=
brook_start() { # extra --set arguments...
  BROOK_JVM_OPTS="-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20" nohup "$BROOK" server --data "$WORK/brook-data" \
    --listener 127.0.0.1:9192 "$@" > "$WORK/brook-server.log" 2>&1 < /dev/null &
  BROOK_PID=$!
  for _ in $(seq 90); do grep -q "registered as" "$WORK/brook-server.log" && return 0; sleep 1; done
  log "brook did not start"; cat "$WORK/brook-server.log" >&2; return 1
}
brook_stop() {
  if [[ -n $BROOK_PID ]] && kill -0 "$BROOK_PID" 2>/dev/null; then kill -TERM "$BROOK_PID"; wait "$BROOK_PID" || true; fi
  BROOK_PID=
}
trap 'brook_stop; bash "$PEER" stop >/dev/null 2>&1 || true' EXIT INT TERM

brook_cli() { BROOK_JVM_OPTS="$TOOL_HEAP" "$BROOK" "$@"; }

brook_workload() { # label round client-flags...
  local label=$1 round=$2; shift 2
  brook_cli topic create warm --partitions "$PARTITIONS" "$@" >/dev/null
  brook_cli perf produce --topic warm --num-records "$WARMUP_RECORDS" --record-size "$RECORD_SIZE" --acks 1 "$@" --output json >/dev/null 2>&1
  brook_cli topic create "p$round" --partitions "$PARTITIONS" "$@" >/dev/null
  local j; j=$(brook_cli perf produce --topic "p$round" --num-records "$NUM_RECORDS" --record-size "$RECORD_SIZE" --acks 1 "$@" \
      --output json 2>/dev/null)
  log "$label produce #$round: $j"
  record "$label" "$round" produce_records_per_sec "$(json_field records_per_sec <<<"$j")"
  record "$label" "$round" produce_mib_per_sec "$(json_field mib_per_sec <<<"$j")"
  j=$(brook_cli perf consume --topic "p$round" --messages "$NUM_RECORDS" "$@" --output json 2>/dev/null)
  log "$label consume #$round: $j"
  record "$label" "$round" consume_mib_per_sec "$(json_field mib_per_sec <<<"$j")"
}

brook_round() { # round
  rm -rf "$WORK/brook-data"
  brook_start
  brook_workload brook_plain "$1"
  brook_stop
  # TLS + SCRAM: the user is made while the broker is open (TLS already), then authentication is required
  rm -rf "$WORK/brook-data"
  local tls=(--set tls.enabled=true --set "tls.key.file=$CERTS/broker.key" --set "tls.cert.file=$CERTS/broker.pem")
  brook_start "${tls[@]}"
  BROOK_NEW_PASSWORD="$BROOK_PASSWORD" brook_cli user create bench --tls-ca "$CERTS/ca.pem" >/dev/null
  brook_stop
  brook_start "${tls[@]}" --set client.authentication=sasl
  brook_workload brook_tls_scram "$1" --tls-ca "$CERTS/ca.pem" --user bench
  brook_stop
}

kafka_tool() { java $TOOL_HEAP -cp "$KAFKA_LIB/*" "$@"; }

kafka_workload() { # label round bootstrap client-config
  local label=$1 round=$2 bs=$3 cfg=$4 line
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --create --topic "warm$round$label" \
    --partitions "$PARTITIONS" --replication-factor 1 >/dev/null 2>&1
  kafka_tool org.apache.kafka.tools.ProducerPerformance --topic "warm$round$label" --num-records "$WARMUP_RECORDS" \
    --record-size "$RECORD_SIZE" --throughput -1 --producer.config "$cfg" --producer-props bootstrap.servers="$bs" acks=1 \
    linger.ms=5 batch.size=131072 >/dev/null 2>&1
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --create --topic "p$round$label" \
    --partitions "$PARTITIONS" --replication-factor 1 >/dev/null 2>&1
  line=$(kafka_tool org.apache.kafka.tools.ProducerPerformance --topic "p$round$label" --num-records "$NUM_RECORDS" \
    --record-size "$RECORD_SIZE" --throughput -1 --producer.config "$cfg" --producer-props bootstrap.servers="$bs" acks=1 \
    linger.ms=5 batch.size=131072 2>/dev/null | tail -1)
  log "$label produce #$round: $line"
  record "$label" "$round" produce_records_per_sec "$(grep -oE '[0-9.]+ records/sec' <<<"$line" | cut -d' ' -f1)"
  record "$label" "$round" produce_mib_per_sec "$(grep -oE '\([0-9.]+ MB/sec' <<<"$line" | tr -d '(' | cut -d' ' -f1)"
  line=$(kafka_tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$bs" --command-config "$cfg" \
    --topic "p$round$label" --num-records "$NUM_RECORDS" --group "perf-$round-$label-$RANDOM" --timeout 60000 2>/dev/null | tail -1)
  log "$label consume #$round: $line"
  local fmbs; IFS=',' read -r _ _ _ _ _ _ _ _ fmbs _ <<<"$line"
  record "$label" "$round" consume_mib_per_sec "${fmbs// /}"
}

kafka_round() { # round
  printf '' > "$WORK/plain.properties"
  printf 'security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=%s\n' "$CERTS/ca.pem" > "$WORK/ssl.properties"
  WARMUP_RECORDS=0 EXTRA_BROKER_PROPS="listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,SSL://127.0.0.1:9094
advertised.listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,SSL://127.0.0.1:9094
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL
ssl.keystore.type=PEM
ssl.keystore.location=$CERTS/kafka-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$CERTS/ca.pem" bash "$PEER" start-single >/dev/null 2>>"$WORK/kafka.log"
  kafka_workload kafka_plain "$1" 127.0.0.1:9092 "$WORK/plain.properties"
  kafka_workload kafka_ssl "$1" 127.0.0.1:9094 "$WORK/ssl.properties"
  bash "$PEER" stop >/dev/null 2>>"$WORK/kafka.log"
}

bash "$PEER" fetch >/dev/null 2>>"$WORK/kafka.log"
for r in $(seq "$ROUNDS"); do
  if (( r % 2 )); then brook_round "$r"; kafka_round "$r"; else kafka_round "$r"; brook_round "$r"; fi
done
log "results: $OUT"
python3 - "$OUT" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, rnd, metric, value = line.rstrip('\n').split('\t')
    if value:
        rows[(label, metric)].append(float(value))
for (label, metric), values in sorted(rows.items()):
    print(f"{label:16} {metric:26} median {statistics.median(values):12.1f}  of {values}")
PY
