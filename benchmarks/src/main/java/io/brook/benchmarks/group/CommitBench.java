package io.brook.benchmarks.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Commit latency and rate: {@code members} consumers join a fresh group on the topic (auto-commit
 * off); once every one of them owns a partition, each commits its current position in its lowest
 * partition with a synchronous commit, in a loop, polling at least every 100 ms so it stays a live
 * member (the poll is not timed). After {@code warmupMs}, every commit that completes within the next
 * {@code durationMs} is timed into an HdrHistogram (microseconds); commits that fail in that window
 * are counted apart ({@code errors}).
 */
final class CommitBench {

    private CommitBench() {}

    static Map<String, Double> run(GroupSystem system, String group, String topic, int members, long warmupMs,
                                   long durationMs, long joinTimeoutMs) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(members);
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        AtomicLong measureTo = new AtomicLong(Long.MAX_VALUE);
        AtomicLong errors = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            histograms.add(h);
            int id = i;
            Thread t = new Thread(() -> commitLoop(system, group, topic, id, h, ready, measureFrom, measureTo, errors),
                    "committer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        boolean joined = ready.await(joinTimeoutMs, TimeUnit.MILLISECONDS);
        long from = System.currentTimeMillis() + warmupMs;
        measureFrom.set(from);
        measureTo.set(from + durationMs);
        if (!joined) {
            measureTo.set(0);
        }
        for (Thread t : threads) {
            t.join(warmupMs + durationMs + 60_000);
        }
        Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        for (Histogram h : histograms) {
            synchronized (h) {
                all.add(h);
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("joined", joined ? 1.0 : 0.0);
        m.put("commits", (double) all.getTotalCount());
        m.put("commits_per_s", Math.round(all.getTotalCount() * 10_000.0 / durationMs) / 10.0);
        m.put("p50_ms", all.getValueAtPercentile(50) / 1000.0);
        m.put("p99_ms", all.getValueAtPercentile(99) / 1000.0);
        m.put("max_ms", all.getMaxValue() / 1000.0);
        m.put("errors", (double) errors.get());
        return m;
    }

    private static void commitLoop(GroupSystem system, String group, String topic, int id, Histogram h, CountDownLatch ready,
                                   AtomicLong measureFrom, AtomicLong measureTo, AtomicLong errors) {
        TreeSet<Integer> owned = new TreeSet<>();
        Member.Listener listener = new Member.Listener() {
            @Override
            public void assigned(Collection<Integer> partitions) {
                owned.addAll(partitions);
            }

            @Override
            public void revoked(Collection<Integer> partitions) {
                owned.removeAll(partitions);
            }

            @Override
            public void lost(Collection<Integer> partitions) {
                owned.removeAll(partitions);
            }
        };
        Member.Sink ignore = (p, records, oldest) -> { };
        boolean counted = false;
        try (Member member = system.member(group, "committer-" + id, topic, false, listener)) {
            member.subscribe();
            long lastPoll = 0;
            while (System.currentTimeMillis() < measureTo.get()) {
                long now = System.currentTimeMillis();
                if (owned.isEmpty() || now - lastPoll >= 100) {
                    try {
                        member.poll(owned.isEmpty() ? Duration.ofMillis(100) : Duration.ZERO, ignore);
                    } catch (RuntimeException e) {
                        LockSupport.parkNanos(50_000_000L); // not a commit; retried like MemberLoop's polls
                    }
                    lastPoll = now;
                    continue;
                }
                if (!counted) {
                    counted = true;
                    ready.countDown();
                }
                int p = owned.first();
                try {
                    long offset = member.position(p);
                    long t0 = System.nanoTime();
                    member.commit(p, offset);
                    long micros = (System.nanoTime() - t0) / 1000;
                    long done = System.currentTimeMillis();
                    if (done >= measureFrom.get() && done < measureTo.get()) {
                        synchronized (h) {
                            h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
                        }
                    }
                } catch (RuntimeException e) {
                    long done = System.currentTimeMillis();
                    if (done >= measureFrom.get() && done < measureTo.get()) {
                        errors.incrementAndGet();
                    }
                }
            }
        }
    }
}
