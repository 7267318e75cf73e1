package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Range assignment: for each topic, its subscribers in member-id order each take a contiguous range
 * of partitions, the first {@code partitions % subscribers} of them one more. Members that subscribe
 * to the same topics get the same partition numbers of each (useful for co-partitioned joins). Not
 * sticky: a member joining or leaving can move many partitions.
 */
public final class RangeAssignor implements Assignor {

    @Override
    public String name() {
        return "range";
    }

    @Override
    public SortedMap<String, SortedSet<TopicPartition>> assign(AssignmentSpec spec) {
        TreeMap<String, TreeSet<TopicPartition>> result = new TreeMap<>();
        TreeSet<String> topics = new TreeSet<>();
        for (Map.Entry<String, SortedSet<String>> entry : spec.subscriptions().entrySet()) {
            result.put(entry.getKey(), Partitions.builder());
            topics.addAll(entry.getValue());
        }
        for (String topic : topics) {
            List<String> subscribers = new ArrayList<>();
            spec.subscriptions().forEach((member, subscribed) -> {
                if (subscribed.contains(topic)) {
                    subscribers.add(member);
                }
            });
            List<TopicPartition> partitions = spec.partitionsOf(topic);
            int each = partitions.size() / subscribers.size();
            int extra = partitions.size() % subscribers.size();
            int next = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int take = each + (i < extra ? 1 : 0);
                result.get(subscribers.get(i)).addAll(partitions.subList(next, next + take));
                next += take;
            }
        }
        TreeMap<String, SortedSet<TopicPartition>> frozen = new TreeMap<>();
        result.forEach((member, partitions) -> frozen.put(member, Partitions.of(partitions)));
        return frozen;
    }
}
