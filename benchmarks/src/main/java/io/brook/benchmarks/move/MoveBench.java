package io.brook.benchmarks.move;

import io.brook.benchmarks.DurableAppends;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Issue 16's measurements against one running three-broker cluster of either system
 * ({@code --system brook|kafka}); benchmarks/compare-moves.sh starts fresh clusters and alternates.
 *
 * <p>{@code --mode move}: topic {@code big} (1 partition, RF 2; on Kafka assigned to brokers {1,2},
 * on Brook where the cluster put it) is filled with {@code --big-mib} MiB of {@code --big-record}-byte
 * records, acks=all (timed only for information). Topic {@code load} ({@code --load-partitions},
 * RF {@code --load-rf}) then receives {@code --load-rate} records/s of {@code --load-record} bytes,
 * acks=all, latency measured per send from its scheduled time to its acknowledgement into an
 * HdrHistogram. After {@code --warmup-s}, for each move of {@code --moves} (unthrottled, throttled at
 * {@code --throttle} bytes/s): the load's latency over {@code --baseline-s} before, then the move of
 * {@code big}'s first replica to the broker without one is submitted and timed until the system no
 * longer lists it and the partition's replicas are the target; the load's latency during the move.
 * The next move takes the partition back to the broker it left (again a full copy).
 *
 * <p>{@code --mode rolling}: topic {@code roll} ({@code --partitions}, RF {@code --rf}) under
 * {@code --rate} records/s of {@code --record} bytes, acks=all, each system's default idempotence.
 * After {@code --warmup-s}, brokers 1, 2, 3 are restarted one at a time: SIGTERM, wait for the
 * process to exit, start it with the same command line, wait for its ready line in its log and until
 * every partition has a leader and all replicas in sync, then {@code --pause-s}; after the last,
 * {@code --tail-s}. Per partition: the longest time without an acknowledged record from the first
 * SIGTERM to the end; records acknowledged and failed.
 *
 * <p>Results are appended to {@code --out} as tab-separated (workload, round, metric, value).
 */
public final class MoveBench {

    private final Map<String, String> args;
    private final MoveSystem system;
    private final String round;
    private final Path out;

