package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.brook.protocol.ApiKey;
import io.brook.protocol.message.CreateTopicsRequest;
import io.brook.protocol.message.CreateTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FindCoordinatorRequest;
import io.brook.protocol.message.FindCoordinatorResponse;
import io.brook.protocol.message.GroupHeartbeatRequest;
import io.brook.protocol.message.GroupHeartbeatResponse;
import io.brook.protocol.message.OffsetCommitPartition;
import io.brook.protocol.message.OffsetCommitRequest;
import io.brook.protocol.message.OffsetCommitResponse;
import io.brook.protocol.message.OffsetCommitTopic;
import io.brook.protocol.message.OffsetFetchRequest;
import io.brook.protocol.message.OffsetFetchResponse;
import io.brook.protocol.message.TopicPartitions;
import io.brook.protocol.message.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/** Typed group API calls over a {@link RawConnection}, for tests. */
final class GroupCalls implements AutoCloseable {

    private final RawConnection c;
    private int correlation;

    GroupCalls(int port) throws IOException {
        this.c = new RawConnection(port);
    }

    <R> R call(ApiKey api, MessageLite request, Parser<R> parser) {
        try {
            c.send(RawConnection.request(api.id(), ++correlation, request, new byte[0]));
            RawConnection.Response r = c.read();
            assertThat(r.errorCode()).as("frame-level error").isZero();
            return parser.parseFrom(r.message());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void createTopic(String name, int partitions) {
        createTopic(name, partitions, 1);
    }

    void createTopic(String name, int partitions, int replicationFactor) {
        CreateTopicsResponse r = call(ApiKey.CREATE_TOPICS, CreateTopicsRequest.newBuilder()
                .addTopics(TopicSpec.newBuilder().setName(name).setPartitions(partitions).setReplicationFactor(replicationFactor)).build(),
                CreateTopicsResponse.parser());
        assertThat(r.getResults(0).getErrorCode()).as(r.getResults(0).getErrorMessage()).isEqualTo(ErrorCode.NONE);
    }

    FindCoordinatorResponse find(String group) {
        return call(ApiKey.FIND_COORDINATOR, FindCoordinatorRequest.newBuilder().setGroupId(group).build(), FindCoordinatorResponse.parser());
    }

    /** Waits until the group's coordinator is found and has loaded its groups (a fetch is answered). */
    FindCoordinatorResponse awaitCoordinator(String group) {
        AtomicReference<FindCoordinatorResponse> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            FindCoordinatorResponse f = find(group);
            found.set(f);
            return f.getErrorCode() == ErrorCode.NONE && fetch(group).getErrorCode() == ErrorCode.NONE;
        });
        return found.get();
    }

    GroupHeartbeatResponse heartbeat(GroupHeartbeatRequest request) {
        return call(ApiKey.GROUP_HEARTBEAT, request, GroupHeartbeatResponse.parser());
    }

    GroupHeartbeatResponse join(String group, String member, String... topics) {
        return heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberId(member).setMemberEpoch(0)
                .setHasSubscription(true).addAllSubscribedTopicNames(List.of(topics)).setHasOwned(true).setClientId("client-" + member).build());
    }

    /** A heartbeat reporting that the member consumes exactly {@code owned}. */
    GroupHeartbeatResponse beat(String group, String member, int epoch, Collection<TopicPartitions> owned) {
        return heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberId(member).setMemberEpoch(epoch)
                .setHasOwned(true).addAllOwned(owned).build());
    }

    GroupHeartbeatResponse leave(String group, String member) {
        return heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberId(member).setMemberEpoch(-1).build());
    }

    OffsetCommitResponse commit(String group, String member, int epoch, String topic, int partition, long offset, String metadata) {
        return call(ApiKey.OFFSET_COMMIT, OffsetCommitRequest.newBuilder().setGroupId(group).setMemberId(member).setMemberEpoch(epoch)
                .addTopics(OffsetCommitTopic.newBuilder().setName(topic).addPartitions(OffsetCommitPartition.newBuilder()
                        .setPartition(partition).setOffset(offset).setTerm(1).setMetadata(metadata))).build(), OffsetCommitResponse.parser());
    }

    OffsetFetchResponse fetch(String group) {
        return call(ApiKey.OFFSET_FETCH, OffsetFetchRequest.newBuilder().setGroupId(group).build(), OffsetFetchResponse.parser());
    }

    static Set<String> flat(Collection<TopicPartitions> partitions) {
        Set<String> out = new TreeSet<>();
        for (TopicPartitions tp : partitions) {
            for (int p : tp.getPartitionsList()) {
                out.add(tp.getTopic() + "-" + p);
            }
        }
        return out;
    }

    static List<String> sorted(Collection<String> a) {
        return new ArrayList<>(new TreeSet<>(a));
    }

    @Override
    public void close() throws IOException {
        c.close();
    }
}
