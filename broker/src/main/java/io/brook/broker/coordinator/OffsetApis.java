package io.brook.broker.coordinator;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.group.Member;
import io.brook.broker.partition.TopicPartition;
import io.brook.protocol.GroupIds;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.OffsetCommitPartition;
import io.brook.protocol.message.OffsetCommitPartitionResult;
import io.brook.protocol.message.OffsetCommitRecord;
import io.brook.protocol.message.OffsetCommitRequest;
import io.brook.protocol.message.OffsetCommitResponse;
import io.brook.protocol.message.OffsetCommitTopic;
import io.brook.protocol.message.OffsetCommitTopicResult;
import io.brook.protocol.message.OffsetFetchPartitionResult;
import io.brook.protocol.message.OffsetFetchRequest;
import io.brook.protocol.message.OffsetFetchResponse;
import io.brook.protocol.message.OffsetFetchTopic;
import io.brook.protocol.message.OffsetFetchTopicResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * OffsetCommit and OffsetFetch. A commit is fenced as in KIP-848: it names a member and its epoch,
 * and is refused for a member not in the group (UNKNOWN_MEMBER_ID), an older epoch
 * (STALE_MEMBER_EPOCH: a zombie whose partitions moved) or a newer one (FENCED_MEMBER_EPOCH); a
 * commit outside the group (empty member id, epoch -1) is taken only while the group has no members
 * (else NON_EMPTY_GROUP). Each partition's offset is one record in {@code __groups}; the answer
 * waits for them to commit.
 */
public final class OffsetApis {

    private final CoordinatorService service;
    private final Function<String, Integer> topicPartitions;

    public OffsetApis(CoordinatorService service, Function<String, Integer> topicPartitions) {
        this.service = service;
        this.topicPartitions = topicPartitions;
    }

    public CompletableFuture<OffsetCommitResponse> commit(OffsetCommitRequest req) {
        String bad = GroupIds.check(req.getGroupId());
        if (bad != null) {
            return CompletableFuture.completedFuture(commitError(ErrorCode.INVALID_GROUP_ID, bad));
        }
        boolean outsider = req.getMemberId().isEmpty();
        if (outsider && req.getMemberEpoch() != -1) {
            return CompletableFuture.completedFuture(commitError(ErrorCode.INVALID_REQUEST,
                    "member_id is empty: a member commits with its id and epoch; outside the group, use member_epoch -1"));
        }
        return service.<OffsetCommitResponse>call(s -> commitOnThread(s, req))
                .exceptionally(t -> commitError(Failures.of(t).code(), Failures.of(t).message()));
    }

    private CompletableFuture<OffsetCommitResponse> commitOnThread(CoordinatorService s, OffsetCommitRequest req) {
        GroupShard shard = s.shardOf(req.getGroupId());
        CoordinatedGroup group = shard.groups.get(req.getGroupId());
        Optional<OffsetCommitResponse> fenced = fence(group, req);
        if (fenced.isPresent()) {
            return CompletableFuture.completedFuture(fenced.get());
        }
        long now = s.now();
        List<GroupRecords.Encoded> records = new ArrayList<>();
        if (group == null) {
            group = shard.create(req.getGroupId(), s.config().getString(BrokerConfig.GROUP_ASSIGNOR),
                    s.config().getInt(BrokerConfig.GROUP_SESSION_TIMEOUT_MS), now, records);
        }
        int maxMetadata = s.config().getInt(BrokerConfig.OFFSET_METADATA_MAX_BYTES);
        OffsetCommitResponse.Builder response = OffsetCommitResponse.newBuilder().setErrorCode(ErrorCode.NONE);
        for (OffsetCommitTopic t : req.getTopicsList()) {
            OffsetCommitTopicResult.Builder tr = OffsetCommitTopicResult.newBuilder().setName(t.getName());
            Integer count = topicPartitions.apply(t.getName());
            for (OffsetCommitPartition p : t.getPartitionsList()) {
                String refused = check(t.getName(), count, p, maxMetadata);
                ErrorCode code = refused == null ? ErrorCode.NONE
                        : count == null || p.getPartition() < 0 || p.getPartition() >= count ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                        : ErrorCode.INVALID_REQUEST;
                tr.addPartitions(OffsetCommitPartitionResult.newBuilder().setPartition(p.getPartition()).setErrorCode(code)
                        .setErrorMessage(refused == null ? "" : refused));
                if (refused == null) {
                    TopicPartition tp = new TopicPartition(t.getName(), p.getPartition());
                    group.offsets.put(tp, new CommittedOffset(p.getOffset(), p.getTerm(), p.getMetadata(), now));
                    records.add(GroupRecords.encode(group.groupId, GroupRecords.record().setOffsetCommit(OffsetCommitRecord.newBuilder()
                            .setTopic(tp.topic()).setPartition(tp.partition()).setOffset(p.getOffset()).setTerm(p.getTerm())
                            .setMetadata(p.getMetadata()).setCommitTimeMs(now)).build(), null, tp));
                }
            }
            response.addTopics(tr);
        }
        group.lastCommitMs = now;
        OffsetCommitResponse answer = response.build();
        return s.persist(shard, records).thenApply(v -> answer);
    }

