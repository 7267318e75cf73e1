package io.brook.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records returned by one {@link Consumer#poll}: per partition in offset order; iteration goes
 * partition by partition in the order they were fetched.
 */
public final class ConsumerRecords implements Iterable<ConsumerRecord> {

    private static final ConsumerRecords EMPTY = new ConsumerRecords(Map.of());

    private final Map<TopicPartition, List<ConsumerRecord>> records;
    private final int count;

    /** @param records per partition, in offset order; taken over, not copied */
    public ConsumerRecords(Map<TopicPartition, List<ConsumerRecord>> records) {
        this.records = Collections.unmodifiableMap(records);
        int n = 0;
        for (List<ConsumerRecord> list : records.values()) {
            n += list.size();
        }
        this.count = n;
    }

    public static ConsumerRecords empty() {
        return EMPTY;
    }

    /** The records of one partition, in offset order; empty when there are none. */
    public List<ConsumerRecord> records(TopicPartition partition) {
        List<ConsumerRecord> list = records.get(partition);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    /** The records of every partition of {@code topic}. */
    public List<ConsumerRecord> records(String topic) {
        List<ConsumerRecord> out = new ArrayList<>();
        records.forEach((tp, list) -> {
            if (tp.topic().equals(topic)) {
                out.addAll(list);
            }
        });
        return out;
    }

    /** The partitions that have records in this set. */
    public Set<TopicPartition> partitions() {
        return records.keySet();
    }

    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    @Override
    public Iterator<ConsumerRecord> iterator() {
        return records.values().stream().flatMap(List::stream).iterator();
    }
}
