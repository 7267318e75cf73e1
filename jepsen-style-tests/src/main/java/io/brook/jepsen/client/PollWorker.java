package io.brook.jepsen.client;

import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecord;
import io.brook.client.TopicPartition;
import io.brook.jepsen.history.Op;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A Jepsen process that polls in assign mode: it is assigned every partition of the topic from the
 * beginning and keeps its positions across polls, so its reads must never go back (nonmonotonic-poll)
 * or jump over records (poll-skip). Now and then (probability {@code seekChance} per poll) it seeks one
 * partition back to a random earlier offset (never before where the run started) and records the seek, which restarts those checks for the
 * partition: that replays history and reads it again, checked against the first read by
 * inconsistent-offsets. A poll that throws is recorded as info; the consumer keeps its positions.
 * Runs on its own thread until {@link #stop()}.
 */
public final class PollWorker implements Runnable {

    private final int process;
    private final String topic;
    private final int partitions;
    private final ConsumerConfig config;
    private final Recorder recorder;
    private final Random random;
    private final double seekChance;
    private final Map<Integer, Long> start;
    private volatile boolean running = true;

    /**
     * @param start partition → offset to start from; partitions not in it start at their beginning
     */
    public PollWorker(int process, String topic, int partitions, ConsumerConfig config, Recorder recorder, long seed,
                      double seekChance, Map<Integer, Long> start) {
        this.start = Map.copyOf(start);
        this.process = process;
        this.topic = topic;
        this.partitions = partitions;
        this.config = config;
        this.recorder = recorder;
        this.random = new Random(seed);
        this.seekChance = seekChance;
    }

    public void stop() {
        running = false;
    }

    /** Partitions 0..partitions-1 of {@code topic}. */
    public static List<TopicPartition> all(String topic, int partitions) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        return tps;
    }

    /** Assigns {@code tps} and moves to {@code start} (or the beginning where it has no offset). */
    static void positionAt(Consumer consumer, List<TopicPartition> tps, Map<Integer, Long> start) {
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        for (TopicPartition tp : tps) {
            Long offset = start.get(tp.partition());
            if (offset != null) {
                consumer.seek(tp, offset);
            }
        }
    }

    static List<Op.Read> reads(Iterable<ConsumerRecord> records) {
        List<Op.Read> out = new ArrayList<>();
        for (ConsumerRecord r : records) {
            out.add(new Op.Read(r.partition(), r.offset(), r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Override
    public void run() {
        List<TopicPartition> tps = all(topic, partitions);
        try (Consumer consumer = new Consumer(config)) {
            positionAt(consumer, tps, start);
            while (running) {
                if (random.nextDouble() < seekChance) {
                    seekBack(consumer, tps.get(random.nextInt(tps.size())));
                }
                recorder.invoke(Op.POLL, process, null, null, -1, -1);
                try {
                    List<Op.Read> got = reads(consumer.poll(Duration.ofMillis(200)));
                    recorder.complete(Op.Type.OK, Op.POLL, process, null, null, -1, -1, got, null);
                } catch (RuntimeException e) {
                    recorder.complete(Op.Type.INFO, Op.POLL, process, null, null, -1, -1, List.of(), SendOutcome.describe(e));
                }
            }
        }
    }

    private void seekBack(Consumer consumer, TopicPartition tp) {
        long position;
        try {
            position = consumer.position(tp);
        } catch (RuntimeException e) {
            return;
        }
        long floor = start.getOrDefault(tp.partition(), 0L);
        if (position <= floor) {
            return;
        }
        long target = floor + (long) (random.nextDouble() * (position - floor));
        recorder.invoke(Op.SEEK, process, null, null, tp.partition(), target);
        consumer.seek(tp, target);
        recorder.complete(Op.Type.OK, Op.SEEK, process, null, null, tp.partition(), target, List.of(), null);
    }
}
