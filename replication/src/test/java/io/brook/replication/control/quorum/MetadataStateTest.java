package io.brook.replication.control.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.MetadataResult.Error;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.TopicImage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataStateTest {

    private static final long LIVE_MS = 10_000;

    private final MetadataState state = new MetadataState();
    private long now = 1_000_000;

    @Test
    void registering_a_broker_makes_it_live_and_bumps_the_version() {
        MetadataState.Applied a = apply(new MetadataCommand.RegisterBroker(broker(1)));

        assertThat(a.result()).isEqualTo(MetadataResult.OK);
        assertThat(a.version()).isEqualTo(1);
        MetadataImage image = state.image();
        assertThat(image.brokers()).containsEntry(1, broker(1));
        assertThat(image.lastHeartbeatMs()).containsEntry(1, now);
        assertThat(image.isAlive(1, LIVE_MS)).isTrue();
        assertThat(image.nowMs()).isEqualTo(now);
    }

    @Test
    void a_heartbeat_moves_the_brokers_liveness_clock() {
        register(1);
        now += 5_000;

        apply(new MetadataCommand.Heartbeat(1));

        assertThat(state.image().lastHeartbeatMs()).containsEntry(1, now);
        assertThat(state.version()).isEqualTo(2);
    }

    @Test
    void producer_id_blocks_never_overlap_and_survive_a_snapshot() {
        apply(new MetadataCommand.AllocateProducerIds(1));
        long first = state.image().producerIdBlocks().get(1);
        apply(new MetadataCommand.AllocateProducerIds(2));
        apply(new MetadataCommand.AllocateProducerIds(1));

        MetadataState restored = MetadataSnapshot.decode(MetadataSnapshot.encode(state));
        restored.apply(new MetadataCommand.AllocateProducerIds(2), now);

        assertThat(first).isZero();
        assertThat(state.image().producerIdBlocks()).containsEntry(1, 2L * MetadataImage.PRODUCER_ID_BLOCK_SIZE)
                .containsEntry(2, (long) MetadataImage.PRODUCER_ID_BLOCK_SIZE);
        assertThat(state.image().nextProducerId()).isEqualTo(3L * MetadataImage.PRODUCER_ID_BLOCK_SIZE);
        assertThat(restored.image().producerIdBlocks()).containsEntry(2, 3L * MetadataImage.PRODUCER_ID_BLOCK_SIZE);
        assertThat(state.version()).isEqualTo(3);
    }

    @Test
    void a_heartbeat_from_an_unregistered_broker_is_refused_without_a_change() {
        MetadataState.Applied a = apply(new MetadataCommand.Heartbeat(7));

        assertThat(a.result().error()).isEqualTo(Error.UNKNOWN_BROKER);
        assertThat(a.version()).isZero();
    }

    @Test
    void the_state_clock_never_goes_back_when_a_new_leader_has_an_older_wall_clock() {
        register(1);
        long before = now;
        now -= 3_000;

        apply(new MetadataCommand.Heartbeat(1));

        assertThat(state.clockMs()).isEqualTo(before);
        assertThat(state.image().lastHeartbeatMs()).containsEntry(1, before);
    }

    @Test
    void replicas_of_new_partitions_span_the_registered_racks() {
        Map<Integer, String> racks = Map.of(1, "a", 2, "a", 3, "b", 4, "b");
        racks.forEach((id, rack) -> apply(new MetadataCommand.RegisterBroker(new BrokerRegistration(id, "host-" + id, 9092, rack))));

        create("racked", 8, 2);
        alter("racked", 12, Map.of(), List.of());

        for (PartitionAssignment p : state.image().topics().get("racked").partitions()) {
            assertThat(p.replicas().stream().map(racks::get).distinct()).as("racks of %s", p.replicas()).hasSize(2);
        }
    }

    @Test
    void a_topic_gets_every_partition_with_distinct_replicas_among_live_brokers() {
        registerAll(1, 2, 3);

        MetadataState.Applied a = create("orders", 6, 3);

        assertThat(a.result().ok()).isTrue();
        TopicImage t = state.image().topics().get("orders");
        assertThat(t.replicationFactor()).isEqualTo(3);
        assertThat(t.configs()).containsEntry("retention.ms", "1000");
        assertThat(t.partitions()).extracting(PartitionAssignment::partition).containsExactly(0, 1, 2, 3, 4, 5);
        for (PartitionAssignment p : t.partitions()) {
            assertThat(new HashSet<>(p.replicas())).hasSize(3).isSubsetOf(1, 2, 3);
            assertThat(p.leader()).isEqualTo(-1);
            assertThat(p.leaderTerm()).isEqualTo(-1);
        }
        assertThat(leaderCounts(t)).containsOnly(Map.entry(1, 2), Map.entry(2, 2), Map.entry(3, 2));
    }

    @Test
    void single_partition_topics_rotate_their_leader_over_the_brokers() {
        registerAll(1, 2, 3);

        for (int i = 0; i < 6; i++) {
            create("t" + i, 1, 1);
        }

        Map<Integer, Integer> leaders = new HashMap<>();
        state.image().topics().values().forEach(t -> leaderCounts(t).forEach((b, c) -> leaders.merge(b, c, Integer::sum)));
        assertThat(leaders).containsOnly(Map.entry(1, 2), Map.entry(2, 2), Map.entry(3, 2));
    }

    @Test
    void a_replication_factor_above_the_live_brokers_is_refused_naming_both_numbers() {
        registerAll(1, 2);

        MetadataState.Applied a = create("t", 1, 3);

        assertThat(a.result().error()).isEqualTo(Error.INVALID_REPLICATION_FACTOR);
        assertThat(a.result().message()).contains("3").contains("(2)");
        assertThat(state.image().topics()).isEmpty();
        assertThat(a.version()).isEqualTo(2);
    }

    @Test
    void brokers_whose_heartbeat_is_too_old_get_no_replicas() {
        register(1);
        now += 20_000;
        registerAll(2, 3);

        assertThat(create("t", 1, 3).result().error()).isEqualTo(Error.INVALID_REPLICATION_FACTOR);
        create("u", 4, 2);

        assertThat(state.image().topics().get("u").partitions())
                .allSatisfy(p -> assertThat(p.replicas()).doesNotContain(1));
    }

    @Test
    void a_registered_broker_without_heartbeats_counts_as_live_until_the_timeout() {
        registerAll(1, 2);
        now += LIVE_MS;

        assertThat(create("t", 1, 2).result().ok()).isTrue();
    }

    @Test
    void partition_counts_outside_one_to_the_maximum_are_refused() {
        register(1);

        assertThat(create("t", 0, 1).result().error()).isEqualTo(Error.INVALID_PARTITION_COUNT);
        assertThat(create("t", MetadataState.MAX_PARTITIONS + 1, 1).result().error()).isEqualTo(Error.INVALID_PARTITION_COUNT);
        assertThat(create("t", 1, 0).result().error()).isEqualTo(Error.INVALID_REPLICATION_FACTOR);
    }

    @Test
    void creating_an_existing_topic_is_refused_unless_it_is_the_same_create_again() {
        register(1);
        apply(new MetadataCommand.CreateTopic("t", "id-1", 1, 1, Map.of(), false, LIVE_MS));
        long version = state.version();

        MetadataState.Applied again = apply(new MetadataCommand.CreateTopic("t", "id-1", 1, 1, Map.of(), false, LIVE_MS));
        MetadataState.Applied other = apply(new MetadataCommand.CreateTopic("t", "id-2", 1, 1, Map.of(), false, LIVE_MS));

        assertThat(again.result().ok()).isTrue();
        assertThat(other.result().error()).isEqualTo(Error.TOPIC_ALREADY_EXISTS);
        assertThat(state.version()).isEqualTo(version);
    }

    @Test
    void validate_only_changes_nothing() {
        register(1);

        MetadataState.Applied a = apply(new MetadataCommand.CreateTopic("t", "id", 2, 1, Map.of(), true, LIVE_MS));

        assertThat(a.result().ok()).isTrue();
        assertThat(state.image().topics()).isEmpty();
        assertThat(state.version()).isEqualTo(1);
        assertThat(state.topicRotation()).isZero();
    }

    @Test
    void deleting_removes_the_topic_and_a_recreated_topic_gets_the_new_id() {
        register(1);
        apply(new MetadataCommand.CreateTopic("t", "old", 1, 1, Map.of(), false, LIVE_MS));

        assertThat(apply(new MetadataCommand.DeleteTopic("t")).result().ok()).isTrue();
        assertThat(state.image().topics()).isEmpty();
        assertThat(apply(new MetadataCommand.DeleteTopic("t")).result().error()).isEqualTo(Error.UNKNOWN_TOPIC);
        apply(new MetadataCommand.CreateTopic("t", "new", 1, 1, Map.of(), false, LIVE_MS));
        assertThat(state.image().topics().get("t").id()).isEqualTo("new");
    }

    @Test
    void altering_adds_partitions_continuing_the_leader_rotation() {
        registerAll(1, 2, 3);
        create("t", 2, 2);

        MetadataState.Applied a = alter("t", 6, Map.of(), List.of());

        assertThat(a.result().ok()).isTrue();
        TopicImage t = state.image().topics().get("t");
        assertThat(t.partitions()).extracting(PartitionAssignment::partition).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(t.partitions()).extracting(p -> p.replicas().get(0)).containsExactly(1, 2, 3, 1, 2, 3);
        assertThat(t.partitions()).allSatisfy(p -> assertThat(new HashSet<>(p.replicas())).hasSize(2));
    }

    @Test
    void altering_to_fewer_or_equal_partitions_is_refused() {
        registerAll(1, 2);
        create("t", 3, 1);

        assertThat(alter("t", 3, Map.of(), List.of()).result().error()).isEqualTo(Error.INVALID_PARTITION_COUNT);
        assertThat(alter("t", 2, Map.of(), List.of()).result().error()).isEqualTo(Error.INVALID_PARTITION_COUNT);
        assertThat(alter("nope", 0, Map.of("a", "b"), List.of()).result().error()).isEqualTo(Error.UNKNOWN_TOPIC);
    }

    @Test
    void adding_partitions_needs_as_many_live_brokers_as_the_replication_factor() {
        registerAll(1, 2);
        create("t", 1, 2);
        now += 2 * LIVE_MS;
        apply(new MetadataCommand.Heartbeat(1));

        MetadataState.Applied a = alter("t", 2, Map.of(), List.of());

        assertThat(a.result().error()).isEqualTo(Error.INVALID_REPLICATION_FACTOR);
        assertThat(a.result().message()).contains("2").contains("(1)");
    }

    @Test
    void altering_sets_and_deletes_configs_and_an_empty_alter_changes_nothing() {
        register(1);
        create("t", 1, 1);
        long version = state.version();

        alter("t", 0, Map.of("cleanup.policy", "compact"), List.of("retention.ms"));

        assertThat(state.image().topics().get("t").configs()).containsOnly(Map.entry("cleanup.policy", "compact"));
        assertThat(state.version()).isEqualTo(version + 1);
        assertThat(alter("t", 0, Map.of("cleanup.policy", "compact"), List.of("absent")).result().ok()).isTrue();
        assertThat(state.version()).isEqualTo(version + 1);
    }

    @Test
    void leader_reports_are_ordered_by_term() {
        registerAll(1, 2, 3);
        create("t", 1, 3);

        assertThat(report("t", 0, 2, 5).result().ok()).isTrue();
        MetadataState.Applied stale = report("t", 0, 3, 4);
        report("t", 0, 1, 5);
        long version = state.version();
        report("t", 0, 1, 5);

        assertThat(stale.result().ok()).isTrue();
        assertThat(stale.result().message()).contains("older");
        PartitionAssignment p = state.image().topics().get("t").partitions().get(0);
        assertThat(p.leader()).isEqualTo(1);
        assertThat(p.leaderTerm()).isEqualTo(5);
        assertThat(state.version()).isEqualTo(version);
        report("t", 0, 3, 6);
        assertThat(state.image().topics().get("t").partitions().get(0).leader()).isEqualTo(3);
    }

    @Test
    void leader_reports_for_unknown_topics_or_partitions_are_refused() {
        register(1);
        create("t", 1, 1);

        assertThat(report("u", 0, 1, 1).result().error()).isEqualTo(Error.UNKNOWN_TOPIC);
        assertThat(report("t", 1, 1, 1).result().error()).isEqualTo(Error.UNKNOWN_TOPIC);
        assertThat(report("t", -1, 1, 1).result().error()).isEqualTo(Error.UNKNOWN_TOPIC);
    }

    @Test
    void the_image_is_immutable_and_cached_per_version() {
        register(1);
        MetadataImage first = state.image();

        assertThat(state.image()).isSameAs(first);
        register(2);
        assertThat(first.brokers()).hasSize(1);
        assertThat(state.image().brokers()).hasSize(2);
    }

    // ---- helpers

    private MetadataState.Applied apply(MetadataCommand c) {
        return state.apply(c, now);
    }

    private void register(int id) {
        apply(new MetadataCommand.RegisterBroker(broker(id)));
    }

    private void registerAll(int... ids) {
        for (int id : ids) {
            register(id);
        }
    }

    private MetadataState.Applied create(String name, int partitions, int rf) {
        return apply(new MetadataCommand.CreateTopic(name, name + "-id", partitions, rf, Map.of("retention.ms", "1000"), false, LIVE_MS));
    }

    private MetadataState.Applied alter(String name, int partitions, Map<String, String> set, List<String> delete) {
        return apply(new MetadataCommand.AlterTopic(name, partitions, set, delete, false, LIVE_MS));
    }

    private MetadataState.Applied report(String topic, int partition, int leader, int term) {
        return apply(new MetadataCommand.ReportLeader(topic, partition, leader, term));
    }

    static BrokerRegistration broker(int id) {
        return new BrokerRegistration(id, "host-" + id, 9092, id % 2 == 0 ? "rack-a" : "");
    }

    private static Map<Integer, Integer> leaderCounts(TopicImage t) {
        Map<Integer, Integer> m = new HashMap<>();
        t.partitions().forEach(p -> m.merge(p.replicas().get(0), 1, Integer::sum));
        return m;
    }
}
