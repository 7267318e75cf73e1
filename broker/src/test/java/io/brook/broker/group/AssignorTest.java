package io.brook.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.partition.TopicPartition;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AssignorTest {

    private static SortedMap<String, SortedSet<String>> subscriptions(Map<String, SortedSet<String>> byMember) {
        return new TreeMap<>(byMember);
    }

    private static SortedSet<String> topics(String... names) {
        return new TreeSet<>(java.util.List.of(names));
    }

    private static AssignmentSpec spec(Map<String, SortedSet<String>> subs, Map<String, Integer> counts,
            SortedMap<String, SortedSet<TopicPartition>> previous) {
        return new AssignmentSpec(subscriptions(subs), new TreeMap<>(counts), previous);
    }

    @Test
    void uniform_gives_counts_that_differ_by_at_most_one() {
        // given three members of one topic with ten partitions
        AssignmentSpec spec = spec(Map.of("m1", topics("t"), "m2", topics("t"), "m3", topics("t")), Map.of("t", 10), new TreeMap<>());

        // when
        SortedMap<String, SortedSet<TopicPartition>> target = new UniformStickyAssignor().assign(spec);

        // then
        assertThat(target.values()).extracting(SortedSet::size).containsExactlyInAnyOrder(4, 3, 3);
        assertThat(target.values().stream().mapToInt(SortedSet::size).sum()).isEqualTo(10);
    }

    @Test
    void uniform_moves_only_what_balance_requires_when_a_member_joins() {
        // given two members sharing nine partitions
        UniformStickyAssignor assignor = new UniformStickyAssignor();
        SortedMap<String, SortedSet<TopicPartition>> before =
                assignor.assign(spec(Map.of("m1", topics("t"), "m2", topics("t")), Map.of("t", 9), new TreeMap<>()));

        // when a third joins
        SortedMap<String, SortedSet<TopicPartition>> after = assignor.assign(
                spec(Map.of("m1", topics("t"), "m2", topics("t"), "m3", topics("t")), Map.of("t", 9), before));

        // then three partitions move, all to the new member, and the others keep the rest
        assertThat(after.get("m3")).hasSize(3);
        assertThat(before.get("m1")).containsAll(after.get("m1"));
        assertThat(before.get("m2")).containsAll(after.get("m2"));
    }

    @Test
    void uniform_gives_partitions_only_to_subscribers_of_their_topic() {
        // given m1 subscribes to a and b, m2 to b only
        AssignmentSpec spec = spec(Map.of("m1", topics("a", "b"), "m2", topics("b")), Map.of("a", 4, "b", 4), new TreeMap<>());

        // when
        SortedMap<String, SortedSet<TopicPartition>> target = new UniformStickyAssignor().assign(spec);

        // then all of a goes to m1, b is split so that counts are as even as subscriptions allow
        assertThat(target.get("m2")).allMatch(p -> p.topic().equals("b")).hasSize(4);
        assertThat(target.get("m1")).hasSize(4).allMatch(p -> p.topic().equals("a"));
    }

    @Test
    void range_gives_each_subscriber_a_contiguous_range_of_each_topic() {
        // given two members of two topics with five partitions each
        AssignmentSpec spec = spec(Map.of("m1", topics("a", "b"), "m2", topics("a", "b")), Map.of("a", 5, "b", 5), new TreeMap<>());

        // when
        SortedMap<String, SortedSet<TopicPartition>> target = new RangeAssignor().assign(spec);

        // then the first member takes partitions 0-2 of each topic, the second 3-4
        assertThat(target.get("m1")).extracting(TopicPartition::toString).containsExactly("a-0", "a-1", "a-2", "b-0", "b-1", "b-2");
        assertThat(target.get("m2")).extracting(TopicPartition::toString).containsExactly("a-3", "a-4", "b-3", "b-4");
    }

    @Test
    void assignors_are_named_and_uniform_is_the_default() {
        assertThat(Assignor.defaultAssignor().name()).isEqualTo("uniform");
        assertThat(Assignor.named("range")).isInstanceOf(RangeAssignor.class);
    }
}
