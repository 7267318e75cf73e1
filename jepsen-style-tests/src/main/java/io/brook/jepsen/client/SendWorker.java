package io.brook.jepsen.client;

import io.brook.client.InterruptException;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import io.brook.jepsen.history.Op;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One producer instance and the Jepsen processes that send through it: unique values {@code
 * w<worker>-<n>} to random keys (spread over the partitions by the producer's key hashing), up to
 * {@code lanes} sends in flight at once, each recorded as an invocation, naming the producer ({@code
 * worker}) and the call's sequence number {@code n}, and its completion ({@link SendOutcome} decides
 * between fail and info). Several sends in flight let the producer pipeline requests, so that its
 * retries can reorder or duplicate writes when idempotence is off, which the checkers then see.
 *
 * <p>Each lane is a Jepsen process with one send open at a time; after an info it continues as a new
 * process id (id + {@code processStride}), as Jepsen does, since the old operation may still take
 * effect. Lane {@code l} starts as process {@code firstProcess + l}.
 *
 * <p>Threads: {@link #run()} on its own thread calls {@code send}, so the sequence numbers are the
 * order of the calls; completions are recorded from the producer's callbacks (on its sender thread,
 * which is quick: one buffered history line) and hand the lane back through a queue. Runs until
 * {@link #stop()}, then closes the producer, waiting for the sends in flight.
 */
public final class SendWorker implements Runnable {

    private final int worker;
    private final int processStride;
    private final String topic;
    private final ProducerConfig config;
    private final Recorder recorder;
    private final Random random;
    private final int keys;
    private final int lanes;
    /** Lanes with no send open; a lane's process is read and changed only by whoever holds it. */
    private final BlockingQueue<Lane> idle = new LinkedBlockingQueue<>();
    private volatile boolean running = true;

    /** A slot for one send in flight: a Jepsen process. */
    private static final class Lane {
        int process;

        Lane(int process) {
            this.process = process;
        }
    }

    /**
     * @param worker this worker's number, which the history names as the producer of its sends
     * @param firstProcess the process id of the first lane; the others follow it
     * @param lanes how many sends may be in flight at once (at least 1)
     * @param processStride what a lane adds to its process id after an info
     * @param config producer settings
     * @param keys how many distinct keys to spread values over
     */
    public SendWorker(int worker, int firstProcess, int lanes, int processStride, String topic, ProducerConfig config,
                      Recorder recorder, long seed, int keys) {
        if (lanes < 1) {
            throw new IllegalArgumentException("a send worker needs at least one lane, got " + lanes);
        }
        this.worker = worker;
        this.processStride = processStride;
        this.topic = topic;
        this.config = config;
        this.recorder = recorder;
        this.random = new Random(seed);
        this.keys = keys;
        this.lanes = lanes;
        for (int l = 0; l < lanes; l++) {
            idle.add(new Lane(firstProcess + l));
        }
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        Producer producer = new Producer(config);
        boolean interrupted = false;
        try {
            for (long seq = 0; running; ) {
                Lane lane = idle.poll(100, TimeUnit.MILLISECONDS);
                if (lane == null) {
                    continue;
                }
                if (!running) {
                    idle.add(lane);
                    break;
                }
                if (!send(producer, lane, seq++)) {
                    interrupted = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.interrupted(); // so that close can wait for the sender thread; set again below
            }
            // the sends in flight complete (or expire) within delivery.timeout.ms plus one request time-out;
            // interrupted, they fail at once (recorded as info)
            producer.close(interrupted ? Duration.ZERO
                    : Duration.ofMillis(config.deliveryTimeoutMs() + config.requestTimeoutMs() + 5_000));
            if (idle.size() < lanes) {
                System.out.println("send worker " + worker + ": " + (lanes - idle.size())
                        + " send(s) still without a completion after the producer closed");
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records and sends call {@code seq} on {@code lane}; false when the thread was interrupted. */
    private boolean send(Producer producer, Lane lane, long seq) {
        String value = "w" + worker + "-" + seq;
        String key = "k" + random.nextInt(keys);
        recorder.invokeSend(lane.process, key, value, worker, seq);
        CompletableFuture<RecordMetadata> f;
        try {
            f = producer.send(new ProducerRecord(topic, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8)));
        } catch (InterruptException e) {
            complete(lane, key, value, null, e, true);
            return false;
        } catch (RuntimeException e) {
            complete(lane, key, value, null, e, true);
            return true;
        }
        boolean refused = f.isCompletedExceptionally();
        f.whenComplete((m, e) -> complete(lane, key, value, m, e, refused));
        return true;
    }

    private void complete(Lane lane, String key, String value, RecordMetadata m, Throwable error, boolean refused) {
        try {
            if (error == null) {
                recorder.complete(Op.Type.OK, Op.SEND, lane.process, key, value, m.partition(), m.offset(), List.of(), null);
            } else {
                Op.Type type = SendOutcome.of(error, refused, config.retries());
                recorder.complete(type, Op.SEND, lane.process, key, value, -1, -1, List.of(), SendOutcome.describe(error));
                if (type == Op.Type.INFO) {
                    lane.process += processStride;
                }
            }
        } finally {
            idle.add(lane);
        }
    }
}
