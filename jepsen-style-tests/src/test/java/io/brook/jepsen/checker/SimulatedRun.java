package io.brook.jepsen.checker;

import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded model of a correct run, producing a history every checker must accept: workers (each its
 * own producer, naming the call's sequence number) send unique values to partitions whose logs leave
 * control-batch gaps (leader changes), poll in assign mode from positions they keep, sometimes seek;
 * sends fail (not written) or end unknown (written or not), polls end unknown (the consumer may have
 * moved on); the harness finally reads every partition from offset 0. Also yields the replicas' logs: one complete, one behind, one starting
 * later, the last two with uncommitted tails that differ.
 */
final class SimulatedRun {

    static final int HARNESS = -1;

    private final Random random;
    private final int partitions;
    private final List<List<Op.Read>> logs = new ArrayList<>();
    private final long[] nextOffset;
    private final Worker[] workers;
    private final List<Op> ops = new ArrayList<>();
    private long time;

    /** One client: its open operation and its positions. */
    private static final class Worker {
        final int process;
        final Map<Integer, Long> positions = new HashMap<>();
        Op open;
        int sent;

        Worker(int process) {
            this.process = process;
        }
    }

    SimulatedRun(Random random, int partitions, int workers) {
        this.random = random;
        this.partitions = partitions;
        this.nextOffset = new long[partitions];
        this.workers = new Worker[workers];
        for (int p = 0; p < partitions; p++) {
            logs.add(new ArrayList<>());
        }
        for (int w = 0; w < workers; w++) {
            this.workers[w] = new Worker(w);
        }
    }

    /** A random small run: 1-4 partitions, 2-5 workers, {@code steps} scheduling steps. */
    static SimulatedRun random(Random random, int steps) {
        SimulatedRun run = new SimulatedRun(random, 1 + random.nextInt(4), 2 + random.nextInt(4));
        run.run(steps);
        return run;
    }

    /** {@code steps} times: maybe a leader change, then one worker invokes or completes an operation. */
    void run(int steps) {
        for (int i = 0; i < steps; i++) {
            if (random.nextInt(50) == 0) {
                // a new leader's control batch takes offsets no consumer ever sees
                nextOffset[random.nextInt(partitions)] += 1 + random.nextInt(3);
            }
            step(workers[random.nextInt(workers.length)]);
        }
        for (Worker w : workers) {
            if (w.open != null) {
                complete(w);
            }
        }
        finalRead();
    }

    List<Op> history() {
        return List.copyOf(ops);
    }

    ReplicaLogs replicaLogs() {
        Map<Integer, Map<Integer, List<ReplicaLogs.Entry>>> all = new LinkedHashMap<>();
        Map<Integer, Long> commitEnd = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            List<ReplicaLogs.Entry> full = new ArrayList<>();
            for (Op.Read r : logs.get(p)) {
                full.add(new ReplicaLogs.Entry(r.offset(), r.value()));
            }
            long end = nextOffset[p];
            List<ReplicaLogs.Entry> behind = new ArrayList<>(full.subList(0, random.nextInt(full.size() + 1)));
            List<ReplicaLogs.Entry> later = new ArrayList<>(full.subList(random.nextInt(full.size() + 1), full.size()));
            behind.add(new ReplicaLogs.Entry(end + 1, "uncommitted-b-" + p));
            later.add(new ReplicaLogs.Entry(end + 1, "uncommitted-c-" + p));
            later.add(new ReplicaLogs.Entry(end + 2, "uncommitted-c2-" + p));
            Map<Integer, List<ReplicaLogs.Entry>> replicas = new LinkedHashMap<>();
            replicas.put(1, full);
            replicas.put(2, behind);
            replicas.put(3, later);
            all.put(p, replicas);
            commitEnd.put(p, end);
        }
        return new ReplicaLogs(all, commitEnd);
    }

    private void step(Worker w) {
        if (w.open != null) {
            complete(w);
            return;
        }
        int dice = random.nextInt(100);
        if (dice < 55) {
            long seq = w.sent++;
            String value = "w" + w.process + "-" + seq;
            int requested = random.nextInt(3) == 0 ? random.nextInt(partitions) : -1;
            // each worker is one producer with one send open at a time: its writes land in call order
            w.open = add(new Op(ops.size(), Op.Type.INVOKE, Op.SEND, w.process, tick(), "k" + (value.hashCode() & 15), value,
                    requested, -1, List.of(), null, w.process, seq));
        } else if (dice < 95) {
            w.open = emit(Op.Type.INVOKE, Op.POLL, w.process, null, -1, -1, List.of(), null);
        } else {
            int p = random.nextInt(partitions);
            long target = (long) (random.nextDouble() * (nextOffset[p] + 1));
            w.open = emit(Op.Type.INVOKE, Op.SEEK, w.process, null, p, target, List.of(), null);
        }
    }

    private void complete(Worker w) {
        Op invoke = w.open;
        w.open = null;
        switch (invoke.f()) {
            case Op.SEND -> completeSend(w, invoke);
            case Op.POLL -> completePoll(w);
            default -> {
                w.positions.put(invoke.partition(), invoke.offset());
                emit(Op.Type.OK, Op.SEEK, w.process, null, invoke.partition(), invoke.offset(), List.of(), null);
            }
        }
    }

    private void completeSend(Worker w, Op invoke) {
        int p = invoke.partition() >= 0 ? invoke.partition() : random.nextInt(partitions);
        int dice = random.nextInt(100);
        if (dice < 80) {
            long offset = append(p, invoke.value());
            emit(Op.Type.OK, Op.SEND, w.process, invoke.value(), p, offset, List.of(), null);
        } else if (dice < 90) {
            emit(Op.Type.FAIL, Op.SEND, w.process, invoke.value(), -1, -1, List.of(), "NOT_LEADER");
        } else {
            if (random.nextBoolean()) {
                append(p, invoke.value());
            }
            emit(Op.Type.INFO, Op.SEND, w.process, invoke.value(), -1, -1, List.of(), "timeout");
        }
    }

    private void completePoll(Worker w) {
        List<Op.Read> records = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            if (random.nextInt(3) > 0) {
                records.addAll(consume(w, p, 1 + random.nextInt(6)));
            }
        }
        if (random.nextInt(20) == 0) {
            // unknown outcome: the consumer may have moved on without the worker learning what it read
            emit(Op.Type.INFO, Op.POLL, w.process, null, -1, -1, List.of(), "timeout");
        } else {
            emit(Op.Type.OK, Op.POLL, w.process, null, -1, -1, records, null);
        }
    }

    /** Up to {@code max} records of partition {@code p} from the worker's position, which moves past them. */
    private List<Op.Read> consume(Worker w, int p, int max) {
        long position = w.positions.getOrDefault(p, 0L);
        List<Op.Read> log = logs.get(p);
        int lo = 0;
        int hi = log.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (log.get(mid).offset() < position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<Op.Read> out = new ArrayList<>(log.subList(lo, Math.min(log.size(), lo + max)));
        if (!out.isEmpty()) {
            w.positions.put(p, out.get(out.size() - 1).offset() + 1);
        }
        return out;
    }

    private void finalRead() {
        for (int p = 0; p < partitions; p++) {
            emit(Op.Type.INVOKE, Op.FINAL_READ, HARNESS, null, p, -1, List.of(), null);
            emit(Op.Type.OK, Op.FINAL_READ, HARNESS, null, p, -1, logs.get(p), null);
        }
    }

    private long append(int p, String value) {
        long offset = nextOffset[p]++;
        logs.get(p).add(new Op.Read(p, offset, value));
        return offset;
    }

    private Op emit(Op.Type type, String f, int process, String value, int partition, long offset,
                    List<Op.Read> records, String error) {
        String key = value == null ? null : "k" + (value.hashCode() & 15);
        return add(new Op(ops.size(), type, f, process, tick(), key, value, partition, offset, records, error));
    }

    /** The clock, advanced by up to 2 ms. */
    private long tick() {
        time += random.nextInt(2_000_000);
        return time;
    }

    private Op add(Op op) {
        ops.add(op);
        return op;
    }
}
