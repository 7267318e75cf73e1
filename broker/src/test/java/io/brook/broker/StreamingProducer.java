package io.brook.broker;

import io.brook.client.Producer;
import io.brook.client.ProducerRecord;
import io.brook.client.RecordMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Streams records through a producer on a background thread until stopped, keeping at most
 * {@code window} records unacknowledged (so that stopping soon after an event leaves a bounded
 * amount of work), and remembers which records were acknowledged where.
 */
final class StreamingProducer {

    private final Producer producer;
    private final IntFunction<ProducerRecord> records;
    private final Semaphore window;
    private final List<ProducerRecord> sent = new ArrayList<>();
    private final Map<Integer, RecordMetadata> acked = new ConcurrentHashMap<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stop;
    private volatile RuntimeException error;

    /** Starts sending {@code records.apply(0)}, {@code records.apply(1)}, ... */
    StreamingProducer(Producer producer, IntFunction<ProducerRecord> records, int window) {
        this.producer = producer;
        this.records = records;
        this.window = new Semaphore(window);
        this.thread = new Thread(this::run, "streaming-producer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            for (int i = 0; !stop; ) {
                if (!window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                ProducerRecord r = records.apply(i);
                sent.add(r);
                int index = i++;
                producer.send(r).whenComplete((md, e) -> {
                    if (e == null) {
                        acked.put(index, md);
                    } else {
                        failed.incrementAndGet();
                    }
                    window.release();
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            error = e;
        }
    }

    /** Records acknowledged so far. */
    int acknowledged() {
        return acked.size();
    }

    /** Stops sending (records already sent keep going) and waits for the sending thread. */
    void stop() throws InterruptedException {
        stop = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (thread.isAlive()) {
            throw new IllegalStateException("the streaming producer did not stop");
        }
        if (error != null) {
            throw error;
        }
    }

    /** After {@link #stop()} and the producer's close: every record sent, in send order. */
    List<ProducerRecord> sent() {
        return sent;
    }

    /** After {@link #stop()} and the producer's close: where each acknowledged record went, by send index. */
    Map<Integer, RecordMetadata> acked() {
        return new TreeMap<>(acked);
    }

    int failed() {
        return failed.get();
    }
}
