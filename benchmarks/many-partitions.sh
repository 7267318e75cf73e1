#!/usr/bin/env bash
# Many partitions (issue 15): Brook against Apache Kafka 4.4 on this machine, 3 brokers each, one topic
# of PARTITIONS partitions, RF 3 (Kafka: min.insync.replicas=2). For each system, on a fresh cluster:
#   create    time from the create command until every partition has a leader and all 3 replicas in
#             sync (Brook: the brokers' /metrics: every partition led, no leader reporting it
#             under-replicated; Kafka: kafka-topics --describe --unavailable-partitions and
#             --under-replicated-partitions both empty);
#   idle      IDLE_S seconds without traffic: CPU of each broker from /proc/PID/stat (utime+stime, % of
#             one core), resident memory, open file descriptors, and leader changes (Brook: the sum of
#             brook_partition_leader_changes_total before/after; both: partitions whose leader differs
#             between a describe before and after);
#   produce   RATE records/s of RECORD_SIZE bytes for PRODUCE_S seconds, acks=all, spread round-robin
#             over every partition (brook perf produce --partitioner round-robin; Kafka's
#             ProducerPerformance with RoundRobinPartitioner), latency p50/p99/max;
#   stop      (STOP_RESTART=1) SIGTERM to broker 3 (controlled shutdown): seconds until it exited and
#             until the other brokers led every partition; then the same command line again: seconds
#             until every partition is fully in sync again.
# Both sides: brokers get BROKER_HEAP and the G1 flags of Kafka's scripts (JVM_PERF); clients
# -Xmx512m (CLIENT_HEAP). Systems alternate by round.
#
#   flock /work/bench.lock benchmarks/many-partitions.sh                  # both systems, PARTITIONS=10000
#   TOPICS=1000 PARTITIONS=10 PRODUCE_S=0 ...  1,000 topics of 10 (mp-1..mp-1000), created in one request
#             each for Brook (brook topic create with 1,000 names) and in requests of KAFKA_CREATE_STEP
#             partitions for Kafka (benchmarks/tools/KafkaCreateTopics.java); no produce (both perf tools
#             write to one topic)
#   PARTITIONS=1000 SYSTEMS=brook IDLE_S=30 benchmarks/many-partitions.sh
#   PROFILE_S=60 ...      then a JFR profile of every idle Brook broker over a second idle window
#   CREATE_PROFILE_S=90 ...  a JFR profile of every Brook broker from the create command on ($WORK/create-*.jfr)
#   BROOK_DIST=/path/to/cli/target ...   brokers and tools of another build (before/after a change)
#
# Ports: Brook 1941N (client), 1942N (peer), 1943N (metrics); Kafka 2909N (client), 2919N (controller).
# Results: benchmarks/results/many-partitions-STAMP.tsv (system, partitions, round, metric, value) and .log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SYSTEMS=${SYSTEMS:-brook kafka}
PARTITIONS=${PARTITIONS:-10000}          # per topic
TOPICS=${TOPICS:-1}
TOTAL=$((TOPICS * PARTITIONS))
ROUNDS=${ROUNDS:-1}
IDLE_S=${IDLE_S:-60}
RATE=${RATE:-20000} PRODUCE_S=${PRODUCE_S:-60} RECORD_SIZE=${RECORD_SIZE:-100}   # PRODUCE_S=0: no produce
BATCH_SIZE=${BATCH_SIZE:-16384} BUFFER_MEMORY=${BUFFER_MEMORY:-67108864}   # both producers; round-robin makes 1-record batches
SETTLE_S=${SETTLE_S:-30}                   # after all in sync, before the idle window (leader balancing)
WARMUP_S=${WARMUP_S:-15}                   # produce at RATE for this long before the timed run (JIT), both systems
STOP_RESTART=${STOP_RESTART:-1}
PROFILE_S=${PROFILE_S:-0}
CREATE_PROFILE_S=${CREATE_PROFILE_S:-0}   # Brook: a JFR recording of every broker for this long from the create
CREATE_TIMEOUT_S=${CREATE_TIMEOUT_S:-900}
QUIET_LOAD=${QUIET_LOAD:-3} QUIET_WAIT_S=${QUIET_WAIT_S:-180}   # before each system's round: 1-minute load below, at most this long
# seconds between the scrapes that wait for leaders: at 10,000 partitions one scrape of every broker's
# /metrics is itself a load (20% of a broker's profile when polled every second)
POLL_S=${POLL_S:-$((TOTAL >= 5000 ? 5 : 1))}
KAFKA_CREATE_STEP=${KAFKA_CREATE_STEP:-5000}   # Kafka: create this many partitions, then grow the topic by as many
BROKER_HEAP=${BROKER_HEAP:--Xms1g -Xmx1g}
JVM_PERF=${JVM_PERF:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
CLIENT_HEAP=${CLIENT_HEAP:--Xms512m -Xmx512m}
KAFKA_LIB=${KAFKA_LIB:-/tmp/kafka-peer/lib}  # jars fetched by ../shared/kafka-peer/run.sh fetch
WORK=${WORK:-/tmp/brook-many-partitions}
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${OUT:-$ROOT/benchmarks/results/many-partitions-$STAMP.tsv}
LOG=${OUT%.tsv}.log
TOPIC=mp                                   # TOPICS=1: the topic; else the prefix of mp-1..mp-$TOPICS
LABEL=$( ((TOPICS == 1)) && echo "$PARTITIONS" || echo "${TOPICS}x$PARTITIONS")
topic_names() { if ((TOPICS == 1)); then echo "$TOPIC"; else seq -f "$TOPIC-%g" 1 "$TOPICS"; fi; }
mkdir -p "$WORK" "$(dirname "$OUT")"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$LOG" >&2; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$SYS" "$LABEL" "$ROUND" "$1" "$2" >> "$OUT"; log "$SYS $1 = $2"; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_mib() { awk '/VmRSS/{printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
declare -A PID

# ---------------------------------------------------------------- Brook: 'brook server' processes of our own
BROOK_DIST=${BROOK_DIST:-$ROOT/cli/target}   # brook.jar and lib/ (another build's copy to compare builds)
BROOK_CP="$BROOK_DIST/brook.jar:$BROOK_DIST/lib/*"
BROOK_DIR=$WORK/brook
brook_cli() { java $CLIENT_HEAP -cp "$BROOK_CP" io.brook.cli.Main "$@"; }
brook_voters() { echo "1@127.0.0.1:19421,2@127.0.0.1:19422,3@127.0.0.1:19423"; }
brook_start_node() { # id
  local i=$1 jvm=() o
  for o in $BROKER_HEAP $JVM_PERF; do jvm+=("$o"); done
  setsid java "${jvm[@]}" -cp "$BROOK_CP" io.brook.cli.Main server --broker-id "$i" --listener "127.0.0.1:1941$i" \
    --data "$BROOK_DIR/node$i" --set controller.voters="$(brook_voters)" --set peer.listener="127.0.0.1:1942$i" \
    --set metrics.listener="127.0.0.1:1943$i" >> "$BROOK_DIR/node$i.log" 2>&1 < /dev/null &
  PID[$i]=$!
}
brook_start() {
  rm -rf "$BROOK_DIR"; mkdir -p "$BROOK_DIR"
  local i t
  for i in 1 2 3; do brook_start_node "$i"; done
  for ((t = 0; t < 120; t++)); do
    brook_metrics summary >/dev/null 2>&1 && brook_cli cluster status -b 127.0.0.1:19411 -o json --timeout-ms 5000 2>/dev/null \
      | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["controller_id"] is not None and sum(b["alive"] for b in d["brokers"])==3 else 1)' && return 0
    sleep 1
  done
  log "brook cluster did not become ready"; return 1
}
brook_stop_node() { # id
  local i=$1 t pid=${PID[$1]:-}
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "--data $BROOK_DIR/node$i "; then
    kill -TERM "$pid"
    for ((t = 0; t < 120; t++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  unset "PID[$i]"
}
brook_stop() { local i; for i in 1 2 3; do brook_stop_node "$i" & done; wait; PID=(); }
# brook_metrics summary|leaders [ids...]: scrapes /metrics of the brokers (default 1 2 3)
brook_metrics() {
  local what=$1; shift
  local ids=("$@"); ((${#ids[@]})) || ids=(1 2 3)
  local urls=() i
  for i in "${ids[@]}"; do urls+=("http://127.0.0.1:1943$i/metrics"); done
  python3 - "$what" "$TOPIC" "${urls[@]}" <<'PY'
import sys, re, urllib.request
what, topic, urls = sys.argv[1], sys.argv[2], sys.argv[3:]
leaders, under, offline, changes = {}, 0, 0, 0
role = re.compile(r'^brook_partition_role\{(.*)\} 1(\.0)?$')
for u in urls:
    body = urllib.request.urlopen(u, timeout=30).read().decode()
    for line in body.splitlines():
        if line.startswith('brook_partition_role{'):
            m = role.match(line)
            if m:
                labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
                t = labels.get('topic', '')
                if labels.get('role') == 'leader' and (t == topic or t.startswith(topic + '-')):
                    leaders[(t, int(labels['partition']))] = u
        elif line.startswith('brook_partitions_under_replicated '):
            under += float(line.split()[1])
        elif line.startswith('brook_partitions_offline '):
            offline += float(line.split()[1])
        elif line.startswith('brook_partition_leader_changes_total '):
            changes += float(line.split()[1])
if what == 'summary':
    print(len(leaders), int(under), int(offline), int(changes))
else:
    for t, p in sorted(leaders):
        print(f'{t}/{p}', re.search(r':194(\d)(\d)/', leaders[(t, p)]).group(2))
PY
}
brook_create() {
  # shellcheck disable=SC2046 # one argument per topic name
  brook_cli topic create $(topic_names) -p "$PARTITIONS" -r 3 -b 127.0.0.1:19411 --timeout-ms $((CREATE_TIMEOUT_S * 1000)) > /dev/null 2>> "$LOG"
}
brook_all_in_sync() { # every partition led, none under-replicated, none offline (from the brokers given, default all)
  local s; s=$(brook_metrics summary "$@" 2>/dev/null) || return 1
  read -r l u o _ <<<"$s"; ((l == TOTAL && u == 0 && o == 0))
}
brook_changes() { brook_metrics summary | awk '{print $4}'; }
brook_leaders() { brook_metrics leaders; }
brook_produce() { # seconds tag
  brook_cli perf produce -b 127.0.0.1:19411 -t "$TOPIC" -n $((RATE * $1)) --record-size "$RECORD_SIZE" --throughput "$RATE" \
    --acks all --partitioner round-robin --batch-size "$BATCH_SIZE" --buffer-memory "$BUFFER_MEMORY" -o json 2>>"$LOG" | tail -1
}

# ---------------------------------------------------------------- Kafka: KRaft nodes of our own from the jars
KAFKA_DIR=$WORK/kafka
kafka_tool() { java $CLIENT_HEAP -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2-tools.properties" -cp "$KAFKA_LIB/*" "$@"; }
kafka_props() { # id
  local i=$1
  cat > "$KAFKA_DIR/server-$i.properties" <<P
process.roles=broker,controller
node.id=$i
listeners=PLAINTEXT://127.0.0.1:2909$i,CONTROLLER://127.0.0.1:2919$i
advertised.listeners=PLAINTEXT://127.0.0.1:2909$i,CONTROLLER://127.0.0.1:2919$i
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
controller.quorum.voters=1@127.0.0.1:29191,2@127.0.0.1:29192,3@127.0.0.1:29193
log.dirs=$KAFKA_DIR/data$i
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600
num.partitions=1
num.recovery.threads.per.data.dir=1
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
group.initial.rebalance.delay.ms=0
P
}
kafka_start_node() { # id
  local i=$1
  setsid java $BROKER_HEAP -server $JVM_PERF -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2-broker.properties" -cp "$KAFKA_LIB/*" \
    kafka.Kafka "$KAFKA_DIR/server-$i.properties" >> "$KAFKA_DIR/server-$i.log" 2>&1 < /dev/null &
  PID[$i]=$!
}
kafka_start() {
  rm -rf "$KAFKA_DIR"; mkdir -p "$KAFKA_DIR"
  printf '%s\n' 'rootLogger.level = WARN' 'rootLogger.appenderRef.out.ref = OUT' 'appender.out.type = Console' 'appender.out.name = OUT' \
    'appender.out.layout.type = PatternLayout' 'appender.out.layout.pattern = [%d] %p %m (%c)%n' > "$KAFKA_DIR/log4j2-tools.properties"
  sed 's/= WARN/= INFO/' "$KAFKA_DIR/log4j2-tools.properties" > "$KAFKA_DIR/log4j2-broker.properties"
  printf '%s\n' 'logger.state.name = state.change.logger' 'logger.state.level = WARN' >> "$KAFKA_DIR/log4j2-broker.properties"
  local cid i t
  cid=$(java -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
  for i in 1 2 3; do
    kafka_props "$i"
    java -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2-tools.properties" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool format -t "$cid" \
      -c "$KAFKA_DIR/server-$i.properties" >> "$LOG" 2>&1
  done
  for i in 1 2 3; do kafka_start_node "$i"; done
  for i in 1 2 3; do
    for ((t = 0; t < 120; t++)); do grep -q 'Kafka Server started' "$KAFKA_DIR/server-$i.log" 2>/dev/null && break; sleep 1; done
    grep -q 'Kafka Server started' "$KAFKA_DIR/server-$i.log" || { log "kafka node $i did not start"; return 1; }
  done
}
kafka_stop_node() { # id
  local i=$1 t pid=${PID[$1]:-}
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "kafka.Kafka $KAFKA_DIR/server-$i.properties"; then
    kill -TERM "$pid"
    for ((t = 0; t < 240; t++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  unset "PID[$i]"
}
kafka_stop() { # all at once: a last node alone waits for a controller quorum that is gone
  local i; for i in 1 2 3; do kafka_stop_node "$i" & done; wait
  PID=()
}
KAFKA_BOOT=127.0.0.1:29091,127.0.0.1:29092,127.0.0.1:29093
kafka_topics() { kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "${BOOT:-$KAFKA_BOOT}" "$@" 2>>"$LOG"; }
kafka_create() { # in steps of KAFKA_CREATE_STEP partitions: the KRaft controller refuses one operation of
  # more than 10,000 records ("Unable to perform excessively large batch operation"), which a topic of
  # 10,000 partitions needs
  if ((TOPICS > 1)); then
    # shellcheck disable=SC2046 # one argument per topic name
    java $CLIENT_HEAP -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2-tools.properties" -cp "$KAFKA_LIB/*" \
      "$ROOT/benchmarks/tools/KafkaCreateTopics.java" "$KAFKA_BOOT" "$PARTITIONS" 3 "$KAFKA_CREATE_STEP" $(topic_names) >> "$LOG" 2>&1
    return
  fi
  local n=$((PARTITIONS < KAFKA_CREATE_STEP ? PARTITIONS : KAFKA_CREATE_STEP))
  kafka_topics --create --topic "$TOPIC" --partitions "$n" --replication-factor 3 --config min.insync.replicas=2 >> "$LOG" || return 1
  while ((n < PARTITIONS)); do
    n=$((n + KAFKA_CREATE_STEP < PARTITIONS ? n + KAFKA_CREATE_STEP : PARTITIONS))
    kafka_topics --alter --topic "$TOPIC" --partitions "$n" >> "$LOG" || return 1
  done
}
kafka_all_in_sync() { # [ids...]: no partition unavailable or under-replicated, asked of the brokers given (default all)
  local ids=("$@") boot="" i; ((${#ids[@]})) || ids=(1 2 3)
  for i in "${ids[@]}"; do boot+="${boot:+,}127.0.0.1:2909$i"; done
  local out n
  out=$(BOOT=${boot:-$KAFKA_BOOT} kafka_topics --describe --topic "$(kafka_topic_pattern)" --unavailable-partitions --under-replicated-partitions) || return 1
  n=$(BOOT=${boot:-$KAFKA_BOOT} kafka_topics --describe --topic "$(kafka_topic_pattern)" | grep -c 'Partition: ') || return 1
  [[ -z $(grep 'Partition: ' <<<"$out") && $n == "$TOTAL" ]]
}
kafka_topic_pattern() { ((TOPICS == 1)) && echo "$TOPIC" || echo "$TOPIC-[0-9]+"; }   # --topic takes a regular expression
kafka_changes() { echo nan; }
kafka_leaders() {
  kafka_topics --describe --topic "$(kafka_topic_pattern)" \
    | awk '/Partition: /{for(i=1;i<=NF;i++){if($i=="Topic:")t=$(i+1); if($i=="Partition:")p=$(i+1); if($i=="Leader:")l=$(i+1)} print t "/" p, l}' | sort
}
kafka_produce() { # seconds
  local line
  line=$(kafka_tool org.apache.kafka.tools.ProducerPerformance --topic "$TOPIC" --num-records $((RATE * $1)) --record-size "$RECORD_SIZE" \
    --throughput "$RATE" --producer-props bootstrap.servers="$KAFKA_BOOT" acks=all linger.ms=5 batch.size="$BATCH_SIZE" buffer.memory="$BUFFER_MEMORY" \
    partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner 2>>"$LOG" | tail -1)
  python3 - "$line" <<'PY'
import sys, re, json
l = sys.argv[1]
g = lambda p: float(re.search(p, l).group(1)) if re.search(p, l) else None
print(json.dumps({"records_per_sec": g(r'([0-9.]+) records/sec'), "avg_ms": g(r'([0-9.]+) ms avg'), "p50_ms": g(r'([0-9]+) ms 50th'),
                  "p99_ms": g(r'([0-9]+) ms 99th'), "p999_ms": g(r'([0-9]+) ms 99.9th'), "max_ms": g(r'([0-9.]+) ms max')}))
PY
}

# ---------------------------------------------------------------- the workload, the same for both
idle() {
  local i before after t0 l0 l1 c0 c1 moved
  l0=$("${SYS}_leaders"); c0=$("${SYS}_changes")
  declare -A before
  for i in 1 2 3; do before[$i]=$(cpu_ticks "${PID[$i]}"); done
  log "$SYS: idle for $IDLE_S s (load $(cut -d' ' -f1-3 /proc/loadavg))"
  t0=$(now); sleep "$IDLE_S"
  local secs; secs=$(since "$t0")
  for i in 1 2 3; do
    record "idle_cpu_pct_broker$i" "$(python3 -c "print(round((int('$(cpu_ticks "${PID[$i]}")') - int('${before[$i]}')) / $(getconf CLK_TCK) / $secs * 100, 2))")"
    record "rss_mib_broker$i" "$(rss_mib "${PID[$i]}")"
    record "fds_broker$i" "$(fds "${PID[$i]}")"
  done
  l1=$("${SYS}_leaders"); c1=$("${SYS}_changes")
  moved=$(diff <(echo "$l0") <(echo "$l1") | grep -c '^>' || true)
  record idle_partitions_with_new_leader "$moved"
  [[ $c0 == nan ]] || record idle_leader_changes "$(python3 -c "print(int($c1) - int($c0))")"
  record idle_leaders_seen "$(echo "$l1" | grep -c . || true)"
  if ((PROFILE_S > 0)) && [[ $SYS == brook ]]; then # a second idle window, profiled (JFR 'profile' settings)
    for i in 1 2 3; do jcmd "${PID[$i]}" JFR.start settings=profile duration="${PROFILE_S}s" filename="$WORK/idle-$LABEL-broker$i.jfr" >> "$LOG" 2>&1 || true; done
    sleep $((PROFILE_S + 3))
    log "JFR profiles of the idle brokers: $WORK/idle-$LABEL-broker{1,2,3}.jfr"
  fi
}

produce() {
  local j
  ((WARMUP_S > 0)) && "${SYS}_produce" "$WARMUP_S" > /dev/null
  log "$SYS: produce $RATE records/s for $PRODUCE_S s (load $(cut -d' ' -f1-3 /proc/loadavg))"
  j=$("${SYS}_produce" "$PRODUCE_S")
  log "$SYS produce: $j"
  for m in records_per_sec avg_ms p50_ms p99_ms p999_ms max_ms; do
    record "produce_$m" "$(python3 -c "import json,sys; v=json.loads(sys.argv[1]).get('$m'); print('nan' if v is None else v)" "${j:-{\}}")"
  done
}

stop_restart() {
  local pid=${PID[3]} t0 t
  log "$SYS: SIGTERM to broker 3 (load $(cut -d' ' -f1-3 /proc/loadavg))"
  t0=$(now); kill -TERM "$pid"
  local exited="" led=""
  for ((t = 0; t < 2400; t++)); do
    [[ -z $exited ]] && ! kill -0 "$pid" 2>/dev/null && exited=$(since "$t0")
    if [[ -z $led && $SYS == brook ]]; then
      local s; s=$(brook_metrics summary 1 2 2>/dev/null) && [[ ${s%% *} == "$TOTAL" ]] && led=$(since "$t0")
    fi
    [[ -n $exited && ( -n $led || $SYS == kafka ) ]] && break
    sleep 0.2
  done
  unset "PID[3]"
  record stop_exit_s "${exited:-nan}"
  if [[ $SYS == brook ]]; then record stop_leaders_moved_s "${led:-nan}"; else
    # Kafka's controlled shutdown moves the leaderships before the broker exits
    record stop_partitions_led_by_3_after_exit "$(BOOT=127.0.0.1:29091 kafka_leaders | awk '$2==3' | wc -l)"
  fi
  log "$SYS: restarting broker 3"
  t0=$(now); "${SYS}_start_node" 3
  record restart_in_sync_s "$(until_in_sync "$t0")"
}

until_in_sync() { # t0: prints the seconds since t0 when the system was first seen all in sync, or nan
  local t
  for ((t = 0; t < CREATE_TIMEOUT_S; t += POLL_S)); do
    if "${SYS}_all_in_sync"; then since "$1"; return; fi
    sleep "$POLL_S"
  done
  echo nan
}

one() { # system round
  SYS=$1 ROUND=$2
  local q
  # the processes of the run before (brokers closing thousands of logs, the removal of their directories)
  # load the machine for a minute or more: wait for it to calm down, so that no system starts loaded
  for ((q = 0; q < QUIET_WAIT_S; q += 5)); do
    python3 -c "import os, sys; sys.exit(0 if os.getloadavg()[0] < $QUIET_LOAD else 1)" && break
    sleep 5
  done
  log "---- $SYS, $TOPICS topic(s) of $PARTITIONS partitions RF 3, round $ROUND (load $(cut -d' ' -f1-3 /proc/loadavg))"
  "${SYS}_start" || { log "$SYS did not start"; "${SYS}_stop"; return 1; }
  local t0 t
  if ((CREATE_PROFILE_S > 0)) && [[ $SYS == brook ]]; then # JFR of every broker while the partitions are created
    for i in 1 2 3; do jcmd "${PID[$i]}" JFR.start settings=profile duration="${CREATE_PROFILE_S}s" filename="$WORK/create-$LABEL-broker$i.jfr" >> "$LOG" 2>&1 || true; done
  fi
  t0=$(now)
  if ! "${SYS}_create"; then log "$SYS: create failed"; fi
  record create_cmd_s "$(since "$t0")"
  record create_all_in_sync_s "$(until_in_sync "$t0")"
  # Brook: every replica counts each leader or term it learns: one election per partition counts 3 to 5 (the leader once,
  # a follower once, or twice when the vote request came before the leader's first append)
  [[ $SYS == brook ]] && record create_leader_changes "$(brook_changes)"
  sleep "$SETTLE_S" # let the creation settle (flushes, leader balancing) before the idle window
  idle
  ((PRODUCE_S > 0)) && produce
  ((STOP_RESTART)) && stop_restart
  local i
  for i in 1 2 3; do record "fds_end_broker$i" "$(fds "${PID[$i]:-0}")"; done
  "${SYS}_stop"
  if [[ $SYS == brook ]]; then # the brokers' logs outlive the next start, which empties BROOK_DIR
    mkdir -p "$WORK/logs-$STAMP-$ROUND" && cp "$BROOK_DIR"/node*.log "$WORK/logs-$STAMP-$ROUND/" || true
    log "broker logs: $WORK/logs-$STAMP-$ROUND"
  fi
  log "---- $SYS done (load $(cut -d' ' -f1-3 /proc/loadavg))"
}

summary() { # results.tsv
  python3 - "$1" <<'PY'
import sys, statistics, collections
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
v = collections.defaultdict(list); metrics = []
for s, p, r, m, x in rows:
    if m not in metrics: metrics.append(m)
    if x.lower() != 'nan': v[(s, p, m)].append(float(x))
cols = sorted({(s, p) for s, p, *_ in rows}, key=lambda c: (eval(c[1].replace('x', '*')), c[1], c[0]))
print("| metric | " + " | ".join(f"{s} {p}" for s, p in cols) + " |")
print("|---|" + "---:|" * len(cols))
def cell(k):
    if k not in v: return "–"
    x = v[k]; m = statistics.median(x)
    return f"{m:,.2f}".rstrip('0').rstrip('.') + ("" if len(x) < 2 else f" ({min(x):,.1f}–{max(x):,.1f})")
for m in metrics:
    print(f"| {m} | " + " | ".join(cell((s, p, m)) for s, p in cols) + " |")
PY
}

case "${1:-run}" in
  summary) summary "$2"; exit 0 ;;
  run) ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
esac
trap '[[ -z ${SYS:-} ]] || "${SYS}_stop"' EXIT
trap 'exit 130' INT TERM
log "results in $OUT; commit $(git -C "$ROOT" rev-parse --short HEAD); $(nproc) cores; ulimit -n $(ulimit -n); systems: $SYSTEMS"
log "$(java -version 2>&1 | head -1); $(free -g | awk '/Mem:/{print $2}') GiB RAM; TOPICS=$TOPICS PARTITIONS=$PARTITIONS IDLE_S=$IDLE_S RATE=$RATE PRODUCE_S=$PRODUCE_S RECORD_SIZE=$RECORD_SIZE"
read -r -a order <<<"$SYSTEMS"
for r in $(seq "$ROUNDS"); do
  if ((r % 2)); then seq_=("${order[@]}"); else seq_=(); for ((i = ${#order[@]} - 1; i >= 0; i--)); do seq_+=("${order[$i]}"); done; fi
  for s in "${seq_[@]}"; do one "$s" "$r" || true; done
done
summary "$OUT" | tee -a "$LOG"
