package io.brook.replication.control.moves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.replication.control.BrokerRegistration;
import io.brook.replication.control.MetadataImage;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.Reassignment;
import io.brook.replication.control.TopicImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReplicaMovePlannerTest {

    private static final long LIVE_MS = 10_000;
    private static final long NOW = 1_000_000;

    private final ReplicaMovePlanner planner = new ReplicaMovePlanner(LIVE_MS);
    private final Map<Integer, BrokerRegistration> brokers = new TreeMap<>();
    private final Map<Integer, Long> heartbeats = new TreeMap<>();
    private final List<PartitionAssignment> partitions = new ArrayList<>();

    // ---- decommission

    @Test
    void decommission_puts_the_least_loaded_live_broker_in_the_leaving_brokers_place() {
        live(1, 2, 3, 4, 5);
        partition(1, 2, 3);
        partition(2, 3, 4);
        partition(3, 1, 4);

        List<Reassignment> plan = planner.decommission(image(), 1);

        // broker 5 holds nothing: it takes partition 0 (first, so it becomes preferred leader); then 5 holds one and 2 holds
        // two, 3 and 4 two each: 5 again for partition 2
        assertThat(plan).containsExactly(new Reassignment("t", 0, List.of(5, 2, 3), 0), new Reassignment("t", 2, List.of(3, 5, 4), 0));
    }

    @Test
    void decommission_prefers_a_rack_the_partition_does_not_use_yet_over_a_lighter_broker() {
        live(1, "a", 2, "b", 3, "c", 4, "b", 5, "d");
        partition(1, 2, 3);
        partition(5, 2, 3);
        partition(5, 3, 2);

        List<Reassignment> plan = planner.decommission(image(), 1);

        // 4 holds nothing but is in rack b, which 2 uses; 5 holds two replicas in rack d, which nobody in partition 0 uses
        assertThat(plan).containsExactly(new Reassignment("t", 0, List.of(5, 2, 3), 0));
    }

    @Test
    void decommission_never_gives_a_replica_to_a_broker_that_is_not_live() {
        live(1, 2, 3);
        dead(4);
        partition(1, 2);

        assertThat(planner.decommission(image(), 1)).containsExactly(new Reassignment("t", 0, List.of(3, 2), 0));
    }

    @Test
    void decommission_fails_naming_the_partition_when_no_live_broker_can_take_a_replica() {
        live(1, 2, 3);
        dead(4);
        partition(1, 2, 3);

        assertThatThrownBy(() -> planner.decommission(image(), 1)).isInstanceOf(ReplicaPlanException.class)
                .hasMessageContaining("partition 0 of topic 't'").hasMessageContaining("broker 1");
        assertThatThrownBy(() -> planner.decommission(image(), 9)).isInstanceOf(ReplicaPlanException.class)
                .hasMessageContaining("Broker 9 is not registered");
    }

    @Test
    void decommission_replaces_the_broker_in_a_running_moves_target_and_leaves_a_move_away_from_it() {
        live(1, 2, 3, 4, 5);
        partitions.add(new PartitionAssignment(0, List.of(1, 2, 3), 1, 1, List.of(2, 3, 4), 0));
        partitions.add(new PartitionAssignment(1, List.of(2, 3, 4), 2, 1, List.of(2, 3, 1), 0));

        List<Reassignment> plan = planner.decommission(image(), 1);

        assertThat(plan).containsExactly(new Reassignment("t", 1, List.of(2, 3, 5), 0));
    }

    // ---- rebalance

    @Test
    void rebalance_of_a_balanced_cluster_moves_nothing() {
        live(1, 2, 3);
        partition(1, 2);
        partition(2, 3);
        partition(3, 1);

        assertThat(planner.rebalance(image())).isEmpty();
    }

    @Test
    void rebalance_gives_a_new_broker_its_share_with_the_fewest_moves() {
        live(1, 2, 3, 4);
        for (int i = 0; i < 4; i++) {
            partition(1, 2, 3);
            partition(2, 3, 1);
            partition(3, 1, 2);
        }

        List<Reassignment> plan = planner.rebalance(image());

        // 36 replicas on 4 brokers: 9 each, so 9 moves to broker 4 (one per partition at most), none more
        Map<Integer, Integer> counts = replicaCounts(apply(plan));
        assertThat(counts).containsEntry(1, 9).containsEntry(2, 9).containsEntry(3, 9).containsEntry(4, 9);
        assertThat(plan.stream().filter(m -> !sameMembers(m))).hasSize(9);
    }

    @Test
    void rebalance_keeps_the_rack_spread_of_every_partition() {
        // racks a: 1, 3; b: 2, 4 (4 empty). Partitions span a and b; moving 2's replicas to 4 keeps b, moving 1's to 4 would not
        live(1, "a", 2, "b", 3, "a", 4, "b");
        for (int i = 0; i < 3; i++) {
            partition(1, 2);
            partition(3, 2);
        }

        List<Reassignment> plan = planner.rebalance(image());

        for (Reassignment m : plan) {
            List<Integer> t = m.targetReplicas();
            assertThat(t).as("%s", m).anyMatch(b -> b == 2 || b == 4).anyMatch(b -> b == 1 || b == 3);
        }
        assertThat(replicaCounts(apply(plan))).containsEntry(2, 3).containsEntry(4, 3);
    }

    @Test
    void rebalance_never_narrows_a_partitions_rack_spread_even_if_counts_stay_uneven() {
        // rack b has only broker 2: it must keep one replica of every partition
        live(1, "a", 2, "b", 3, "a");
        for (int i = 0; i < 4; i++) {
            partition(1, 2);
        }

        List<List<Integer>> after = apply(planner.rebalance(image()));

        assertThat(after).allSatisfy(r -> assertThat(r).contains(2));
        assertThat(replicaCounts(after)).containsEntry(1, 2).containsEntry(2, 4).containsEntry(3, 2);
    }

    @Test
    void rebalance_evens_out_preferred_leaders_by_reordering_when_replicas_are_balanced() {
        live(1, 2, 3);
        partition(1, 2, 3);
        partition(1, 3, 2);
        partition(1, 2, 3);

        List<Reassignment> plan = planner.rebalance(image());

        // nothing is copied: every target has its partition's members; leaders end 1, 1, 1
        assertThat(plan).allMatch(this::sameMembers).isNotEmpty();
        Map<Integer, Integer> leaders = new HashMap<>();
        apply(plan).forEach(r -> leaders.merge(r.get(0), 1, Integer::sum));
        assertThat(leaders).containsEntry(1, 1).containsEntry(2, 1).containsEntry(3, 1);
    }

    @Test
    void rebalance_leaves_partitions_with_a_running_move_alone_and_ignores_dead_brokers() {
        live(1, 2, 3);
        dead(4);
        partitions.add(new PartitionAssignment(0, List.of(1, 2), 1, 1, List.of(1, 3), 0));
        partition(4, 1);
        partition(1, 2);

        List<Reassignment> plan = planner.rebalance(image());

        assertThat(plan).noneMatch(m -> m.partition() == 0);
        assertThat(plan).isNotEmpty().allSatisfy(m -> assertThat(m.targetReplicas()).filteredOn(b -> b == 4)
                .hasSizeLessThanOrEqualTo(partitions.get(m.partition()).replicas().contains(4) ? 1 : 0));
    }

    @Test
    void random_clusters_without_racks_end_with_replica_counts_within_one() {
        long base = System.nanoTime();
        for (long seed = base; seed < base + 200; seed++) {
            Random r = new Random(seed);
            brokers.clear();
            heartbeats.clear();
            partitions.clear();
            int n = 2 + r.nextInt(6);
            for (int id = 1; id <= n; id++) {
                live(id);
            }
            dead(n + 1);
            for (int p = r.nextInt(30); p > 0; p--) {
                List<Integer> ids = new ArrayList<>();
                for (int id = 1; id <= n + 1; id++) {
                    ids.add(id);
                }
                Collections.shuffle(ids, r);
                partition(ids.subList(0, 1 + r.nextInt(Math.min(3, n))).toArray(Integer[]::new));
            }

            List<List<Integer>> after = apply(planner.rebalance(image()));

            IntSummaryStatistics s = replicaCounts(after).entrySet().stream().filter(e -> e.getKey() <= n)
                    .mapToInt(Map.Entry::getValue).summaryStatistics();
            assertThat(s.getMax() - s.getMin()).as("seed %d", seed).isLessThanOrEqualTo(1);
            for (int p = 0; p < after.size(); p++) {
                assertThat(new HashSet<>(after.get(p))).as("seed %d", seed).hasSize(partitions.get(p).replicas().size());
            }
        }
    }

    // ---- helpers

    private void live(Object... idsAndRacks) {
        for (int i = 0; i < idsAndRacks.length; i++) {
            int id = (Integer) idsAndRacks[i];
            String rack = i + 1 < idsAndRacks.length && idsAndRacks[i + 1] instanceof String s ? s : "";
            if (!rack.isEmpty()) {
                i++;
            }
            brokers.put(id, new BrokerRegistration(id, "h" + id, 9092, rack));
            heartbeats.put(id, NOW);
        }
    }

    private void dead(int id) {
        brokers.put(id, new BrokerRegistration(id, "h" + id, 9092, ""));
        heartbeats.put(id, NOW - LIVE_MS - 1);
    }

    private void partition(Integer... replicas) {
        partitions.add(new PartitionAssignment(partitions.size(), Arrays.asList(replicas), -1, -1));
    }

    private MetadataImage image() {
        return new MetadataImage(1, brokers, heartbeats, Map.of("t", new TopicImage("t", "id", 0, Map.of(), partitions)), NOW);
    }

    /** The eventual replicas of every partition once the plan is applied. */
    private List<List<Integer>> apply(List<Reassignment> plan) {
        List<List<Integer>> after = new ArrayList<>();
        partitions.forEach(p -> after.add(p.eventualReplicas()));
        plan.forEach(m -> after.set(m.partition(), m.targetReplicas()));
        return after;
    }

    private static Map<Integer, Integer> replicaCounts(List<List<Integer>> replicas) {
        Map<Integer, Integer> counts = new TreeMap<>();
        replicas.forEach(r -> r.forEach(b -> counts.merge(b, 1, Integer::sum)));
        return counts;
    }

    private boolean sameMembers(Reassignment m) {
        return new HashSet<>(m.targetReplicas()).equals(new HashSet<>(partitions.get(m.partition()).replicas()));
    }
}
