package io.brook.jepsen.client;

import io.brook.client.Consumer;
import io.brook.client.ConsumerConfig;
import io.brook.client.ConsumerRecords;
import io.brook.client.TopicPartition;
import io.brook.jepsen.history.Op;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The harness's last reads, after every fault is healed: a fresh consumer reads every partition from
 * its start (or from where the run began, on a topic that held records before) to the end offset it reports when the read begins, recording each poll as a
 * {@code final-read} of process {@link #PROCESS}. A poll that fails is recorded as info and retried
 * until the deadline; reaching the deadline first is an error (the cluster did not recover).
 */
public final class FinalReader {

    public static final int PROCESS = -1;

    private FinalReader() {}

    /**
     * @param start partition → offset to read from; partitions not in it are read from their beginning
     * @return how many records were read
     * @throws IllegalStateException if the end was not reached within {@code timeoutMs}
     */
    public static long readAll(String topic, int partitions, ConsumerConfig config, Recorder recorder, long timeoutMs,
                               Map<Integer, Long> start) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        List<TopicPartition> tps = PollWorker.all(topic, partitions);
        long count = 0;
        try (Consumer consumer = new Consumer(config)) {
            PollWorker.positionAt(consumer, tps, start);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            while (!reachedEnd(consumer, tps, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("final read of " + topic + " did not reach the end offsets " + ends
                            + " within " + timeoutMs + " ms");
                }
                recorder.invoke(Op.FINAL_READ, PROCESS, null, null, -1, -1);
                try {
                    ConsumerRecords records = consumer.poll(Duration.ofMillis(500));
                    List<Op.Read> got = PollWorker.reads(records);
                    count += got.size();
                    recorder.complete(Op.Type.OK, Op.FINAL_READ, PROCESS, null, null, -1, -1, got, null);
                } catch (RuntimeException e) {
                    recorder.complete(Op.Type.INFO, Op.FINAL_READ, PROCESS, null, null, -1, -1, List.of(),
                            SendOutcome.describe(e));
                }
            }
        }
        return count;
    }

    private static boolean reachedEnd(Consumer consumer, List<TopicPartition> tps, Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : tps) {
            if (consumer.position(tp) < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