    /** Why the commit of a member (or of an outsider) is refused as a whole, if it is. */
    private static Optional<OffsetCommitResponse> fence(CoordinatedGroup group, OffsetCommitRequest req) {
        String memberId = req.getMemberId();
        if (memberId.isEmpty()) {
            return group == null || group.isEmpty() ? Optional.empty() : Optional.of(commitError(ErrorCode.NON_EMPTY_GROUP,
                    "group '" + req.getGroupId() + "' has members: only its members may commit, with their id and epoch"));
        }
        Optional<Member> member = group == null ? Optional.empty() : group.coordinator.state().member(memberId);
        if (member.isEmpty()) {
            return Optional.of(commitError(ErrorCode.UNKNOWN_MEMBER_ID,
                    "member " + memberId + " is not in group '" + req.getGroupId() + "': its commit is not recorded; rejoin"));
        }
        int epoch = member.get().memberEpoch();
        if (req.getMemberEpoch() < epoch) {
            return Optional.of(commitError(ErrorCode.STALE_MEMBER_EPOCH, "member " + memberId + " committed with epoch "
                    + req.getMemberEpoch() + " but is at " + epoch + ": heartbeat, then commit what it still owns"));
        }
        if (req.getMemberEpoch() > epoch) {
            return Optional.of(commitError(ErrorCode.FENCED_MEMBER_EPOCH, "member " + memberId + " committed with epoch "
                    + req.getMemberEpoch() + " but is at " + epoch));
        }
        return Optional.empty();
    }

    private static String check(String topic, Integer count, OffsetCommitPartition p, int maxMetadata) {
        if (count == null) {
            return "topic '" + topic + "' does not exist";
        }
        if (p.getPartition() < 0 || p.getPartition() >= count) {
            return "topic '" + topic + "' has no partition " + p.getPartition();
        }
        if (p.getOffset() < 0) {
            return "offset " + p.getOffset() + " of " + topic + "-" + p.getPartition() + " is negative";
        }
        int bytes = p.getMetadata().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxMetadata) {
            return "metadata of " + topic + "-" + p.getPartition() + " has " + bytes + " bytes; offset.metadata.max.bytes is " + maxMetadata;
        }
        return null;
    }

    private static OffsetCommitResponse commitError(ErrorCode code, String message) {
        return OffsetCommitResponse.newBuilder().setErrorCode(code).setErrorMessage(message).build();
    }

    public CompletableFuture<OffsetFetchResponse> fetch(OffsetFetchRequest req) {
        String bad = GroupIds.check(req.getGroupId());
        if (bad != null) {
            return CompletableFuture.completedFuture(fetchError(ErrorCode.INVALID_GROUP_ID, bad));
        }
        return service.<OffsetFetchResponse>call(s -> {
            GroupShard shard = s.shardOf(req.getGroupId());
            CoordinatedGroup group = shard.groups.get(req.getGroupId());
            OffsetFetchResponse answer = fetchOnThread(group, req);
            // what it read may still be committing: answer once the appends made so far are committed
            return shard.lastAppend.thenApply(v -> answer);
        }).exceptionally(t -> fetchError(Failures.of(t).code(), Failures.of(t).message()));
    }

    private static OffsetFetchResponse fetchOnThread(CoordinatedGroup group, OffsetFetchRequest req) {
        Map<TopicPartition, CommittedOffset> offsets = group == null ? Map.of() : group.offsets;
        TreeMap<String, List<Integer>> wanted = new TreeMap<>();
        if (req.getTopicsCount() == 0) {
            offsets.keySet().forEach(tp -> wanted.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        }
        for (OffsetFetchTopic t : req.getTopicsList()) {
            List<Integer> ps = wanted.computeIfAbsent(t.getName(), n -> new ArrayList<>());
            if (t.getPartitionsCount() == 0) {
                offsets.keySet().stream().filter(tp -> tp.topic().equals(t.getName())).forEach(tp -> ps.add(tp.partition()));
            } else {
                ps.addAll(t.getPartitionsList());
            }
        }
        OffsetFetchResponse.Builder b = OffsetFetchResponse.newBuilder().setErrorCode(ErrorCode.NONE);
        wanted.forEach((topic, ps) -> {
            OffsetFetchTopicResult.Builder tr = OffsetFetchTopicResult.newBuilder().setName(topic);
            for (int p : ps) {
                CommittedOffset o = offsets.get(new TopicPartition(topic, p));
                tr.addPartitions(o == null
                        ? OffsetFetchPartitionResult.newBuilder().setPartition(p).setOffset(-1).setTerm(-1).setCommitTimeMs(-1)
                        : OffsetFetchPartitionResult.newBuilder().setPartition(p).setOffset(o.offset()).setTerm(o.term())
                                .setMetadata(o.metadata()).setCommitTimeMs(o.commitTimeMs()));
            }
            b.addTopics(tr);
        });
        return b.build();
    }

    private static OffsetFetchResponse fetchError(ErrorCode code, String message) {
        return OffsetFetchResponse.newBuilder().setErrorCode(code).setErrorMessage(message).build();
    }
}
