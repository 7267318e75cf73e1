package io.brook.broker.coordinator;

import io.brook.broker.partition.TopicPartition;
import io.brook.protocol.message.GroupRecordPartitions;
import io.brook.protocol.message.TopicPartitions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Partitions as the wire protocol lists them: by topic, in ascending order. */
final class WirePartitions {

    private WirePartitions() {}

    static List<TopicPartitions> of(Collection<TopicPartition> partitions) {
        List<TopicPartitions> out = new ArrayList<>();
        for (GroupRecordPartitions p : GroupRecords.byTopic(partitions)) {
            out.add(TopicPartitions.newBuilder().setTopic(p.getTopic()).addAllPartitions(p.getPartitionsList()).build());
        }
        return out;
    }
}
