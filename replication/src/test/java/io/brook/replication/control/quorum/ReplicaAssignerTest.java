package io.brook.replication.control.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaAssignerTest {

    @Test
    void every_broker_count_partition_count_and_replication_factor_spreads_leaders_and_replicas_within_one() {
        for (int n = 1; n <= 12; n++) {
            List<Integer> live = ids(n);
            for (int rf = 1; rf <= n; rf++) {
                for (int partitions = 1; partitions <= 40; partitions++) {
                    for (int start = 0; start < n; start++) {
                        String where = "n=" + n + " rf=" + rf + " partitions=" + partitions + " start=" + start;
                        List<List<Integer>> a = ReplicaAssigner.assign(live, start, partitions, rf, Map.of());
                        assertThat(a).as(where).hasSize(partitions);
                        assertValid(a, live, rf, where);
                        assertSpreadWithinOne(leaders(a), live, where + " leaders");
                        assertSpreadWithinOne(replicas(a), live, where + " replicas");
                    }
                }
            }
        }
    }

    @Test
    void leaders_rotate_from_the_start_position_over_sorted_ids() {
        List<List<Integer>> a = ReplicaAssigner.assign(List.of(3, 5, 9), 1, 4, 2, Map.of());

        assertThat(a.stream().map(r -> r.get(0))).containsExactly(5, 9, 3, 5);
    }

    @Test
    void added_partitions_keep_leaders_within_one_and_replicas_within_two_when_the_brokers_are_unchanged() {
        for (int n = 2; n <= 8; n++) {
            List<Integer> live = ids(n);
            for (int rf = 1; rf <= n; rf++) {
                for (int first = 1; first <= 12; first++) {
                    for (int added = 1; added <= 12; added++) {
                        String where = "n=" + n + " rf=" + rf + " first=" + first + " added=" + added;
                        List<List<Integer>> topic = new ArrayList<>(ReplicaAssigner.assign(live, 0, first, rf, Map.of()));
                        Map<Integer, Integer> load = replicas(topic);
                        topic.addAll(ReplicaAssigner.assign(live, first, added, rf, load));
                        assertValid(topic, live, rf, where);
                        assertSpreadWithinOne(leaders(topic), live, where + " leaders");
                        // The first call could not know the later leaders, so replicas may end two apart.
                        assertThat(spread(replicas(topic), live)).as(where + " replicas").isLessThanOrEqualTo(2);
                    }
                }
            }
        }
    }

    @Test
    void with_racks_every_partition_spans_as_many_racks_as_it_can_and_leaders_stay_within_one() {
        for (int n = 2; n <= 9; n++) {
            List<Integer> live = ids(n);
            for (int rackCount = 2; rackCount <= n; rackCount++) {
                Map<Integer, String> racks = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    racks.put(live.get(i), "rack-" + (i % rackCount));
                }
                for (int rf = 1; rf <= n; rf++) {
                    for (int partitions = 1; partitions <= 24; partitions++) {
                        for (int start = 0; start < n; start++) {
                            String where = "n=" + n + " racks=" + rackCount + " rf=" + rf + " partitions=" + partitions + " start=" + start;
                            List<List<Integer>> a = ReplicaAssigner.assign(live, racks, start, partitions, rf, Map.of());
                            assertValid(a, live, rf, where);
                            for (List<Integer> replicas : a) {
                                assertThat(replicas.stream().map(racks::get).distinct().count()).as(where + " " + replicas)
                                        .isEqualTo(Math.min(rf, rackCount));
                            }
                            assertSpreadWithinOne(leaders(a), live, where + " leaders");
                            if (n % rackCount == 0) {
                                // racks of equal size: the rack preference costs replica balance at most one more
                                assertThat(spread(replicas(a), live)).as(where + " replicas " + replicas(a)).isLessThanOrEqualTo(2);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void a_single_rack_or_no_rack_assigns_exactly_as_without_racks() {
        for (int n = 1; n <= 8; n++) {
            List<Integer> live = ids(n);
            Map<Integer, String> oneRack = new HashMap<>();
            live.forEach(b -> oneRack.put(b, "r1"));
            for (int rf = 1; rf <= n; rf++) {
                for (int partitions = 1; partitions <= 20; partitions++) {
                    List<List<Integer>> plain = ReplicaAssigner.assign(live, 1, partitions, rf, Map.of(live.get(0), 2));
                    assertThat(ReplicaAssigner.assign(live, oneRack, 1, partitions, rf, Map.of(live.get(0), 2))).isEqualTo(plain);
                    assertThat(ReplicaAssigner.assign(live, Map.of(), 1, partitions, rf, Map.of(live.get(0), 2))).isEqualTo(plain);
                }
            }
        }
    }

    @Test
    void a_broker_alone_in_its_rack_gets_a_replica_of_every_partition() {
        Map<Integer, String> racks = Map.of(1, "a", 2, "b", 3, "b", 4, "b");

        List<List<Integer>> a = ReplicaAssigner.assign(List.of(1, 2, 3, 4), racks, 0, 8, 2, Map.of());

        assertThat(a).allSatisfy(r -> assertThat(r).contains(1));
    }

    @Test
    void a_replication_factor_above_the_broker_count_is_refused() {
        assertThatThrownBy(() -> ReplicaAssigner.assign(ids(2), 0, 1, 3, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertValid(List<List<Integer>> assignment, List<Integer> live, int rf, String where) {
        for (List<Integer> replicas : assignment) {
            assertThat(replicas).as(where).hasSize(rf);
            assertThat(new HashSet<>(replicas)).as(where + ": no broker twice in " + replicas).hasSize(rf);
            assertThat(live).as(where).containsAll(replicas);
        }
    }

    private static void assertSpreadWithinOne(Map<Integer, Integer> counts, List<Integer> live, String where) {
        assertThat(spread(counts, live)).as(where + " " + counts).isLessThanOrEqualTo(1);
    }

    private static int spread(Map<Integer, Integer> counts, List<Integer> live) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int b : live) {
            int c = counts.getOrDefault(b, 0);
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        return max - min;
    }

    private static Map<Integer, Integer> leaders(List<List<Integer>> a) {
        Map<Integer, Integer> m = new HashMap<>();
        a.forEach(r -> m.merge(r.get(0), 1, Integer::sum));
        return m;
    }

    private static Map<Integer, Integer> replicas(List<List<Integer>> a) {
        Map<Integer, Integer> m = new HashMap<>();
        a.forEach(r -> r.forEach(b -> m.merge(b, 1, Integer::sum)));
        return m;
    }

    private static List<Integer> ids(int n) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(10 + 3 * i);
        }
        return ids;
    }
}
