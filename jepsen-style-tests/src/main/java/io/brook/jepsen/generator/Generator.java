package io.brook.jepsen.generator;

import io.brook.jepsen.client.Recorder;
import io.brook.jepsen.nemesis.FaultContext;
import io.brook.jepsen.nemesis.Nemesis;
import io.brook.jepsen.report.FaultWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The fault schedule of a run's first phase, while the workers load the cluster: quiet, fault, heal,
 * wait for recovery, and again until the time is up and every nemesis had a turn. Each cycle takes the next nemesis of the list
 * (round robin from a random first one), holds its fault for a random time around {@code faultMs} and
 * waits for a random quiet time around {@code quietMs} before the next; after each heal it waits until
 * the cluster is fully replicated again (at most {@code recoveryTimeoutMs}) so that faults do not pile
 * up into more than the cluster is meant to survive. Ends with everything healed. The waits here are
 * the schedule itself (how long a fault lasts), not waits for a state.
 *
 * <p>Single-threaded: the harness thread runs it.
 */
public final class Generator {

    private final List<Nemesis> nemeses;
    private final FaultContext ctx;
    private final Recorder clock;
    private final long faultMs;
    private final long quietMs;
    private final long recoveryTimeoutMs;
    private final Supplier<BooleanSupplier> recovery;
    private final List<FaultWindow> windows = new ArrayList<>();
    private final List<Long> recoveryMs = new ArrayList<>();

    /**
     * @param recovery a fresh check for each wait, true once the cluster has recovered from the fault just
     *     healed (every replica in sync); it may remember what it saw during that wait
     */
    public Generator(List<Nemesis> nemeses, FaultContext ctx, Recorder clock, long faultMs, long quietMs,
                     long recoveryTimeoutMs, Supplier<BooleanSupplier> recovery) {
        this.nemeses = List.copyOf(nemeses);
        this.ctx = ctx;
        this.clock = clock;
        this.faultMs = faultMs;
        this.quietMs = quietMs;
        this.recoveryTimeoutMs = recoveryTimeoutMs;
        this.recovery = recovery;
    }

    /**
     * Runs the schedule for {@code durationMs}, longer if needed for every nemesis to have had a turn;
     * returns the fault windows, in order.
     */
    public List<FaultWindow> run(long durationMs) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs);
        if (nemeses.isEmpty()) {
            sleepUntil(end);
            return List.of();
        }
        int next = ctx.random().nextInt(nemeses.size());
        int turns = 0;
        while (true) {
            if (turns < nemeses.size() && remainingMs(end) < 2 * (quietMs + faultMs)) {
                // every nemesis gets a full turn, however long the recoveries before it took: the run
                // lasts that much longer rather than leave a nemesis out
                end = Math.max(end, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * (quietMs + faultMs)));
            }
            sleep(Math.min(around(quietMs), remainingMs(end)));
            if (remainingMs(end) < faultMs / 2) {
                break;
            }
            Nemesis nemesis = nemeses.get(next);
            next = (next + 1) % nemeses.size();
            turns++;
            long start = clock.now();
            String what;
            try {
                what = nemesis.start(ctx);
            } catch (Exception e) {
                what = "failed to start: " + e;
            }
            log(nemesis.name() + ": " + what);
            sleep(Math.max(100, Math.min(around(faultMs), remainingMs(end))));
            try {
                nemesis.stop(ctx);
            } finally {
                long healed = clock.now();
                windows.add(new FaultWindow(nemesis.name(), start, healed));
                log(nemesis.name() + ": healed after " + (healed - start) / 1_000_000 + " ms");
            }
            long waited = awaitRecovery();
            recoveryMs.add(waited);
            log(nemesis.name() + ": " + (waited < 0 ? "NOT fully replicated within " + recoveryTimeoutMs + " ms"
                    : "fully replicated " + waited + " ms after the heal"));
        }
        return List.copyOf(windows);
    }

    /** Per fault window, ms from the heal until every replica was in sync again (-1: not within the time-out). */
    public List<Long> recoveryMs() {
        return List.copyOf(recoveryMs);
    }

    /** Polls a fresh recovery check every 100 ms; returns ms waited, or -1 when it did not hold in time. */
    public long awaitRecovery() {
        BooleanSupplier recovered = recovery.get();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(recoveryTimeoutMs);
        while (System.nanoTime() < deadline) {
            if (recovered.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            sleep(100);
        }
        return -1;
    }

    private long around(long ms) {
        return ms / 2 + (long) (ctx.random().nextDouble() * ms);
    }

    private static long remainingMs(long endNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()));
    }

    private static void sleepUntil(long endNanos) {
        sleep(remainingMs(endNanos));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void log(String line) {
        System.out.printf("[%8.3f s] %s%n", clock.now() / 1e9, line);
    }
}
