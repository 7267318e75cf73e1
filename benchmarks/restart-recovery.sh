#!/usr/bin/env bash
# Restart after a crash (issue 15): one broker with SIZE_GIB of log in segments of SEGMENT_BYTES,
# killed with SIGKILL (or stopped with SIGTERM) and started again; measures the time from the new
# process's launch until it acknowledges a produce (acks=all, partition 0) and answers a fetch of
# partition 0 from offset 0 (a record written before the crash), with
# io.brook.benchmarks.restart.RestartProbe (started before the kill, so its JVM start is not counted).
#
#   benchmarks/restart-recovery.sh fill brook|kafka     start a fresh broker and fill it (not timed;
#                                                      leaves it running for the rounds)
#   flock /work/bench.lock benchmarks/restart-recovery.sh rounds brook|kafka
#                                                      ROUNDS kill -9 + restart, then one SIGTERM + restart;
#                                                      leaves the broker running
#   benchmarks/restart-recovery.sh stop brook|kafka    stop the broker started here (SIGTERM)
#   benchmarks/restart-recovery.sh delete              stop both and delete $WORK (the data)
#
# Results: one TSV row per restart in benchmarks/results/restart-<system>-<date>.tsv: system, kind
# (crash = kill -9, clean = SIGTERM), round, seconds to the first acknowledged produce, seconds to the
# first answered fetch, bytes the new process read with read(2)/pread(2) until then (rchar of
# /proc/PID/io: jars, logs, indexes, checkpoints; mmap'ed files are not counted), load average.
# Brook listens on BROOK_PORT (clients) and BROOK_PORT+1 (peers, its own controller).
# Kafka 4.4 (KRaft, combined broker+controller) runs from the jars ../shared/kafka-peer/run.sh fetch
# puts in $KAFKA_LIB, with the same segment size and without fsync per append (its default: on
# kill -9 it recovers the segments after its recovery-point checkpoint, written every 60 s).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK=${WORK:-/tmp/brook-restart}
SIZE_GIB=${SIZE_GIB:-10}
SEGMENT_BYTES=${SEGMENT_BYTES:-10485760}
PARTITIONS=${PARTITIONS:-4}
RECORD_SIZE=${RECORD_SIZE:-1024}
ROUNDS=${ROUNDS:-3}
TOPIC=${TOPIC:-restart}
BROOK_PORT=${BROOK_PORT:-19591}
KAFKA_PORT=${KAFKA_PORT:-29591}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-29592}
KAFKA_LIB=${KAFKA_LIB:-/tmp/kafka-peer/lib}
HEAP=${HEAP:--Xms1g -Xmx1g}
JVM_GC=${JVM_GC:--XX:+UseG1GC -XX:MaxGCPauseMillis=20}
BROOK_EXTRA_JVM=${BROOK_EXTRA_JVM:-}   # e.g. -XX:StartFlightRecording=filename=/tmp/r.jfr,settings=profile
BROOK="$ROOT/brook"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
RESULTS="$ROOT/benchmarks/results"
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now_ms() { date +%s%3N; }

records() { echo $((SIZE_GIB * 1024 * 1024 * 1024 / RECORD_SIZE)); }
pid_file() { echo "$WORK/$1.pid"; }
# the PID in the pid file, if it is still our broker (its command line names our data directory)
our_pid() {
  local f; f=$(pid_file "$1"); [[ -f $f ]] || return 1
  local pid; pid=$(cat "$f")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$WORK/$1-" && echo "$pid"
}

launch() { # system  (appends to $WORK/<system>-server.log; writes the PID file)
  local out="$WORK/$1-server.log"
  echo "---- launch $(date -u +%FT%T.%3NZ)" >> "$out"
  case $1 in
    brook)
      # shellcheck disable=SC2086
      BROOK_JVM_OPTS="$HEAP $JVM_GC $BROOK_EXTRA_JVM" nohup "$BROOK" server --data "$WORK/brook-data" \
        --listener "127.0.0.1:$BROOK_PORT" --set peer.listener="127.0.0.1:$((BROOK_PORT + 1))" \
        --set log.segment.bytes="$SEGMENT_BYTES" >> "$out" 2>&1 < /dev/null & ;;
    kafka)
      # shellcheck disable=SC2086
      nohup java $HEAP $JVM_GC -Dlog4j2.configurationFile="$WORK/kafka-log4j2.properties" -cp "$KAFKA_LIB/*" \
        kafka.Kafka "$WORK/kafka-server.properties" >> "$out" 2>&1 < /dev/null & ;;
  esac
  echo $! > "$(pid_file "$1")"
  disown  # no "Killed" job notice when a round kills it
}

wait_listening() { # system
  local out="$WORK/$1-server.log" pattern t
  [[ $1 == brook ]] && pattern="listening on" || pattern="Kafka Server started"
  for ((t = 0; t < 240; t++)); do
    tail -n 200 "$out" | grep -q "$pattern" && return 0
    our_pid "$1" >/dev/null || { tail -30 "$out" >&2; log "$1 died"; return 1; }
    sleep 0.5
  done
  log "$1 did not start"; return 1
}

