package io.brook.client.internal.consumer.group;

import io.brook.client.BrookException;
import io.brook.client.CommitFailedException;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.TopicPartition;
import io.brook.client.internal.Backoff;
import io.brook.client.internal.ErrorMapping;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.OffsetCommitPartition;
import io.brook.protocol.message.OffsetCommitPartitionResult;
import io.brook.protocol.message.OffsetCommitRequest;
import io.brook.protocol.message.OffsetCommitResponse;
import io.brook.protocol.message.OffsetCommitTopic;
import io.brook.protocol.message.OffsetCommitTopicResult;
import io.brook.protocol.message.OffsetFetchPartitionResult;
import io.brook.protocol.message.OffsetFetchRequest;
import io.brook.protocol.message.OffsetFetchResponse;
import io.brook.protocol.message.OffsetFetchTopic;
import io.brook.protocol.message.OffsetFetchTopicResult;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * OffsetCommit and OffsetFetch to the group's coordinator, retried through coordinator moves
 * until a deadline. A commit carries the member id and epoch current when each attempt is sent;
 * STALE_MEMBER_EPOCH, UNKNOWN_MEMBER_ID and FENCED_MEMBER_EPOCH fail it with
 * {@link CommitFailedException}, since the membership the offsets were consumed under is gone.
 *
 * <p>Thread safety: callable from any thread; futures complete on the network event loop.
 */
public final class OffsetRequests {

    /** The member a commit is made for. */
    public record MemberIdentity(String memberId, int epoch) {
        /** For commits outside a membership (assign() with a group id). */
        public static final MemberIdentity NONE = new MemberIdentity("", -1);
    }

    private final Coordinator coordinator;
    private final Backoff backoff;

    public OffsetRequests(Coordinator coordinator, Backoff backoff) {
        this.coordinator = coordinator;
        this.backoff = backoff;
    }

    /** Commits {@code offsets}; completes when every partition was committed. */
    public CompletableFuture<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets, Supplier<MemberIdentity> member,
                                          long timeoutMs) {
        Map<String, OffsetCommitTopic.Builder> topics = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            OffsetAndMetadata o = e.getValue();
            topics.computeIfAbsent(e.getKey().topic(), t -> OffsetCommitTopic.newBuilder().setName(t))
                    .addPartitions(OffsetCommitPartition.newBuilder().setPartition(e.getKey().partition())
                            .setOffset(o.offset()).setTerm(o.term()).setMetadata(o.metadata()));
        }
        Supplier<com.google.protobuf.MessageLite> request = () -> {
            MemberIdentity m = member.get();
            OffsetCommitRequest.Builder b = OffsetCommitRequest.newBuilder().setGroupId(coordinator.groupId())
                    .setMemberId(m.memberId()).setMemberEpoch(m.epoch());
            topics.values().forEach(t -> b.addTopics(t.build()));
            return b.build();
        };
        return coordinator.callRetrying(ApiKey.OFFSET_COMMIT, request, OffsetCommitResponse.parser(),
                OffsetRequests::commitError, deadline(timeoutMs), backoff).thenApply(r -> {
                    BrookException failure = commitFailure(r);
                    if (failure != null) {
                        throw failure;
                    }
                    return null;
                });
    }

    /** The first coordinator error of a commit answer, whole-request or per partition. */
    private static ErrorCode commitError(OffsetCommitResponse r) {
        if (r.getErrorCode() != ErrorCode.NONE) {
            return r.getErrorCode();
        }
        for (OffsetCommitTopicResult t : r.getTopicsList()) {
            for (OffsetCommitPartitionResult p : t.getPartitionsList()) {
                if (Coordinator.isCoordinatorError(p.getErrorCode())) {
                    return p.getErrorCode();
                }
            }
        }
        return ErrorCode.NONE;
    }

    private static BrookException commitFailure(OffsetCommitResponse r) {
        if (r.getErrorCode() != ErrorCode.NONE) {
            return commitException(r.getErrorCode(), r.getErrorMessage(), null, -1);
        }
        for (OffsetCommitTopicResult t : r.getTopicsList()) {
            for (OffsetCommitPartitionResult p : t.getPartitionsList()) {
                if (p.getErrorCode() != ErrorCode.NONE) {
                    return commitException(p.getErrorCode(), p.getErrorMessage(), t.getName(), p.getPartition());
                }
            }
        }
        return null;
    }

    private static BrookException commitException(ErrorCode code, String message, String topic, int partition) {
        BrookException e = ErrorMapping.toException(code, message, topic, partition, -1);
        if (code == ErrorCode.UNKNOWN_MEMBER_ID || code == ErrorCode.FENCED_MEMBER_EPOCH) {
            return new CommitFailedException("the commit was refused: this consumer is no longer a member of its group"
                    + " (its partitions were taken while it was away); nothing was committed, and the partitions' new"
                    + " owners consume the records again", e, code);
        }
        return e;
    }

    /**
     * The committed offsets of {@code partitions}; a partition without one maps to {@code null}.
     */
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> fetch(Collection<TopicPartition> partitions,
                                                                          long timeoutMs) {
        Map<String, OffsetFetchTopic.Builder> topics = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            topics.computeIfAbsent(tp.topic(), t -> OffsetFetchTopic.newBuilder().setName(t)).addPartitions(tp.partition());
        }
        OffsetFetchRequest.Builder b = OffsetFetchRequest.newBuilder().setGroupId(coordinator.groupId());
        topics.values().forEach(t -> b.addTopics(t.build()));
        OffsetFetchRequest request = b.build();
        return coordinator.callRetrying(ApiKey.OFFSET_FETCH, () -> request, OffsetFetchResponse.parser(),
                OffsetRequests::fetchError, deadline(timeoutMs), backoff).thenApply(r -> {
                    if (r.getErrorCode() != ErrorCode.NONE) {
                        throw ErrorMapping.toException(r.getErrorCode(), r.getErrorMessage(), null, -1, -1);
                    }
                    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
                    partitions.forEach(tp -> out.put(tp, null));
                    for (OffsetFetchTopicResult t : r.getTopicsList()) {
                        for (OffsetFetchPartitionResult p : t.getPartitionsList()) {
                            TopicPartition tp = new TopicPartition(t.getName(), p.getPartition());
                            if (p.getErrorCode() != ErrorCode.NONE) {
                                throw ErrorMapping.toException(p.getErrorCode(), p.getErrorMessage(), t.getName(),
                                        p.getPartition(), -1);
                            }
                            if (p.getOffset() >= 0 && out.containsKey(tp)) {
                                out.put(tp, new OffsetAndMetadata(p.getOffset(), Math.max(-1, p.getTerm()), p.getMetadata()));
                            }
                        }
                    }
                    return out;
                });
    }

    private static ErrorCode fetchError(OffsetFetchResponse r) {
        if (r.getErrorCode() != ErrorCode.NONE) {
            return r.getErrorCode();
        }
        for (OffsetFetchTopicResult t : r.getTopicsList()) {
            for (OffsetFetchPartitionResult p : t.getPartitionsList()) {
                if (Coordinator.isCoordinatorError(p.getErrorCode())) {
                    return p.getErrorCode();
                }
            }
        }
        return ErrorCode.NONE;
    }

    private static long deadline(long timeoutMs) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }
}
