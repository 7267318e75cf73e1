package io.brook.jepsen.client;

import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.jepsen.history.Op;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A Jepsen process that sends: unique values {@code w<worker>-<n>} to random keys (spread over the
 * partitions by the producer's key hashing), one send in flight at a time, each recorded as an
 * invocation and its completion ({@link SendOutcome} decides between fail and info). After an info the
 * worker continues as a new process id (id + {@code processStride}), as Jepsen does, since the old
 * operation may still take effect. Runs on its own thread until {@link #stop()}.
 */
public final class SendWorker implements Runnable {

    private final int worker;
    private final int processStride;
    private final String topic;
    private final ProducerConfig config;
    private final Recorder recorder;
    private final Random random;
    private final int keys;
    private volatile boolean running = true;
    private int process;

    /**
     * @param config producer settings; retries should be 0 so that a value is sent at most once
     * @param keys how many distinct keys to spread values over
     */
    public SendWorker(int worker, int processStride, String topic, ProducerConfig config, Recorder recorder, long seed,
                      int keys) {
        this.worker = worker;
        this.process = worker;
        this.processStride = processStride;
        this.topic = topic;
        this.config = config;
        this.recorder = recorder;
        this.random = new Random(seed);
        this.keys = keys;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        long timeoutMs = config.deliveryTimeoutMs() + 5_000;
        try (Producer producer = new Producer(config)) {
            for (long n = 0; running; n++) {
                String value = "w" + worker + "-" + n;
                String key = "k" + random.nextInt(keys);
                recorder.invoke(Op.SEND, process, key, value, -1, -1);
                try {
                    RecordMetadata m = producer.send(new ProducerRecord(topic, key.getBytes(StandardCharsets.UTF_8),
                            value.getBytes(StandardCharsets.UTF_8))).get(timeoutMs, TimeUnit.MILLISECONDS);
                    recorder.complete(Op.Type.OK, Op.SEND, process, key, value, m.partition(), m.offset(), List.of(), null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    recorder.complete(Op.Type.INFO, Op.SEND, process, key, value, -1, -1, List.of(), "interrupted");
                    return;
                } catch (Exception e) {
                    Op.Type type = SendOutcome.of(e);
                    recorder.complete(type, Op.SEND, process, key, value, -1, -1, List.of(), SendOutcome.describe(e));
                    if (type == Op.Type.INFO) {
                        process += processStride;
                    }
                }
            }
        }
    }
}
