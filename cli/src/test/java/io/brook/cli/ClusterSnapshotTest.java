package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.message.DescribeTopicsResponse;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.PartitionDescription;
import io.brook.protocol.message.PartitionMetadata;
import io.brook.protocol.message.ReplicaState;
import io.brook.protocol.message.TopicDescription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code cluster status} merges the brokers' DescribeTopics answers into one row per partition. */
class ClusterSnapshotTest {

    private static PartitionMetadata metadata(int partition, int leader, int term) {
        return PartitionMetadata.newBuilder().setPartition(partition).setLeaderId(leader).setLeaderTerm(term)
                .addAllReplicas(List.of(1, 2, 3)).addAllInSyncReplicas(List.of(1, 2)).build();
    }

    /** What a broker that is not the leader says: metadata and its own offsets, no replica progress. */
    private static PartitionDescription follower(int partition, int leader, int term, int self, long logEnd) {
        return PartitionDescription.newBuilder().setMetadata(metadata(partition, leader, term)).setLogEndOffset(logEnd)
                .setHighWatermark(logEnd).setReportedBy(self).build();
    }

    /** What the leader says: its offsets and every replica's match end. */
    private static PartitionDescription leader(int partition, int leader, int term, long logEnd, long hw, Map<Integer, Long> match) {
        PartitionDescription.Builder b = PartitionDescription.newBuilder().setMetadata(metadata(partition, leader, term))
                .setLogEndOffset(logEnd).setHighWatermark(hw).setReportedBy(leader);
        match.forEach((id, end) -> b.addReplicas(ReplicaState.newBuilder().setBrokerId(id).setMatchEnd(end)));
        return b.build();
    }

    private static DescribeTopicsResponse answer(PartitionDescription... partitions) {
        return DescribeTopicsResponse.newBuilder().setErrorCode(ErrorCode.NONE).addTopics(TopicDescription.newBuilder()
                .setName("t").setErrorCode(ErrorCode.NONE).addAllPartitions(List.of(partitions))).build();
    }

    @Test
    void offsets_and_lag_come_from_the_leaders_answer() {
        Map<Integer, DescribeTopicsResponse> answers = Map.of(
                1, answer(leader(0, 1, 4, 100, 90, Map.of(1, 100L, 2, 90L, 3, -1L))),
                2, answer(follower(0, 1, 4, 2, 90)));

        List<ClusterSnapshot.PartitionState> parts = ClusterSnapshot.partitions(answers);

        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.leader()).isEqualTo(1);
            assertThat(p.leaderTerm()).isEqualTo(4);
            assertThat(p.logEndOffset()).isEqualTo(100);
            assertThat(p.highWatermark()).isEqualTo(90);
            assertThat(p.reportedBy()).isEqualTo(1);
            assertThat(p.replicaLag()).containsExactly(new ClusterSnapshot.ReplicaLag(1, 100, 0),
                    new ClusterSnapshot.ReplicaLag(2, 90, 10), new ClusterSnapshot.ReplicaLag(3, -1, -1));
        });
    }

    @Test
    void without_an_answer_from_the_leader_offsets_and_lag_are_unknown_and_the_newest_metadata_wins() {
        Map<Integer, DescribeTopicsResponse> answers = Map.of(
                2, answer(follower(0, 1, 4, 2, 90)),
                3, answer(follower(0, 2, 5, 3, 95)));

        List<ClusterSnapshot.PartitionState> parts = ClusterSnapshot.partitions(answers);

        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.leader()).as("metadata of the highest term").isEqualTo(2);
            assertThat(p.leaderTerm()).isEqualTo(5);
            assertThat(p.logEndOffset()).isEqualTo(-1);
            assertThat(p.highWatermark()).isEqualTo(-1);
            assertThat(p.replicaLag()).extracting(ClusterSnapshot.ReplicaLag::lag).containsOnly(-1L);
            assertThat(p.inSyncReplicas()).as("only the leader knows the ISR; a follower's metadata lists every replica")
                    .isNull();
        });
    }

    private static ClusterSnapshot.Broker broker(int id, boolean alive) {
        return new ClusterSnapshot.Broker(id, "127.0.0.1", 19000 + id, alive, -1, false, alive ? "" : "connection refused");
    }

    @Test
    void a_stopped_controller_and_a_stopped_leader_are_not_shown_as_serving() {
        // given brokers 1 and 2 stopped, 1 still named as controller and as leader of a partition, 3 alive
        Map<Integer, DescribeTopicsResponse> answers = Map.of(3, answer(follower(0, 1, 4, 3, 90),
                leader(1, 3, 2, 50, 50, Map.of(3, 50L, 1, -1L, 2, -1L))));
        ClusterSnapshot s = new ClusterSnapshot("brook-local", 1, List.of(broker(1, false), broker(2, false), broker(3, true)),
                ClusterSnapshot.partitions(answers));

        // when
        java.io.StringWriter text = new java.io.StringWriter();
        ClusterStatusCommand.human(new java.io.PrintWriter(text, true), s);
        Map<String, Object> json = ClusterStatusCommand.json(s);

        // then the controller is not claimed, the dead leader is marked, its ISR is unknown
        List<String> lines = text.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Cluster: brook-local  controller: none answering (last known: broker 1)"
                + "  brokers alive: 1 of 3");
        assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s{2,}")).containsExactly("t", "0", "1 (down)", "4",
                "[1, 2, 3]", "?", "?", "?", "1:? 2:? 3:?"));
        assertThat(json).containsEntry("controller_alive", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<Object>) json.get("partitions")).get(0);
        assertThat(first).containsEntry("leader_alive", false).containsEntry("in_sync_replicas", null);
    }

    @Test
    void a_deposed_leaders_answer_loses_to_the_current_leaders() {
        Map<Integer, DescribeTopicsResponse> answers = Map.of(
                1, answer(leader(0, 1, 4, 120, 100, Map.of(1, 120L, 2, 100L, 3, 100L))),
                2, answer(leader(0, 2, 5, 130, 130, Map.of(1, 100L, 2, 130L, 3, 130L))));

        List<ClusterSnapshot.PartitionState> parts = ClusterSnapshot.partitions(answers);

        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.leader()).isEqualTo(2);
            assertThat(p.reportedBy()).isEqualTo(2);
            assertThat(p.replicaLag()).extracting(ClusterSnapshot.ReplicaLag::lag).containsExactly(30L, 0L, 0L);
        });
    }

    @Test
    void partitions_are_listed_by_topic_then_partition() {
        Map<Integer, DescribeTopicsResponse> answers = Map.of(1, answer(follower(2, 1, 1, 1, 0), follower(0, 1, 1, 1, 0),
                follower(1, 1, 1, 1, 0)));

        assertThat(ClusterSnapshot.partitions(answers)).extracting(ClusterSnapshot.PartitionState::partition)
                .containsExactly(0, 1, 2);
    }
}