    private MoveBench(Map<String, String> args) {
        this.args = args;
        String bootstrap = req("bootstrap");
        String name = req("system");
        this.system = switch (name) {
            case "brook" -> new BrookMoveSystem(bootstrap);
            case "kafka" -> new KafkaMoveSystem(bootstrap);
            default -> throw new IllegalArgumentException("unknown system " + name + ": brook or kafka");
        };
        this.round = args.getOrDefault("round", "1");
        this.out = Path.of(req("out"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + argv[i]);
            }
            a.put(argv[i].substring(2), argv[i + 1]);
        }
        MoveBench b = new MoveBench(a);
        try {
            switch (a.getOrDefault("mode", "move")) {
                case "move" -> b.moves();
                case "rolling" -> b.rolling();
                default -> throw new IllegalArgumentException("--mode move or rolling");
            }
        } finally {
            b.system.close();
        }
        System.exit(0);
    }

    private String req(String k) {
        String v = args.get(k);
        if (v == null) {
            throw new IllegalArgumentException("--" + k + " is required");
        }
        return v;
    }

    private int i(String k, int dflt) {
        return Integer.parseInt(args.getOrDefault(k, Integer.toString(dflt)));
    }

    private long l(String k, long dflt) {
        return Long.parseLong(args.getOrDefault(k, Long.toString(dflt)));
    }

    private static void log(String s) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), s);
    }

    private void record(String workload, String metric, double value) throws IOException {
        String line = String.format(Locale.ROOT, "%s_%s\t%s\t%s\t%.3f%n", system.name(), workload, round, metric, value);
        DurableAppends.append(out, line);
        System.err.print("  result " + line);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    // ------------------------------------------------------------------------------------------ move

    private void moves() throws Exception {
        int bigMib = i("big-mib", 1024);
        int bigRecord = i("big-record", 1024);
        long throttle = l("throttle", 50L * 1024 * 1024);
        String[] kinds = args.getOrDefault("moves", "unthrottled,throttled").split(",");

        system.createTopic("big", 1, 2, Map.of(0, List.of(1, 2)));
        List<Integer> original = system.describe("big").get(0).replicas();
        log(system.name() + ": big's replicas " + original);

        // fill, acks=all, as fast as the producer goes (not part of the move's measure)
        long records = (long) bigMib * 1024 * 1024 / bigRecord;
        byte[] v = new byte[bigRecord];
        for (int k = 0; k < v.length; k++) {
            v[k] = (byte) (k * 31 + 7);
        }
        Semaphore window = new Semaphore(16_384);
        AtomicLong fillFailed = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        long t0 = System.nanoTime();
        try (MoveSystem.Sender s = system.sender(20, 256 * 1024)) {
            for (long n = 0; n < records; n++) {
                window.acquireUninterruptibly();
                s.send("big", 0, v, e -> {
                    window.release();
                    if (e != null) {
                        fillFailed.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                });
            }
            s.flush();
            window.acquireUninterruptibly(16_384);
        }
        double fillS = (System.nanoTime() - t0) / 1e9;
        log(String.format(Locale.ROOT, "%s: filled big with %d MiB in %.1f s (%d failed%s)", system.name(), bigMib, fillS,
                fillFailed.get(), firstError.get() == null ? "" : ", first: " + firstError.get()));
        record("fill", "fill_s", fillS);
        record("fill", "fill_MiB_per_s", bigMib / fillS);
        record("fill", "fill_failed", fillFailed.get());

        int loadPartitions = i("load-partitions", 6);
        system.createTopic("load", loadPartitions, i("load-rf", 3), null);
        LoadGen load = new LoadGen(system.sender(5, 16_384), "load", loadPartitions, i("load-rate", 5000),
                i("load-record", 100), 100_000);
        load.start();
        Thread.sleep(i("warmup-s", 10) * 1000L);
        Histogram warm = load.nextPhase();
        log(String.format(Locale.ROOT, "%s: warm-up p99 %.1f ms", system.name(), ms(warm, 99)));

        List<Integer> from = original;
        for (String kind : kinds) {
            long th = kind.equals("throttled") ? throttle : 0;
            Part0 p = move(load, from, kind, th, bigMib);
            from = p.replicas;
        }
        long acked = load.acked();
        long failed = load.failed();
        load.stop();
        record("load", "acked", acked);
        record("load", "failed", failed);
    }

    private record Part0(List<Integer> replicas) {}

    private Part0 move(LoadGen load, List<Integer> from, String kind, long throttle, int bigMib) throws Exception {
        List<Integer> target = new ArrayList<>(from);
        HashSet<Integer> all = new HashSet<>(List.of(1, 2, 3));
        all.removeAll(from);
        int newcomer = all.iterator().next();
        target.set(0, newcomer); // the first replica leaves, the broker without one joins

        load.nextPhase();
        long failedBefore = load.failed();
        Thread.sleep(i("baseline-s", 20) * 1000L);
        Histogram before = load.nextPhase();
        long failedAt = load.failed();

        log(system.name() + ": moving big " + from + " -> " + target + (throttle > 0 ? " throttled at " + throttle + " B/s" : " unthrottled"));
        long t0 = System.nanoTime();
        system.reassign("big", 0, target, throttle);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(i("move-timeout-s", 900));
        boolean done = false;
        while (System.nanoTime() < deadline) {
            if (!system.moving("big", 0)) {
                MoveSystem.Part p = system.describe("big").get(0);
                if (p != null && new HashSet<>(p.replicas()).equals(new HashSet<>(target))) {
                    done = true;
                    break;
                }
            }
            Thread.sleep(100);
        }
        double moveS = (System.nanoTime() - t0) / 1e9;
        Histogram during = load.nextPhase();
        long failedDuring = load.failed() - failedAt;
        if (!done) {
            log(system.name() + ": move did not complete within the timeout");
        }
        system.afterMove("big");
        log(String.format(Locale.ROOT, "%s %s: move %.1f s; load p99 before %.1f ms, during %.1f ms (max %.1f)",
                system.name(), kind, moveS, ms(before, 99), ms(during, 99), ms(during, 100)));
        record(kind, "move_s", moveS);
        record(kind, "completed", done ? 1 : 0);
        record(kind, "copy_MiB_per_s", bigMib / moveS);
        record(kind, "before_p50_ms", ms(before, 50));
        record(kind, "before_p99_ms", ms(before, 99));
        record(kind, "before_max_ms", ms(before, 100));
        record(kind, "during_p50_ms", ms(during, 50));
        record(kind, "during_p99_ms", ms(during, 99));
        record(kind, "during_max_ms", ms(during, 100));
        record(kind, "before_failed", failedAt - failedBefore);
        record(kind, "during_failed", failedDuring);
        Thread.sleep(i("settle-s", 5) * 1000L);
        return new Part0(system.describe("big").get(0).replicas());
    }

    // ------------------------------------------------------------------------------------------ rolling

    private void rolling() throws Exception {
        int partitions = i("partitions", 6);
        int rate = i("rate", 20_000);
        system.createTopic("roll", partitions, i("rf", 3), null);
        LoadGen load = new LoadGen(system.sender(5, 16_384), "roll", partitions, rate, i("record", 100), 200_000);
        load.start();
        Thread.sleep(i("warmup-s", 15) * 1000L);
        Histogram warm = load.nextPhase();
        long ackedAtStart = load.acked();
        long failedAtStart = load.failed();
        long sentAtStart = load.sent();
        log(String.format(Locale.ROOT, "%s: warm-up %d acked, p99 %.1f ms", system.name(), ackedAtStart, ms(warm, 99)));
        record("rolling", "warmup_p99_ms", ms(warm, 99));

        MoveSystem.Brokers brokers = system.brokers(Path.of(req("cluster-dir")));
        long start = System.nanoTime();
        load.trackStallsFrom(start);
        for (int id = 1; id <= 3; id++) {
            restart(brokers, id, load);
            Thread.sleep(i("pause-s", 10) * 1000L);
        }
        Thread.sleep(Math.max(0, i("tail-s", 10) - i("pause-s", 10)) * 1000L);
        long end = System.nanoTime();
        Histogram during = load.nextPhase();
        double windowS = (end - start) / 1e9;
        long acked = load.acked() - ackedAtStart;
        long failed = load.failed() - failedAtStart;
        long sent = load.sent() - sentAtStart;
        List<Long> gaps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            long g = load.maxGap(p, end);
            gaps.add(g);
            record("rolling", "stall_ms_p" + p, g / 1e6);
        }
        load.stop();
        List<Long> sorted = new ArrayList<>(gaps);
        sorted.sort(null);
        record("rolling", "max_stall_ms", sorted.get(sorted.size() - 1) / 1e6);
        record("rolling", "median_stall_ms", (sorted.get((sorted.size() - 1) / 2) + sorted.get(sorted.size() / 2)) / 2e6);
        record("rolling", "window_s", windowS);
        record("rolling", "sent", sent);
        record("rolling", "acked", acked);
        record("rolling", "failed", failed);
        record("rolling", "acked_per_s", acked / windowS);
        record("rolling", "p99_ms", ms(during, 99));
        record("rolling", "p999_ms", ms(during, 99.9));
        log(String.format(Locale.ROOT, "%s rolling: stalls per partition (ms) %s; %d sent, %d acked, %d failed in %.1f s (%.0f acked/s)",
                system.name(), gaps.stream().map(g -> String.format(Locale.ROOT, "%.0f", g / 1e6)).toList(), sent, acked, failed,
                windowS, acked / windowS));
    }

    private void restart(MoveSystem.Brokers brokers, int id, LoadGen load) throws Exception {
        long pid = brokers.pid(id);
        List<String> command = brokers.command(id);
        Path logFile = brokers.logFile(id);
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("broker " + id + " (pid " + pid + ") is not running"));
        long t0 = System.nanoTime();
        log(system.name() + ": SIGTERM to broker " + id + " (pid " + pid + ")");
        h.destroy();
        try {
            h.onExit().get(i("stop-timeout-s", 120), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log(system.name() + ": broker " + id + " still running: SIGKILL");
            h.destroyForcibly();
            h.onExit().get(30, TimeUnit.SECONDS);
            record("rolling", "sigkill_broker" + id, 1);
        }
        double stopS = (System.nanoTime() - t0) / 1e9;
        long logSize = Files.exists(logFile) ? Files.size(logFile) : 0;
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        brokers.started(id, p.pid());
        String marker = system.name().equals("kafka") ? "Kafka Server started" : "registered as";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(i("restart-timeout-s", 180));
        while (!logAfter(logFile, logSize).contains(marker)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("broker " + id + " exited after its restart; see " + logFile);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("broker " + id + " not ready after restart; see " + logFile);
            }
            Thread.sleep(100);
        }
        double readyS = (System.nanoTime() - t0) / 1e9;
        while (true) {
            Map<Integer, MoveSystem.Part> d;
            try {
                d = system.describe("roll");
            } catch (Exception e) {
                d = Map.of();
            }
            if (!d.isEmpty() && d.values().stream().allMatch(MoveSystem.Part::fullyReplicated)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions not fully replicated after restarting broker " + id + ": " + d);
            }
            Thread.sleep(100);
        }
        double replicatedS = (System.nanoTime() - t0) / 1e9;
        log(String.format(Locale.ROOT, "%s: broker %d stopped in %.1f s, ready at %.1f s, all in sync at %.1f s (acked %d, failed %d)",
                system.name(), id, stopS, readyS, replicatedS, load.acked(), load.failed()));
        record("rolling", "stop_s_broker" + id, stopS);
        record("rolling", "insync_s_broker" + id, replicatedS);
    }

    private static String logAfter(Path file, long from) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        byte[] all = Files.readAllBytes(file);
        return from >= all.length ? "" : new String(all, (int) from, all.length - (int) from, java.nio.charset.StandardCharsets.UTF_8);
    }
}
