package io.brook.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.config.BrokerConfig;
import io.brook.protocol.GroupIds;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.FindCoordinatorResponse;
import io.brook.protocol.message.GroupHeartbeatResponse;
import io.brook.protocol.message.OffsetFetchResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three brokers in this JVM; the coordinator's broker stops, and the group (offsets and members) is
 * found on the new leader of its {@code __groups} partition. (A kill -9 of a broker process is the
 * jepsen-style tests' job.)
 */
class GroupCoordinatorFailoverTest {

    private static final String G = "failover";
    private InProcessCluster cluster;

    @AfterEach
    void stop() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void the_group_moves_with_the_leadership_of_its_groups_partition_when_the_coordinator_stops() throws Exception {
        int[] ports = startBrokers(Map.of());
        // given a group with a member and a commit, on its coordinator
        FindCoordinatorResponse first = awaitCoordinator(ports[0], -1);
        int epoch;
        try (GroupCalls c = new GroupCalls(first.getPort())) {
            GroupHeartbeatResponse a = c.join(G, "a", "t");
            assertThat(a.getErrorCode()).as(a.getErrorMessage()).isEqualTo(ErrorCode.NONE);
            epoch = a.getMemberEpoch();
            assertThat(c.commit(G, "a", epoch, "t", 0, 77, "x").getErrorCode()).isEqualTo(ErrorCode.NONE);
        }

        // when the coordinator's broker stops
        cluster.stop(first.getNodeId());

        // then another broker coordinates the group, with its offset and its member
        assertMovedWith(first, ports, 77, epoch);
    }

    @Test
    void after_snapshots_every_replica_drops_the_history_below_them_and_the_new_coordinator_still_has_the_group() throws Exception {
        int[] ports = startBrokers(Map.of(BrokerConfig.GROUPS_SNAPSHOT_INTERVAL_RECORDS, "20",
                BrokerConfig.GROUPS_TOPIC_SEGMENT_BYTES, "4096", BrokerConfig.LOG_RETENTION_CHECK_INTERVAL_MS, "100"));
        FindCoordinatorResponse first = awaitCoordinator(ports[0], -1);
        int epoch;
        long last = 0;
        try (GroupCalls c = new GroupCalls(first.getPort())) {
            GroupHeartbeatResponse a = c.join(G, "a", "t");
            assertThat(a.getErrorCode()).as(a.getErrorMessage()).isEqualTo(ErrorCode.NONE);
            epoch = a.getMemberEpoch();
            // given many commits: snapshots follow every 20 records or so, each segment holds about 40
            for (int i = 1; i <= 400; i++) {
                last = 1_000 + i;
                assertThat(c.commit(G, "a", epoch, "t", i % 3, last, "m" + i).getErrorCode()).isEqualTo(ErrorCode.NONE);
            }
        }
        // then retention deleted old segments of __groups on the leader and on both followers
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> cluster.running().forEach((id, b) -> {
            io.brook.broker.partition.Partition replica = b.partitions().get(GroupIds.GROUPS_TOPIC, 0);
            assertThat(replica).as("replica on broker %d", id).isNotNull();
            assertThat(replica.log()).as("log on broker %d", id).isNotNull();
            assertThat(replica.log().logStartOffset()).as("log start on broker %d", id).isGreaterThan(200);
        }));

        // when the coordinator's broker stops, a follower that dropped its history takes the group over
        cluster.stop(first.getNodeId());

        assertMovedWith(first, ports, last, epoch);
    }

    /** Starts three brokers with one partition of __groups and a topic "t" of 3 partitions of RF 3; their ports. */
    private int[] startBrokers(Map<String, String> extra) throws Exception {
        cluster = new InProcessCluster(3, extra).start();
        int[] ports = cluster.ports();
        try (GroupCalls any = new GroupCalls(ports[0])) {
            // replication factor 3: all three brokers are alive, so __groups (created next) gets three replicas too
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> any.createTopic("t", 3, 3));
        }
        return ports;
    }

    /** Another broker than {@code first}'s coordinates the group, with partition 0's offset at least and its member at {@code epoch}. */
    private static void assertMovedWith(FindCoordinatorResponse first, int[] ports, long offset, int epoch) throws Exception {
        int survivor = first.getNodeId() == 1 ? ports[1] : ports[0];
        FindCoordinatorResponse next = awaitCoordinator(survivor, first.getNodeId());
        try (GroupCalls c = new GroupCalls(next.getPort())) {
            OffsetFetchResponse fetched = c.fetch(G);
            assertThat(fetched.getTopicsList().stream().flatMap(t -> t.getPartitionsList().stream())
                    .mapToLong(p -> p.getOffset()).max().orElse(-1)).isEqualTo(offset);
            GroupHeartbeatResponse again = c.beat(G, "a", epoch, List.of());
            assertThat(again.getErrorCode()).as(again.getErrorMessage()).isEqualTo(ErrorCode.NONE);
            assertThat(again.getMemberEpoch()).isEqualTo(epoch);
        }
    }

    /** Asks the broker on {@code port} until the group's coordinator is a broker other than {@code notNode} and answers. */
    private static FindCoordinatorResponse awaitCoordinator(int port, int notNode) {
        AtomicReference<FindCoordinatorResponse> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            FindCoordinatorResponse f;
            try (GroupCalls c = new GroupCalls(port)) {
                f = c.find(G);
            }
            if (f.getErrorCode() != ErrorCode.NONE || f.getNodeId() == notNode) {
                return false;
            }
            try (GroupCalls c = new GroupCalls(f.getPort())) {
                found.set(f);
                return c.fetch(G).getErrorCode() == ErrorCode.NONE;
            }
        });
        return found.get();
    }
}
