package io.brook.client.internal.consumer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.brook.client.BrokerUnavailableException;
import io.brook.client.TimeoutException;
import io.brook.client.TopicPartition;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.Futures;
import io.brook.client.internal.metadata.Cluster;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.Errors;
import io.brook.protocol.frame.Frame;
import io.brook.protocol.frame.Messages;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FetchPartition;
import io.brook.protocol.message.FetchPartitionResult;
import io.brook.protocol.message.FetchRequest;
import io.brook.protocol.message.FetchResponse;
import io.brook.protocol.message.FetchTopic;
import io.brook.protocol.message.FetchTopicResult;
import io.brook.protocol.record.RecordBatch;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's fetch-ahead loop: keeps one Fetch request in flight per leader for the assigned
 * partitions that have a position, while the {@link FetchBuffer} holds less than its budget, and
 * hands each partition's batches to the buffer as a {@link CompletedFetch}. It advances its own
 * fetch offsets (after the last whole batch received), so fetching runs ahead of {@code poll}.
 * NOT_LEADER and other retriable errors refresh metadata and retry after a backoff; offset out of
 * range stops the partition until the application thread resets its position.
 *
 * <p>Thread safety: all state is owned by the network event loop; the application thread talks to
 * it through {@link #assign}, {@link #start}, {@link #stop} and {@link #close}, which post tasks.
 */
public final class Fetcher {

    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);

    /** Fetch settings. */
    public record Settings(int minBytes, int maxWaitMs, int maxBytes, int maxPartitionBytes, int requestTimeoutMs,
                           boolean verifyCrcs) {
    }

    private static final class FetchState {
        long fetchOffset = -1;
        int generation;
        boolean active;
        boolean inFlight;
        long retryAtNanos;
        int failures;
    }

    /** What one request asked for one partition. */
    private record Sent(TopicPartition tp, int generation, long fetchOffset) {
    }

    private final NetworkClient network;
    private final EventLoop loop;
    private final Metadata metadata;
    private final FetchBuffer buffer;
    private final Settings settings;
    private final Backoff backoff;
    private final Map<TopicPartition, FetchState> states = new LinkedHashMap<>();
    private final Set<Integer> nodesInFlight = new HashSet<>();
    private CompletableFuture<Cluster> watchedRefresh;
    private long scheduledRetryNanos = Long.MAX_VALUE;
    private boolean closed;

    public Fetcher(NetworkClient network, Metadata metadata, FetchBuffer buffer, Settings settings, Backoff backoff) {
        this.network = network;
        this.loop = network.eventLoop();
        this.metadata = metadata;
        this.buffer = buffer;
        this.settings = settings;
        this.backoff = backoff;
        buffer.onRoom(() -> post(this::maybeFetch));
    }

    /** Replaces the assigned partitions; new ones are idle until {@link #start}. */
    public void assign(Collection<TopicPartition> partitions) {
        Set<TopicPartition> next = new HashSet<>(partitions);
        post(() -> {
            states.keySet().retainAll(next);
            for (TopicPartition tp : next) {
                states.computeIfAbsent(tp, k -> new FetchState());
            }
        });
    }

    /** Starts (or restarts) fetching {@code tp} at {@code offset} for position generation {@code generation}. */
    public void start(TopicPartition tp, long offset, int generation) {
        post(() -> {
            FetchState s = states.get(tp);
            if (s == null) {
                return;
            }
            s.fetchOffset = offset;
            s.generation = generation;
            s.active = true;
            s.retryAtNanos = 0;
            s.failures = 0;
            maybeFetch();
        });
    }

    /** Stops fetching {@code tp} until the next {@link #start}; in-flight data for it will be dropped. */
    public void stop(TopicPartition tp, int generation) {
        post(() -> {
            FetchState s = states.get(tp);
            if (s != null) {
                s.active = false;
                s.generation = generation;
            }
        });
    }

    /** Stops fetching; responses still in flight are released when they arrive. */
    public void close() {
        post(() -> {
            closed = true;
            states.clear();
        });
    }

    private void post(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // the client is closing
        }
    }

    private void maybeFetch() {
        if (closed || !buffer.hasRoom()) {
            return;
        }
        Cluster cluster = metadata.cluster();
        long now = System.nanoTime();
        long nextRetry = Long.MAX_VALUE;
        boolean needMetadata = false;
        Map<Integer, List<TopicPartition>> byNode = new HashMap<>();
        for (Map.Entry<TopicPartition, FetchState> e : states.entrySet()) {
            FetchState s = e.getValue();
            if (!s.active || s.inFlight) {
                continue;
            }
            if (s.retryAtNanos > now) {
                nextRetry = Math.min(nextRetry, s.retryAtNanos);
                continue;
            }
            TopicPartition tp = e.getKey();
            int leader = cluster.leader(tp.topic(), tp.partition());
            if (leader < 0 || cluster.address(leader) == null) {
                needMetadata = true;
                continue;
            }
            if (!nodesInFlight.contains(leader)) {
                byNode.computeIfAbsent(leader, k -> new ArrayList<>()).add(tp);
            }
        }
        for (Map.Entry<Integer, List<TopicPartition>> e : byNode.entrySet()) {
            send(e.getKey(), cluster.address(e.getKey()), e.getValue());
        }
        if (needMetadata) {
            metadata.requestUpdate();
        }
        CompletableFuture<Cluster> refresh = metadata.refreshIfNeeded();
        if (refresh != null && refresh != watchedRefresh) {
            watchedRefresh = refresh;
            refresh.whenComplete((c, err) -> post(this::maybeFetch));
        }
        if (nextRetry != Long.MAX_VALUE && nextRetry < scheduledRetryNanos) {
            scheduledRetryNanos = nextRetry;
            loop.schedule(() -> {
                scheduledRetryNanos = Long.MAX_VALUE;
                maybeFetch();
            }, Math.max(0, nextRetry - now), TimeUnit.NANOSECONDS);
        }
    }

    private void send(int node, InetSocketAddress address, List<TopicPartition> partitions) {
        Map<String, FetchTopic.Builder> topics = new LinkedHashMap<>();
        Map<TopicPartition, Sent> sent = new HashMap<>();
        for (TopicPartition tp : partitions) {
            FetchState s = states.get(tp);
            s.inFlight = true;
            sent.put(tp, new Sent(tp, s.generation, s.fetchOffset));
            topics.computeIfAbsent(tp.topic(), t -> FetchTopic.newBuilder().setName(t))
                    .addPartitions(FetchPartition.newBuilder().setPartition(tp.partition())
                            .setFetchOffset(s.fetchOffset).setMaxBytes(settings.maxPartitionBytes()));
        }
        FetchRequest.Builder request = FetchRequest.newBuilder().setMaxWaitMs(settings.maxWaitMs())
                .setMinBytes(settings.minBytes()).setMaxBytes(settings.maxBytes()).setReplicaId(-1);
        topics.values().forEach(request::addTopics);
        nodesInFlight.add(node);
        network.send(address, ApiKey.FETCH, request.build(), List.of(),
                        (long) settings.requestTimeoutMs() + settings.maxWaitMs())
                .whenComplete((frame, error) -> onResponse(node, sent, frame, error));
    }

    private void onResponse(int node, Map<TopicPartition, Sent> sent, Frame frame, Throwable error) {
        nodesInFlight.remove(node);
        for (TopicPartition tp : sent.keySet()) {
            FetchState s = states.get(tp);
            if (s != null) {
                s.inFlight = false;
            }
        }
        if (closed) {
            if (frame != null) {
                frame.release();
            }
            return;
        }
        if (error != null) {
            Throwable cause = Futures.unwrap(error);
            log.debug("fetch from broker {} failed: {}", node, cause.toString());
            // connection lost, or the broker is starting or shutting down: leadership may move
            if (cause instanceof BrokerUnavailableException || cause instanceof TimeoutException) {
                metadata.requestUpdate();
            }
            sent.values().forEach(this::backOff);
        } else {
            try {
                handle(sent, frame);
            } finally {
                frame.release();
            }
        }
        maybeFetch();
    }

    private void handle(Map<TopicPartition, Sent> sent, Frame frame) {
        FetchResponse response;
        try {
            response = Messages.parse(FetchResponse.parser(), frame.message());
        } catch (InvalidProtocolBufferException e) {
            log.warn("unparseable fetch response: {}", e.getMessage());
            sent.values().forEach(this::backOff);
            return;
        }
        if (response.getErrorCode() != ErrorCode.NONE) {
            for (Sent s : sent.values()) {
                onPartitionError(s, response.getErrorCode(), response.getErrorMessage(), -1, -1);
            }
            return;
        }
        ByteBuf payload = frame.payload();
        int at = payload.readerIndex();
        int end = payload.writerIndex();
        for (FetchTopicResult t : response.getTopicsList()) {
            for (FetchPartitionResult p : t.getPartitionsList()) {
                int size = p.getRecordsSize();
                if (size < 0 || size > end - at) {
                    log.warn("fetch response for {}-{} announces {} bytes but {} remain; ignoring the rest",
                            t.getName(), p.getPartition(), size, end - at);
                    sent.values().forEach(this::backOff);
                    return;
                }
                int from = at;
                at += size;
                Sent s = sent.get(new TopicPartition(t.getName(), p.getPartition()));
                FetchState state = s == null ? null : states.get(s.tp);
                if (state == null || !state.active || state.generation != s.generation) {
                    continue;
                }
                if (p.getErrorCode() != ErrorCode.NONE) {
                    onPartitionError(s, p.getErrorCode(), p.getErrorMessage(), p.getHighWatermark(), p.getLogStartOffset());
                    continue;
                }
                state.failures = 0;
                if (size == 0) {
                    continue;
                }
                long next = nextOffset(payload, from, from + size);
                if (next < 0) {
                    // no whole batch: hand the bytes over anyway so that poll reports the corruption
                    state.active = false;
                    next = s.fetchOffset;
                }
                state.fetchOffset = Math.max(next, s.fetchOffset);
                CompletedFetch fetched = CompletedFetch.data(s.tp, s.generation, s.fetchOffset, state.fetchOffset,
                        p.getHighWatermark(), p.getLogStartOffset(), payload.retainedSlice(from, size));
                if (settings.verifyCrcs()) {
                    // here, on the network thread, in parallel with the application draining earlier fetches
                    fetched.verifyCrcs();
                }
                buffer.add(fetched);
            }
        }
    }

    /** The offset after the last whole batch in {@code buf[from, to)}, or -1 when there is none. */
    static long nextOffset(ByteBuf buf, int from, int to) {
        long next = -1;
        int pos = from;
        while (to - pos >= RecordBatch.HEADER_SIZE) {
            long size = RecordBatch.LOG_OVERHEAD + (long) buf.getInt(pos + RecordBatch.LENGTH_OFFSET);
            if (size < RecordBatch.HEADER_SIZE || size > to - pos) {
                break;
            }
            next = buf.getLong(pos + RecordBatch.BASE_OFFSET_OFFSET)
                    + buf.getInt(pos + RecordBatch.LAST_OFFSET_DELTA_OFFSET) + 1;
            pos += (int) size;
        }
        return next;
    }

    private void onPartitionError(Sent s, ErrorCode code, String message, long highWatermark, long logStart) {
        FetchState state = states.get(s.tp);
        if (state == null || state.generation != s.generation) {
            return;
        }
        if (code == ErrorCode.OFFSET_OUT_OF_RANGE) {
            state.active = false;
            buffer.add(CompletedFetch.error(s.tp, s.generation, s.fetchOffset, code, message, highWatermark, logStart));
        } else if (Errors.isRetriable(code)) {
            log.debug("fetch of {} failed with {}; retrying", s.tp, code);
            if (Errors.needsMetadataRefresh(code)) {
                metadata.requestUpdate();
            }
            backOff(s);
        } else {
            buffer.add(CompletedFetch.error(s.tp, s.generation, s.fetchOffset, code, message, highWatermark, logStart));
            backOff(s);
        }
    }

    private void backOff(Sent s) {
        FetchState state = states.get(s.tp);
        if (state != null && state.generation == s.generation) {
            state.failures++;
            state.retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.delayMs(state.failures));
        }
    }
}
