package io.brook.jepsen.client;

import io.brook.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Jepsen process that changes the cluster's metadata while the faults go on, one change at a time
 * through {@link AdminChanges}, about every {@code intervalMs}: creates topics {@code <prefix>-<n>}
 * (1-2 partitions), grows one of them by a partition (up to 6), or sets its {@code retention.ms} to a
 * value no other change uses. Each change is recorded; after an info the worker continues as a new
 * process id (id + {@code processStride}), as {@link SendWorker} does. Runs on its own thread until
 * {@link #stop()}.
 */
public final class AdminWorker implements Runnable {

    /** The config the worker alters, reported by the final describe. */
    public static final String CONFIG = "retention.ms";
    private static final int MAX_PARTITIONS = 6;

    private final AdminChanges changes;
    private final int processStride;
    private final String prefix;
    private final int replicationFactor;
    private final long intervalMs;
    private final Random random;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<String> created = new ArrayList<>();
    private final Map<String, Integer> partitions = new HashMap<>();
    private int process;
    private int changesMade;

    /**
     * @param prefix the names of the topics it creates start with it (unique per run)
     */
    public AdminWorker(int process, int processStride, AdminChanges changes, String prefix, int replicationFactor,
                       long intervalMs, long seed) {
        this.process = process;
        this.processStride = processStride;
        this.changes = changes;
        this.prefix = prefix;
        this.replicationFactor = replicationFactor;
        this.intervalMs = intervalMs;
        this.random = new Random(seed);
    }

    public void stop() {
        stopped.countDown();
    }

    @Override
    public void run() {
        try {
            // the wait is the pacing of the workload, cut short by stop()
            while (!stopped.await(intervalMs / 2 + (long) (random.nextDouble() * intervalMs), TimeUnit.MILLISECONDS)) {
                Op.Type outcome = next();
                if (outcome == Op.Type.INFO) {
                    process += processStride;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Op.Type next() {
        int roll = random.nextInt(10);
        changesMade++;
        if (created.isEmpty() || roll < 4) {
            String topic = prefix + "-" + created.size();
            int count = 1 + random.nextInt(2);
            created.add(topic);
            partitions.put(topic, count);
            return changes.createTopic(process, topic, count, replicationFactor);
        }
        String topic = created.get(random.nextInt(created.size()));
        int count = partitions.get(topic);
        if (roll < 7 && count < MAX_PARTITIONS) {
            partitions.put(topic, count + 1);
            return changes.addPartitions(process, topic, count + 1);
        }
        // unique per change, so that the final value names the change that set it
        String retention = String.valueOf(3_600_000L + changesMade);
        return changes.alterConfig(process, topic, CONFIG, retention);
    }
}
