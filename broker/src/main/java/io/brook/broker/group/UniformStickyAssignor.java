package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Uniform-sticky assignment, the default. Three passes, all in a fixed order so the result is
 * deterministic:
 * <ol>
 *   <li>keep: each member keeps every partition of its previous target that still exists and that it
 *       still subscribes to;</li>
 *   <li>place: each partition nobody kept goes to the least loaded member that subscribes to its topic
 *       (ties by member id);</li>
 *   <li>balance: while some member A holds a partition that a member B with at least two fewer
 *       partitions could take, the most loaded such A gives its last such partition to the least loaded
 *       such B. Each move lowers the sum of squared counts, so this ends, and each move is one that
 *       balance requires, so stickiness is kept otherwise.</li>
 * </ol>
 * When all members subscribe to the same topics, counts end up differing by at most one. With
 * different subscriptions, the result is balanced in the sense that no single move between two
 * members whose counts differ by two or more is possible.
 */
public final class UniformStickyAssignor implements Assignor {

    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public SortedMap<String, SortedSet<TopicPartition>> assign(AssignmentSpec spec) {
        TreeMap<String, TreeSet<TopicPartition>> owned = new TreeMap<>();
        TreeSet<TopicPartition> kept = Partitions.builder();
        for (String member : spec.subscriptions().keySet()) {
            TreeSet<TopicPartition> mine = Partitions.builder();
            for (TopicPartition partition : spec.previousTargets().getOrDefault(member, Partitions.empty())) {
                if (spec.eligible(member, partition) && kept.add(partition)) {
                    mine.add(partition);
                }
            }
            owned.put(member, mine);
        }
        place(spec, owned, kept);
        balance(spec, owned);
        TreeMap<String, SortedSet<TopicPartition>> result = new TreeMap<>();
        owned.forEach((member, partitions) -> result.put(member, Partitions.of(partitions)));
        return result;
    }

    private static void place(AssignmentSpec spec, TreeMap<String, TreeSet<TopicPartition>> owned, TreeSet<TopicPartition> kept) {
        TreeSet<String> topics = new TreeSet<>();
        spec.subscriptions().values().forEach(topics::addAll);
        for (String topic : topics) {
            for (TopicPartition partition : spec.partitionsOf(topic)) {
                if (kept.contains(partition)) {
                    continue;
                }
                String least = null;
                for (String member : owned.keySet()) {
                    if (spec.eligible(member, partition)
                            && (least == null || owned.get(member).size() < owned.get(least).size())) {
                        least = member;
                    }
                }
                owned.get(least).add(partition);
            }
        }
    }

    private static void balance(AssignmentSpec spec, TreeMap<String, TreeSet<TopicPartition>> owned) {
        Comparator<String> byLoad = Comparator.<String>comparingInt(m -> owned.get(m).size()).thenComparing(m -> m);
        boolean moved = true;
        while (moved) {
            moved = false;
            List<String> ascending = new ArrayList<>(owned.keySet());
            ascending.sort(byLoad);
            search:
            for (int a = ascending.size() - 1; a > 0; a--) {
                TreeSet<TopicPartition> from = owned.get(ascending.get(a));
                for (int b = 0; b < a && owned.get(ascending.get(b)).size() < from.size() - 1; b++) {
                    String taker = ascending.get(b);
                    for (Iterator<TopicPartition> it = from.descendingIterator(); it.hasNext(); ) {
                        TopicPartition partition = it.next();
                        if (spec.eligible(taker, partition)) {
                            it.remove();
                            owned.get(taker).add(partition);
                            moved = true;
                            break search;
                        }
                    }
                }
            }
        }
    }
}
