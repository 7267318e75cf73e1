package io.brook.broker;

import io.brook.testsupport.RawConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.protocol.ApiKey;
import io.brook.protocol.GroupIds;
import io.brook.protocol.message.DeleteTopicsRequest;
import io.brook.protocol.message.DeleteTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.GroupHeartbeatRequest;
import io.brook.protocol.message.GroupHeartbeatResponse;
import io.brook.protocol.message.OffsetCommitResponse;
import io.brook.protocol.message.ProducePartition;
import io.brook.protocol.message.ProducePartitionResult;
import io.brook.protocol.message.ProduceRequest;
import io.brook.protocol.message.ProduceResponse;
import io.brook.protocol.message.ProduceTopic;
import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad group requests get a clear error and the broker lives on; __groups is protected from clients. */
class GroupBadInputTest {

    private static final String G = "g";
    private BrokerFixture broker;
    private GroupCalls calls;

    @BeforeEach
    void start() throws Exception {
        broker = BrokerFixture.start(Map.of(BrokerConfig.GROUPS_TOPIC_PARTITIONS, "1", BrokerConfig.OFFSETS_RETENTION_MS, "1000",
                BrokerConfig.OFFSETS_RETENTION_CHECK_INTERVAL_MS, "50"));
        calls = new GroupCalls(broker.port());
        calls.createTopic("t", 2);
        calls.awaitCoordinator(G);
    }

    @AfterEach
    void stop() throws Exception {
        calls.close();
        broker.close();
    }

    @Test
    void an_invalid_group_id_is_refused_by_every_api() {
        assertThat(calls.find("bad group!").getErrorCode()).isEqualTo(ErrorCode.INVALID_GROUP_ID);
        assertThat(calls.join("", "a", "t").getErrorCode()).isEqualTo(ErrorCode.INVALID_GROUP_ID);
        assertThat(calls.commit("x/y", "", -1, "t", 0, 1, "").getErrorCode()).isEqualTo(ErrorCode.INVALID_GROUP_ID);
        assertThat(calls.fetch("a".repeat(300)).getErrorCode()).isEqualTo(ErrorCode.INVALID_GROUP_ID);
        assertBrokerAnswers();
    }

    @Test
    void an_empty_member_id_or_an_unknown_assignor_is_refused() {
        GroupHeartbeatResponse r = calls.join(G, "", "t");
        assertThat(r.getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(r.getErrorMessage()).contains("member_id is empty");
        GroupHeartbeatResponse unknown = calls.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(G).setMemberId("a")
                .setMemberEpoch(0).setHasSubscription(true).addSubscribedTopicNames("t").setServerAssignor("random").build());
        assertThat(unknown.getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(calls.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(G).setMemberId("a").setMemberEpoch(-7).build())
                .getErrorCode()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertBrokerAnswers();
    }

    @Test
    void a_negative_offset_oversized_metadata_or_unknown_topic_is_refused_per_partition() {
        OffsetCommitResponse negative = calls.commit(G, "", -1, "t", 0, -5, "");
        assertThat(negative.getTopics(0).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(negative.getTopics(0).getPartitions(0).getErrorMessage()).contains("negative");
        OffsetCommitResponse big = calls.commit(G, "", -1, "t", 0, 5, "x".repeat(4097));
        assertThat(big.getTopics(0).getPartitions(0).getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(big.getTopics(0).getPartitions(0).getErrorMessage()).contains("offset.metadata.max.bytes");
        assertThat(calls.commit(G, "", -1, "nope", 0, 5, "").getTopics(0).getPartitions(0).getErrorCode())
                .isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(calls.commit(G, "", -1, "t", 9, 5, "").getTopics(0).getPartitions(0).getErrorCode())
                .isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(calls.commit(G, "a", -1, "t", 0, 5, "").getErrorCode()).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(calls.fetch(G).getTopicsList()).isEmpty();
        assertBrokerAnswers();
    }

    @Test
    void clients_cannot_produce_to_or_delete_the_groups_topic() throws Exception {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 128);
        b.append(1L, new byte[] {1}, new byte[] {2});
        ByteBuffer batch = b.build();
        byte[] bytes = new byte[batch.remaining()];
        batch.get(bytes);
        ProduceRequest produce = ProduceRequest.newBuilder().setAcks(-1).setTimeoutMs(5_000).addTopics(ProduceTopic.newBuilder()
                .setName(GroupIds.GROUPS_TOPIC).addPartitions(ProducePartition.newBuilder().setPartition(0).setRecordsSize(bytes.length))).build();
        try (RawConnection c = new RawConnection(broker.port())) {
            c.send(RawConnection.request(ApiKey.PRODUCE.id(), 1, produce, bytes));
            ProducePartitionResult r = ProduceResponse.parseFrom(c.read().message()).getTopics(0).getPartitions(0);
            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(r.getErrorMessage()).contains("internal");
        }
        DeleteTopicsResponse deleted = calls.call(ApiKey.DELETE_TOPICS, DeleteTopicsRequest.newBuilder().addTopics(GroupIds.GROUPS_TOPIC).build(),
                DeleteTopicsResponse.parser());
        assertThat(deleted.getResults(0).getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertBrokerAnswers();
    }

    @Test
    void an_empty_group_whose_last_commit_is_older_than_the_retention_is_deleted() {
        // given an empty group with an offset (retention 1 s)
        assertThat(calls.commit(G, "", -1, "t", 0, 5, "").getErrorCode()).isEqualTo(ErrorCode.NONE);
        assertThat(calls.fetch(G).getTopicsList()).hasSize(1);

        // then it is deleted once the retention passed
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> calls.fetch(G).getTopicsList().isEmpty());
    }

    @Test
    void a_group_with_a_member_is_not_deleted_by_retention() {
        // given a live member (session 45 s) of a group whose commit is older than the retention
        GroupHeartbeatResponse a = calls.join(G, "a", "t");
        assertThat(calls.commit(G, "a", a.getMemberEpoch(), "t", 0, 5, "").getErrorCode()).isEqualTo(ErrorCode.NONE);
        long until = System.currentTimeMillis() + 1_500;
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > until);

        // then its offset is still there
        assertThat(calls.fetch(G).getTopicsList()).hasSize(1);
    }

    private void assertBrokerAnswers() {
        assertThat(calls.fetch(G).getErrorCode()).isEqualTo(ErrorCode.NONE);
    }
}