stop() { # system
  local pid t
  pid=$(our_pid "$1") || return 0
  kill -TERM "$pid"
  for ((t = 0; t < 120; t++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  log "$1 (pid $pid) still alive after 60 s: SIGKILL"; kill -KILL "$pid"
}

kafka_config() {
  cat > "$WORK/kafka-server.properties" <<P
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
log.dirs=$WORK/kafka-data
num.network.threads=3
num.io.threads=8
num.partitions=1
num.recovery.threads.per.data.dir=1
offsets.topic.replication.factor=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
log.retention.hours=-1
log.segment.bytes=$SEGMENT_BYTES
group.initial.rebalance.delay.ms=0
P
  cat > "$WORK/kafka-log4j2.properties" <<'L'
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
logger.state.name = state.change.logger
logger.state.level = WARN
L
}

fill() { # system
  local need=$((SIZE_GIB + 5)) avail
  mkdir -p "$WORK"
  avail=$(df --output=avail -BG "$WORK" | tail -1 | tr -dc 0-9)
  ((avail >= need)) || { log "only ${avail} GiB free under $WORK, need $need"; return 1; }
  stop "$1"; rm -rf "${WORK:?}/$1-data" "$WORK/$1-server.log"
  local n; n=$(records)
  case $1 in
    brook)
      launch brook; wait_listening brook
      "$BROOK" topic create "$TOPIC" --partitions "$PARTITIONS" --bootstrap "127.0.0.1:$BROOK_PORT" >/dev/null
      log "brook: producing $n records of $RECORD_SIZE B with acks=all"
      "$BROOK" perf produce --bootstrap "127.0.0.1:$BROOK_PORT" --topic "$TOPIC" --num-records "$n" \
        --record-size "$RECORD_SIZE" --acks all --reporting-interval-ms 30000 >&2 ;;
    kafka)
      kafka_config
      local cid; cid=$(java -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
      java -Dlog4j2.configurationFile="$WORK/kafka-log4j2.properties" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool format \
        -t "$cid" -c "$WORK/kafka-server.properties" --standalone >/dev/null
      launch kafka; wait_listening kafka
      java -Xmx512m -cp "$KAFKA_LIB/*" org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" \
        --create --topic "$TOPIC" --partitions "$PARTITIONS" --replication-factor 1 >/dev/null
      log "kafka: producing $n records of $RECORD_SIZE B with acks=all"
      java -Xmx512m -cp "$KAFKA_LIB/*" org.apache.kafka.tools.ProducerPerformance --topic "$TOPIC" --num-records "$n" \
        --record-size "$RECORD_SIZE" --throughput -1 --producer-props bootstrap.servers="127.0.0.1:$KAFKA_PORT" acks=all \
        linger.ms=5 batch.size=131072 >&2 ;;
  esac
  log "$1: $(du -sh "$WORK/$1-data" | cut -f1) in $(find "$WORK/$1-data" -name '*.log' -size +0 | wc -l) segment files"
}

# One restart: start the probe, stop the running broker (kill -9 or SIGTERM), launch it again, wait
# for the probe; appends a row to $OUT.
restart_once() { # system kind round
  local pid old load probe_out t0 line produced fetched rchar
  old=$(our_pid "$1") || { log "no running $1 broker (run fill first)"; return 1; }
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  local bootstrap="127.0.0.1:$BROOK_PORT"; [[ $1 == kafka ]] && bootstrap="127.0.0.1:$KAFKA_PORT"
  coproc PROBE { java -Xmx512m -cp "$JAR" io.brook.benchmarks.restart.RestartProbe "$1" "$bootstrap" "$TOPIC" 180 2>/dev/null; }
  read -r line <&"${PROBE[0]}"
  [[ $line == ready ]] || { log "probe: $line"; return 1; }
  if [[ $2 == crash ]]; then
    kill -KILL "$old"
  else
    kill -TERM "$old"
  fi
  while kill -0 "$old" 2>/dev/null; do sleep 0.05; done
  t0=$(now_ms)
  launch "$1"
  pid=$(cat "$(pid_file "$1")")
  echo go >&"${PROBE[1]}"
  read -r line <&"${PROBE[0]}" || line=failed
  rchar=$(awk '/^rchar/{print $2}' "/proc/$pid/io" 2>/dev/null || echo -1)
  wait "$PROBE_PID" 2>/dev/null || true
  if [[ $line != produced_ms=* ]]; then log "$1 $2 round $3: probe says '$line'"; return 1; fi
  produced=${line#produced_ms=}; produced=${produced%% *}; fetched=${line##*fetched_ms=}
  local ps fs; ps=$(awk -v a="$produced" -v b="$t0" 'BEGIN{printf "%.2f", (a-b)/1000}')
  fs=$(awk -v a="$fetched" -v b="$t0" 'BEGIN{printf "%.2f", (a-b)/1000}')
  log "$1 $2 round $3: produce acknowledged after $ps s, fetch answered after $fs s; read $rchar bytes; load $load"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$ps" "$fs" "$rchar" "$load" >> "$OUT"
}

rounds() { # system
  OUT="$RESULTS/restart-$1-$(date -u +%Y%m%d-%H%M%S).tsv"
  mkdir -p "$RESULTS"
  printf 'system\tkind\tround\tproduce_s\tfetch_s\tread_bytes\tload\n' > "$OUT"
  log "$1: commit $(git -C "$ROOT" rev-parse --short HEAD); $(du -sh "$WORK/$1-data" | cut -f1) in \
$(find "$WORK/$1-data" -name '*.log' -size +0 | wc -l) segment files; uptime: $(uptime)"
  local r
  for r in $(seq "$ROUNDS"); do restart_once "$1" crash "$r"; sleep 2; done
  restart_once "$1" clean 1
  log "$1: results in $OUT; uptime: $(uptime)"
}

case "${1:-}" in
  fill) fill "$2" ;;
  rounds) rounds "$2" ;;
  stop) stop "$2" ;;
  delete) stop brook; stop kafka; rm -rf "${WORK:?}" ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
esac
