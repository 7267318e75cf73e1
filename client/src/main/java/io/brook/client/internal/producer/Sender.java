package io.brook.client.internal.producer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.brook.client.BrokerErrorException;
import io.brook.client.BrookException;
import io.brook.client.ConnectionException;
import io.brook.client.TimeoutException;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.Futures;
import io.brook.client.internal.metadata.Cluster;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.Errors;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ProducePartitionResult;
import io.brook.protocol.message.ProduceResponse;
import io.brook.protocol.message.ProduceTopicResult;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's sender thread: takes ready batches from the {@link RecordAccumulator}, groups
 * them per leader into Produce requests (at most {@code max.in.flight} per broker), and handles the
 * responses: each record's future completes with {@code base_offset + index}; retriable errors put
 * the batch back (after a backoff, with a metadata refresh when leadership may have moved) until
 * {@code delivery.timeout.ms}; other errors fail it. With {@code acks=0}, batches complete with
 * offset -1 once written to the socket. An idempotent producer also follows the rules of
 * {@link Idempotence}, which decides what may be drained and what a failed attempt means.
 *
 * <p>Thread safety: all state here belongs to the sender thread. The network event loop only
 * enqueues completions and {@link #wakeup()}s it; record futures complete on the sender thread, so
 * their callbacks run there and must not block.
 */
public final class Sender implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);
    private static final long MAX_PARK_MS = 5_000;

    private final RecordAccumulator accumulator;
    private final Metadata metadata;
    private final NetworkClient network;
    private final int acks;
    private final int requestTimeoutMs;
    private final int maxInFlight;
    private final int maxRequestSize;
    private final long deliveryTimeoutMs;
    private final Backoff backoff;
    /** {@code null} when the producer is not idempotent. */
    private final Idempotence idempotence;

    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Integer> inFlightPerNode = new HashMap<>();
    private final Set<InFlightProduce> inFlight = new HashSet<>();
    private CompletableFuture<Cluster> watchedRefresh;
    /** Batches to retry once {@link #awaitedRefresh} is done: their error said the leader may have moved. */
    private final List<ProducerBatch> awaitingMetadata = new ArrayList<>();
    private CompletableFuture<Cluster> awaitedRefresh;
    private volatile Thread thread;
    private volatile boolean running = true;
    /**
     * Set by {@link #wakeup()}: the sender must not park. A flag besides the unpark permit because
     * any lock the sender thread waits on consumes the permit.
     */
    private final int retries;
    private volatile boolean woken;
    private volatile boolean forceClose;
    private volatile RuntimeException forceCloseError;

    /**
     * @param idempotence the idempotent producer's rules, also the accumulator's {@link DrainGate}; {@code null}
     *     without idempotence
     */
    Sender(RecordAccumulator accumulator, Metadata metadata, NetworkClient network, int acks, int requestTimeoutMs,
           int maxInFlight, int maxRequestSize, long deliveryTimeoutMs, Backoff backoff, int retries,
           Idempotence idempotence) {
        this.idempotence = idempotence;
        this.accumulator = accumulator;
        this.metadata = metadata;
        this.network = network;
        this.acks = acks;
        this.requestTimeoutMs = requestTimeoutMs;
        this.maxInFlight = maxInFlight;
        this.maxRequestSize = maxRequestSize;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        this.backoff = backoff;
        this.retries = retries;
    }

    /** A response (or failure) handed from the event loop to the sender thread. */
    private record Completion(InFlightProduce request, Frame frame, Throwable error) {
    }

    /** Starts the sender thread (a daemon, so a forgotten producer does not keep the JVM alive). */
    public Thread start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        t.start();
        return t;
    }

    public boolean isSenderThread() {
        return Thread.currentThread() == thread;
    }

    /** Makes the sender re-check its batches now (it may be parked until a linger expires). */
    public void wakeup() {
        woken = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Stops taking new work once everything queued and in flight is done. */
    public void initiateClose() {
        accumulator.beginClosing();
        running = false;
        wakeup();
    }

    /** Stops at once, failing everything not yet acknowledged with {@code error}. */
    public void forceClose(RuntimeException error) {
        forceCloseError = error;
        forceClose = true;
        running = false;
        wakeup();
    }

    @Override
    public void run() {
        try {
            while (!finished()) {
                runOnce();
            }
        } catch (Throwable t) {
            log.error("the producer's sender thread failed; pending records fail", t);
            forceCloseError = new BrookException("the producer's sender thread failed: " + t, t);
            forceClose = true;
        } finally {
            if (forceClose) {
                abortEverything(forceCloseError);
            }
            Completion c;
            while ((c = completions.poll()) != null) {
                if (c.frame != null) {
                    c.frame.release();
                }
            }
            network.close();
        }
    }

    /** Whether the sender may stop: closing, and forced or with nothing left to send or await. */
    private boolean finished() {
        return !running && (forceClose || (inFlight.isEmpty() && !accumulator.hasQueued()));
    }

    void runOnce() {
        woken = false;
        processCompletions();
        if (forceClose) {
            return;
        }
        long now = System.currentTimeMillis();
        watchMetadata();
        releaseBatchesAwaitingMetadata();
        for (ProducerBatch b : accumulator.expire(now, deliveryTimeoutMs)) {
            fail(b, expired(b, now));
        }
        long idempotenceDelayMs = Long.MAX_VALUE;
        if (idempotence != null) {
            BrookException fatal = idempotence.fatalError();
            if (fatal != null) {
                for (ProducerBatch b : accumulator.drainAll()) {
                    fail(b, fatal);
                }
            }
            idempotence.poll(now);
            idempotenceDelayMs = idempotence.delayMs(now);
        }
        Cluster cluster = metadata.cluster();
        RecordAccumulator.ReadyCheck ready = accumulator.ready(cluster, now, deliveryTimeoutMs);
        if (ready.unknownLeaders) {
            metadata.requestUpdate();
            watchMetadata();
        }
        Set<Integer> sendable = new HashSet<>();
        for (Integer node : ready.nodes) {
            if (inFlightPerNode.getOrDefault(node, 0) < maxInFlight) {
                sendable.add(node);
            }
        }
        Map<Integer, List<ProducerBatch>> drained = accumulator.drain(cluster, sendable, maxRequestSize, now);
        for (Map.Entry<Integer, List<ProducerBatch>> e : drained.entrySet()) {
            send(e.getKey(), cluster.address(e.getKey()), e.getValue());
        }
        long parkMs = drained.isEmpty() ? Math.min(Math.min(ready.nextDelayMs, idempotenceDelayMs), MAX_PARK_MS) : 0;
        if (log.isTraceEnabled()) {
            log.trace("ready {} unknownLeaders {} drained {} parking {} ms (in flight {}, queued {})", ready.nodes,
                    ready.unknownLeaders, drained.keySet(), parkMs, inFlight.size(), accumulator.hasQueued());
        }
        if (parkMs > 0 && !finished()) {
            park(parkMs);
        }
    }

    private void park(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!woken && completions.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, left);
        }
    }

    private void watchMetadata() {
        CompletableFuture<Cluster> refresh = metadata.refreshIfNeeded();
        if (refresh != null && refresh != watchedRefresh) {
            watchedRefresh = refresh;
            refresh.whenComplete((c, e) -> wakeup());
        }
    }

    /**
     * Lets the batches whose error asked for a metadata refresh be retried once the refresh that
     * followed it is done (whatever its outcome), so that a retry does not go to the old leader again.
     */
    private void releaseBatchesAwaitingMetadata() {
        if (awaitingMetadata.isEmpty()) {
            return;
        }
        if (awaitedRefresh == null) {
            awaitedRefresh = watchedRefresh;
        }
        if (awaitedRefresh == null || awaitedRefresh.isDone()) {
            for (ProducerBatch b : awaitingMetadata) {
                b.awaitsMetadata = false;
            }
            awaitingMetadata.clear();
            awaitedRefresh = null;
        }
    }

    private void send(int node, InetSocketAddress address, List<ProducerBatch> batches) {
        ProduceRequests.Built built = ProduceRequests.build(acks, requestTimeoutMs, batches);
        log.debug("sending {} batch(es) to broker {}", batches.size(), node);
        InFlightProduce request = new InFlightProduce(node, built.batches());
        inFlight.add(request);
        inFlightPerNode.merge(node, 1, Integer::sum);
        if (maxInFlight == 1) {
            for (ProducerBatch b : built.batches()) {
                accumulator.mute(b.tp, true);
            }
        }
        if (acks == 0) {
            network.sendOneWay(address, ApiKey.PRODUCE, built.message(), built.payload(), requestTimeoutMs)
                    .whenComplete((v, error) -> complete(new Completion(request, null, error)));
        } else {
            network.send(address, ApiKey.PRODUCE, built.message(), built.payload(), requestTimeoutMs)
                    .whenComplete((frame, error) -> complete(new Completion(request, frame, error)));
        }
    }

    private void complete(Completion c) {
        completions.add(c);
        wakeup();
    }

    private void processCompletions() {
        Completion c;
        while ((c = completions.poll()) != null) {
            InFlightProduce request = c.request;
            if (request.abandoned) {
                if (c.frame != null) {
                    c.frame.release();
                }
                continue;
            }
            inFlight.remove(request);
            inFlightPerNode.merge(request.node, -1, Integer::sum);
            for (ProducerBatch b : request.batches) {
                if (maxInFlight == 1) {
                    accumulator.mute(b.tp, false);
                }
                if (idempotence != null) {
                    idempotence.onReturned(b);
                }
            }
            long now = System.currentTimeMillis();
            if (c.error != null) {
                BrookException e = Futures.toBrook(c.error);
                for (ProducerBatch b : request.batches) {
                    failOrRetry(b, e, now);
                }
            } else if (c.frame == null) {
                for (ProducerBatch b : request.batches) {
                    succeed(b, -1);
                }
            } else {
                handleResponse(request, c.frame, now);
            }
        }
    }

    private void handleResponse(InFlightProduce request, Frame frame, long now) {
        ProduceResponse response;
        try {
            response = Messages.parse(ProduceResponse.parser(), frame.message());
        } catch (InvalidProtocolBufferException e) {
            BrookException error = new BrokerErrorException("unparseable produce response: " + e.getMessage()
                    + "; the broker and client disagree on the protocol", e);
            for (ProducerBatch b : request.batches) {
                failOrRetry(b, error, now);
            }
            return;
        } finally {
            frame.release();
        }
        if (response.getErrorCode() != ErrorCode.NONE) {
            BrookException error = ErrorMapping.toException(response.getErrorCode(), response.getErrorMessage(), null, -1, -1);
            for (ProducerBatch b : request.batches) {
                failOrRetry(b, error, now);
            }
            return;
        }
        for (ProducerBatch b : request.batches) {
            ProducePartitionResult result = find(response, b);
            if (result == null) {
                failOrRetry(b, new BrokerErrorException("the broker's produce response has no result for " + b.tp
                        + "; the effect is unknown (a broker bug; report it)"), now);
            } else if (result.getErrorCode() == ErrorCode.NONE) {
                if (result.getDuplicate()) {
                    log.debug("{} was already written at offset {}: a retry recognized as a repeat", b, result.getBaseOffset());
                }
                succeed(b, result.getBaseOffset());
            } else {
                failOrRetry(b, ErrorMapping.toException(result.getErrorCode(), result.getErrorMessage(), b.tp.topic(),
                        b.tp.partition(), result.getLeaderHint()), now);
            }
        }
    }

    private static ProducePartitionResult find(ProduceResponse response, ProducerBatch b) {
        for (ProduceTopicResult t : response.getTopicsList()) {
            if (t.getName().equals(b.tp.topic())) {
                for (ProducePartitionResult p : t.getPartitionsList()) {
                    if (p.getPartition() == b.tp.partition()) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    private void failOrRetry(ProducerBatch b, BrookException error, long now) {
        if (error.isRetriable() && needsRefresh(error)) {
            metadata.requestUpdate();
        }
        if (!Idempotence.knownNotWritten(error)) {
            b.maybeWritten = true;
        }
        Idempotence.Verdict verdict = idempotence != null ? idempotence.classify(b, error)
                : error.isRetriable() ? Idempotence.Verdict.RETRY : Idempotence.Verdict.FAIL;
        switch (verdict) {
            case FATAL -> fail(b, idempotence.fatalError());
            case FAIL -> fail(b, error);
            case FAIL_LOST_STATE -> fail(b, idempotence.lostState(b, error));
            case PARK -> {
                b.lastError = error;
                log.debug("{} waits for a new producer id: {}", b, error.getMessage());
                accumulator.reenqueue(b);
            }
            case RETRY -> retry(b, error, now);
        }
    }

    private void retry(ProducerBatch b, BrookException error, long now) {
        if (b.attempts >= retries) {
            fail(b, error);
        } else if (forceClose || now - b.createdMs >= deliveryTimeoutMs) {
            b.lastError = error;
            fail(b, expired(b, now));
        } else {
            b.attempts++;
            b.lastError = error;
            b.retryAtMs = now + backoff.delayMs(b.attempts);
            if (needsRefresh(error)) {
                b.awaitsMetadata = true;
                awaitingMetadata.add(b);
            }
            log.debug("retrying {} after {}: {}", b, b.retryAtMs - now, error.getMessage());
            accumulator.reenqueue(b);
        }
    }

    private void succeed(ProducerBatch b, long baseOffset) {
        if (idempotence != null) {
            idempotence.onAcked(b);
        }
        accumulator.succeed(b, baseOffset);
    }

    private void fail(ProducerBatch b, RuntimeException error) {
        if (idempotence != null) {
            idempotence.onFailed(b);
        }
        accumulator.fail(b, error);
    }

    private static boolean needsRefresh(BrookException e) {
        return e instanceof ConnectionException || e instanceof TimeoutException || Errors.needsMetadataRefresh(e.errorCode());
    }

    private TimeoutException expired(ProducerBatch b, long now) {
        RuntimeException last = b.lastError;
        String waited = idempotence == null ? null : idempotence.waitReason();
        return new TimeoutException(b.recordCount() + " record(s) for " + b.tp + " expired: " + (now - b.createdMs)
                + " ms passed since the batch was created, more than delivery.timeout.ms (" + deliveryTimeoutMs + ")"
                + (last != null ? "; last error: " + last.getMessage()
                        : waited != null ? "; " + waited : "; the partition's leader was never available")
                + (b.maybeWritten ? "; the records may have been written (an attempt's outcome is unknown):"
                        + " check before sending them again"
                        : "; the records were not written"),
                last);
    }

    /** The error that ends an idempotent producer (fenced, or no producer id to be had), or {@code null}. */
    public BrookException fatalError() {
        return idempotence == null ? null : idempotence.fatalError();
    }

    private void abortEverything(RuntimeException error) {
        RuntimeException e = error != null ? error : new BrookException("the producer was closed before the record was sent");
        for (InFlightProduce request : inFlight) {
            request.abandoned = true;
            for (ProducerBatch b : request.batches) {
                if (!b.isFinished()) {
                    fail(b, e);
                }
            }
        }
        inFlight.clear();
        for (ProducerBatch b : accumulator.drainAll()) {
            fail(b, e);
        }
    }
}
