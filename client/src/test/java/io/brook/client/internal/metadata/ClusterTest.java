package io.brook.client.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.MetadataResponse;
import io.brook.protocol.message.TopicMetadata;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterTest {

    @Test
    void knowsBrokersLeadersAndController() {
        Cluster c = ClusterFixtures.cluster("t", 2, -1, 0);

        assertThat(c.clusterId()).isEqualTo("c1");
        assertThat(c.controllerId()).isZero();
        assertThat(c.leader("t", 0)).isEqualTo(2);
        assertThat(c.leader("t", 1)).isEqualTo(-1);
        assertThat(c.leader("t", 7)).isEqualTo(-1);
        assertThat(c.leader("other", 0)).isEqualTo(-1);
        assertThat(c.address(2)).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 9002));
        assertThat(c.address(9)).isNull();
        Cluster.TopicInfo t = c.topic("t");
        assertThat(t.partitionCount()).isEqualTo(3);
        assertThat(t.availableCount()).isEqualTo(2);
        assertThat(t.partitions()).extracting(p -> p.leader()).containsExactly(2, -1, 0);
    }

    @Test
    void requestedTopicsMissingFromTheResponseAreMarkedUnknown() {
        Cluster c = Cluster.EMPTY.merge(ClusterFixtures.response("t", 0), List.of("t", "gone"), false);

        assertThat(c.topic("gone").error()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(c.topic("t").error()).isEqualTo(ErrorCode.NONE);
    }

    @Test
    void aPartialRefreshKeepsOtherTopics() {
        Cluster c = ClusterFixtures.cluster("a", 0).merge(ClusterFixtures.response("b", 1), List.of("b"), false);

        assertThat(c.topicNames()).containsExactlyInAnyOrder("a", "b");
        assertThat(c.merge(ClusterFixtures.response("b", 1), List.of(), true).topicNames()).containsExactly("b");
    }

    @Test
    void topicErrorsAreKept() {
        MetadataResponse r = MetadataResponse.newBuilder().addTopics(TopicMetadata.newBuilder().setName("x y")
                .setErrorCode(ErrorCode.INVALID_TOPIC_NAME).setErrorMessage("bad")).build();

        Cluster.TopicInfo t = Cluster.EMPTY.merge(r, List.of("x y"), false).topic("x y");

        assertThat(t.error()).isEqualTo(ErrorCode.INVALID_TOPIC_NAME);
        assertThat(t.errorMessage()).isEqualTo("bad");
        assertThat(t.partitionCount()).isZero();
    }
}
