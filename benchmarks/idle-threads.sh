#!/usr/bin/env bash
# Where an idle Brook cluster spends its CPU (issue 15): 3 brokers on this machine (the JVM flags of
# benchmarks/many-partitions.sh), one topic of PARTITIONS partitions RF 3, then SETTLE_S seconds for
# creation, elections and the leader balancer to finish, then each thread's CPU over WINDOW_S seconds
# from /proc/PID/task/TID/stat (utime+stime), summed per broker and averaged over the brokers per
# thread name (digits folded: brook-log-0 and brook-log-1 count as brook-log-N). Unlike
# many-partitions.sh, whose idle window starts right after creation (JIT compilation and the leader
# balancer included), this is the settled cost. Brook only: Kafka's threads are not named per task.
#
#   flock /work/bench.lock benchmarks/idle-threads.sh
#   PARTITIONS=1000 SETTLE_S=60 WINDOW_S=30 benchmarks/idle-threads.sh
#   EXTRA="--set raft.quiescent.heartbeat.ticks=100" ...   extra broker settings
#   BROOK_DIST=/path/with/brook.jar+lib ...                 another build
#   PROFILE=1 ...      JFR recordings of the window: $WORK/idle-broker{1,2,3}.jfr
#
# Ports: 1941N (client), 1942N (peer), 1943N (metrics), as many-partitions.sh (take the same lock).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PARTITIONS=${PARTITIONS:-10000}
SETTLE_S=${SETTLE_S:-240}
WINDOW_S=${WINDOW_S:-40}
EXTRA=${EXTRA:-}
PROFILE=${PROFILE:-0}
BROOK_DIST=${BROOK_DIST:-$ROOT/cli/target}
CP="$BROOK_DIST/brook.jar:$BROOK_DIST/lib/*"
WORK=${WORK:-/tmp/brook-idle-threads}
JVM="-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true"
HZ=$(getconf CLK_TCK)
rm -rf "$WORK"; mkdir -p "$WORK"
declare -A PID
stop_all() { for i in "${!PID[@]}"; do kill "${PID[$i]}" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT
for i in 1 2 3; do
  # shellcheck disable=SC2086
  setsid java $JVM -cp "$CP" io.brook.cli.Main server --broker-id "$i" --listener "127.0.0.1:1941$i" --data "$WORK/node$i" \
    --set controller.voters="1@127.0.0.1:19421,2@127.0.0.1:19422,3@127.0.0.1:19423" --set peer.listener="127.0.0.1:1942$i" \
    --set metrics.listener="127.0.0.1:1943$i" $EXTRA > "$WORK/node$i.log" 2>&1 < /dev/null &
  PID[$i]=$!
done
cli() { java -Xmx512m -cp "$CP" io.brook.cli.Main "$@"; }
for _ in $(seq 60); do cli cluster status -b 127.0.0.1:19411 --timeout-ms 3000 >/dev/null 2>&1 && break; sleep 1; done
echo "commit $(git -C "$ROOT" rev-parse --short HEAD); $(nproc) cores; PARTITIONS=$PARTITIONS SETTLE_S=$SETTLE_S WINDOW_S=$WINDOW_S EXTRA=$EXTRA"
cli topic create mp --partitions "$PARTITIONS" --replication-factor 3 -b 127.0.0.1:19411 > /dev/null
sleep "$SETTLE_S"
for i in 1 2 3; do
  echo "broker $i: $(curl -s "127.0.0.1:1943$i/metrics" | grep -E '^brook_partitions_quiescent ' || echo 'no quiescent gauge')"
done
snap() { for i in 1 2 3; do for t in /proc/"${PID[$i]}"/task/*; do echo "$i $(tr ' ' _ < "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done; done; }
if ((PROFILE)); then # a JFR recording of every broker over the window (the recorder's own cost is in the figures)
  for i in 1 2 3; do jcmd "${PID[$i]}" JFR.start settings=profile duration="${WINDOW_S}s" filename="$WORK/idle-broker$i.jfr" > /dev/null; done
fi
snap > "$WORK/before"; sleep "$WINDOW_S"; snap > "$WORK/after"
python3 - "$WORK/before" "$WORK/after" "$WINDOW_S" "$HZ" <<'PY'
import collections, re, sys
def load(path):
    ticks = collections.Counter()
    for line in open(path):
        broker, name, value = line.split()
        ticks[(broker, re.sub(r'\d+', 'N', name))] += int(value)
    return ticks
before, after = load(sys.argv[1]), load(sys.argv[2])
window, hz = float(sys.argv[3]), float(sys.argv[4])
per_broker, per_thread = collections.Counter(), collections.Counter()
for key, value in after.items():
    pct = (value - before.get(key, 0)) / hz / window * 100  # % of one core
    per_broker[key[0]] += pct
    per_thread[key[1]] += pct / 3
for broker, pct in sorted(per_broker.items()):
    print(f"broker {broker}: {pct:.1f}% of a core")
for name, pct in per_thread.most_common(12):
    print(f"  {pct:5.2f}%  {name}")
PY
