package io.brook.client.internal.consumer;

import io.brook.client.BrookException;
import io.brook.client.OffsetAndTimestamp;
import io.brook.client.TimeoutException;
import io.brook.client.TopicPartition;
import io.brook.client.UnknownTopicOrPartitionException;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ErrorMapping;
import io.brook.client.internal.Futures;
import io.brook.client.internal.metadata.Cluster;
import io.brook.client.internal.metadata.Metadata;
import io.brook.client.internal.network.NetworkClient;
import io.brook.protocol.ApiKey;
import io.brook.protocol.Errors;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ListOffsetsPartition;
import io.brook.protocol.message.ListOffsetsPartitionResult;
import io.brook.protocol.message.ListOffsetsRequest;
import io.brook.protocol.message.ListOffsetsResponse;
import io.brook.protocol.message.ListOffsetsTopic;
import io.brook.protocol.message.ListOffsetsTopicResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Resolves offsets with ListOffsets: per partition, timestamp {@value #EARLIEST} (log start),
 * {@value #LATEST} (high watermark) or a time (first record at or after it), or the end of a Raft
 * term in the leader's log ({@link #endOfTerms}). Requests go to each
 * partition's leader; retriable errors (NOT_LEADER, unknown topic, lost connections) refresh the
 * metadata and retry the unresolved partitions after a backoff until the deadline.
 *
 * <p>Thread safety: callable from any thread; each lookup's state lives on the event loop.
 */
public final class OffsetLookup {

    public static final long EARLIEST = -2;
    public static final long LATEST = -1;
    private static final long END_OF_TERM = -3;

    /**
     * The end of a term in the leader's log.
     *
     * @param term the largest term at or below the one asked that the log holds; -1 when it holds none
     * @param endOffset the offset after that term's last record (the log start when {@code term} is -1)
     */
    public record TermEnd(int term, long endOffset) {
    }

    private final NetworkClient network;
    private final Metadata metadata;
    private final Backoff backoff;
    private final int requestTimeoutMs;

    public OffsetLookup(NetworkClient network, Metadata metadata, Backoff backoff, int requestTimeoutMs) {
        this.network = network;
        this.metadata = metadata;
        this.backoff = backoff;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * @return per partition the offset and timestamp found; offset -1 when no record is at or
     *     after the timestamp; fails with the first non-retriable error, or at the deadline with
     *     the last retriable one (an {@link UnknownTopicOrPartitionException} as it is, anything
     *     else as a {@link TimeoutException})
     */
    public CompletableFuture<Map<TopicPartition, OffsetAndTimestamp>> lookup(Map<TopicPartition, Long> timestamps,
                                                                           long timeoutMs) {
        Map<TopicPartition, ListOffsetsPartition> asks = new LinkedHashMap<>();
        timestamps.forEach((tp, ts) -> asks.put(tp, ListOffsetsPartition.newBuilder().setPartition(tp.partition())
                .setTimestamp(ts).build()));
        return start(asks, timeoutMs).thenApply(found -> {
            Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
            found.forEach((tp, p) -> out.put(tp, new OffsetAndTimestamp(p.getOffset(), p.getTimestamp())));
            return out;
        });
    }

    /**
     * Asks each partition's leader where a term ends in its log; fails like {@link #lookup}.
     *
     * @param terms per partition a term, >= 0
     */
    public CompletableFuture<Map<TopicPartition, TermEnd>> endOfTerms(Map<TopicPartition, Integer> terms, long timeoutMs) {
        Map<TopicPartition, ListOffsetsPartition> asks = new LinkedHashMap<>();
        terms.forEach((tp, term) -> asks.put(tp, ListOffsetsPartition.newBuilder().setPartition(tp.partition())
                .setTimestamp(END_OF_TERM).setTerm(term).build()));
        return start(asks, timeoutMs).thenApply(found -> {
            Map<TopicPartition, TermEnd> out = new HashMap<>();
            found.forEach((tp, p) -> out.put(tp, new TermEnd(p.getTerm(), p.getOffset())));
            return out;
        });
    }

    private CompletableFuture<Map<TopicPartition, ListOffsetsPartitionResult>> start(Map<TopicPartition, ListOffsetsPartition> asks,
                                                                                  long timeoutMs) {
        List<String> topics = new ArrayList<>();
        asks.keySet().forEach(tp -> topics.add(tp.topic()));
        metadata.addTopics(topics);
        Lookup l = new Lookup(asks, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), timeoutMs);
        try {
            network.eventLoop().execute(l::attempt);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            l.result.completeExceptionally(new io.brook.client.ConnectionException("the consumer is closed"));
        }
        return l.result;
    }

    /** One lookup's progress; owned by the event loop. */
    private final class Lookup {
        final Map<TopicPartition, ListOffsetsPartition> remaining;
        final Map<TopicPartition, ListOffsetsPartitionResult> found = new HashMap<>();
        final CompletableFuture<Map<TopicPartition, ListOffsetsPartitionResult>> result = new CompletableFuture<>();
        final long deadlineNanos;
        final long timeoutMs;
        int attempts;
        int outstanding;
        BrookException lastError;

        Lookup(Map<TopicPartition, ListOffsetsPartition> remaining, long deadlineNanos, long timeoutMs) {
            this.remaining = remaining;
            this.deadlineNanos = deadlineNanos;
            this.timeoutMs = timeoutMs;
        }

        void attempt() {
            if (result.isDone()) {
                return;
            }
            if (remaining.isEmpty()) {
                result.complete(found);
                return;
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                fail();
                return;
            }
            attempts++;
            Cluster cluster = metadata.cluster();
            Map<Integer, Map<String, ListOffsetsTopic.Builder>> byNode = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsPartition> e : remaining.entrySet()) {
                TopicPartition tp = e.getKey();
                int leader = cluster.leader(tp.topic(), tp.partition());
                if (leader < 0 || cluster.address(leader) == null) {
                    Cluster.TopicInfo info = cluster.topic(tp.topic());
                    lastError = info == null || info.error() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                            ? ErrorMapping.unknownTopic(tp.topic(), -1, "")
                            : info.partitionCount() <= tp.partition()
                                    ? ErrorMapping.unknownTopic(tp.topic(), tp.partition(), "")
                                    : ErrorMapping.toException(ErrorCode.LEADER_NOT_AVAILABLE, "", tp.topic(), tp.partition(), -1);
                    metadata.requestUpdate();
                    continue;
                }
                byNode.computeIfAbsent(leader, k -> new LinkedHashMap<>())
                        .computeIfAbsent(tp.topic(), t -> ListOffsetsTopic.newBuilder().setName(t))
                        .addPartitions(e.getValue());
            }
            if (byNode.isEmpty()) {
                retryLater();
                return;
            }
            outstanding = byNode.size();
            for (Map.Entry<Integer, Map<String, ListOffsetsTopic.Builder>> e : byNode.entrySet()) {
                ListOffsetsRequest.Builder request = ListOffsetsRequest.newBuilder();
                e.getValue().values().forEach(request::addTopics);
                long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                network.call(cluster.address(e.getKey()), ApiKey.LIST_OFFSETS, request.build(), ListOffsetsResponse.parser(),
                                Math.max(1, Math.min(requestTimeoutMs, left)))
                        .whenComplete(this::onResponse);
            }
        }

        private void onResponse(ListOffsetsResponse response, Throwable error) {
            outstanding--;
            if (result.isDone()) {
                return;
            }
            if (error != null) {
                BrookException e = Futures.toBrook(error);
                if (!e.isRetriable()) {
                    result.completeExceptionally(e);
                    return;
                }
                lastError = e;
                metadata.requestUpdate();
            } else if (response.getErrorCode() != ErrorCode.NONE) {
                BrookException e = ErrorMapping.toException(response.getErrorCode(), response.getErrorMessage(), null, -1, -1);
                if (!e.isRetriable()) {
                    result.completeExceptionally(e);
                    return;
                }
                lastError = e;
            } else {
                for (ListOffsetsTopicResult t : response.getTopicsList()) {
                    for (ListOffsetsPartitionResult p : t.getPartitionsList()) {
                        TopicPartition tp = new TopicPartition(t.getName(), p.getPartition());
                        if (!remaining.containsKey(tp)) {
                            continue;
                        }
                        if (p.getErrorCode() == ErrorCode.NONE) {
                            remaining.remove(tp);
                            found.put(tp, p);
                            continue;
                        }
                        BrookException e = ErrorMapping.toException(p.getErrorCode(), p.getErrorMessage(), tp.topic(),
                                tp.partition(), p.getLeaderHint());
                        if (!Errors.isRetriable(p.getErrorCode())) {
                            result.completeExceptionally(e);
                            return;
                        }
                        if (Errors.needsMetadataRefresh(p.getErrorCode())) {
                            metadata.requestUpdate();
                        }
                        lastError = e;
                    }
                }
            }
            if (outstanding == 0) {
                if (remaining.isEmpty()) {
                    result.complete(found);
                } else {
                    retryLater();
                }
            }
        }

        private void retryLater() {
            CompletableFuture<Cluster> refresh = metadata.refreshIfNeeded();
            long delayMs = backoff.delayMs(attempts);
            if (refresh != null) {
                refresh.whenComplete((c, e) -> network.eventLoop().schedule(this::attempt, 0, TimeUnit.MILLISECONDS));
            } else {
                network.eventLoop().schedule(this::attempt, delayMs, TimeUnit.MILLISECONDS);
            }
        }

        private void fail() {
            if (lastError instanceof UnknownTopicOrPartitionException) {
                result.completeExceptionally(lastError);
            } else {
                result.completeExceptionally(new TimeoutException("looking up offsets of " + remaining.keySet()
                        + " did not complete within " + timeoutMs + " ms"
                        + (lastError == null ? "" : "; last error: " + lastError.getMessage()), lastError));
            }
        }
    }
}
