package io.brook.broker.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.group.GroupEvent;
import io.brook.broker.partition.TopicPartition;
import io.brook.protocol.message.GroupCreatedRecord;
import io.brook.protocol.message.GroupDeletedRecord;
import io.brook.protocol.message.GroupRecord;
import io.brook.protocol.message.GroupRecordKey;
import io.brook.protocol.message.OffsetCommitRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The {@code __groups} record codec: every event survives a round trip, and the v1 golden file (keys
 * and values of every kind of record) still decodes to the same records, byte for byte. Regenerate
 * the golden file only for a deliberate format change: {@code -Dbrook.golden.write=true}.
 */
class GroupRecordsTest {

    private static final String GOLDEN = "groups/v1-records.bin";

    private static TreeSet<TopicPartition> parts(int... ps) {
        TreeSet<TopicPartition> out = new TreeSet<>(CoordinatedGroup.ORDER);
        for (int p : ps) {
            out.add(new TopicPartition("t", p));
        }
        return out;
    }

    static List<GroupEvent> everyEvent() {
        TreeMap<String, java.util.SortedSet<TopicPartition>> targets = new TreeMap<>();
        targets.put("m1", parts(0, 2));
        targets.put("m2", parts(1));
        return List.of(
                new GroupEvent.TopicPartitionCount("t", 3),
                new GroupEvent.MemberSubscribed("m1", Optional.empty(), new TreeSet<>(Set.of("t", "u"))),
                new GroupEvent.MemberSubscribed("m2", Optional.of("instance-2"), new TreeSet<>(Set.of("t"))),
                new GroupEvent.TargetAssignment(2, targets),
                new GroupEvent.MemberAssignment("m1", 2, 1, parts(0, 2), parts(1)),
                new GroupEvent.StaticMemberReplaced("m2", "m3"),
                new GroupEvent.MemberRemoved("m1", GroupEvent.RemovalReason.REBALANCE_TIMEOUT));
    }

    static List<GroupRecords.Encoded> everyRecord() {
        List<GroupRecords.Encoded> out = new ArrayList<>();
        out.add(GroupRecords.encode("g", GroupRecords.record().setCreated(GroupCreatedRecord.newBuilder().setAssignor("range")
                .setCreatedMs(1_700_000_000_000L)).build(), null, null));
        for (GroupEvent e : everyEvent()) {
            out.add(GroupRecords.encode("g", e));
        }
        out.add(GroupRecords.encode("g", GroupRecords.record().setOffsetCommit(OffsetCommitRecord.newBuilder().setTopic("t")
                .setPartition(1).setOffset(42).setTerm(3).setMetadata("meta").setCommitTimeMs(1_700_000_000_001L)).build(),
                null, new TopicPartition("t", 1)));
        out.add(GroupRecords.encode("g", GroupRecords.record().setGroupDeleted(GroupDeletedRecord.newBuilder().setReason("deleted")).build(),
                null, null));
        return out;
    }

    @Test
    void every_event_survives_a_round_trip() throws Exception {
        for (GroupEvent e : everyEvent()) {
            GroupRecords.Encoded encoded = GroupRecords.encode("g", e);
            assertThat(GroupRecords.toEvent(GroupRecord.parseFrom(encoded.value()))).contains(e);
            assertThat(GroupRecordKey.parseFrom(encoded.key()).getGroupId()).isEqualTo("g");
        }
    }

    @Test
    void the_v1_golden_file_decodes_to_the_same_records() throws Exception {
        List<GroupRecords.Encoded> expected = everyRecord();
        if (Boolean.getBoolean("brook.golden.write")) {
            Files.write(Path.of("src/test/resources", GOLDEN), serialize(expected));
        }
        List<GroupRecords.Encoded> golden = deserialize();
        assertThat(golden).hasSameSizeAs(expected);
        for (int i = 0; i < golden.size(); i++) {
            assertThat(golden.get(i).key()).as("key %d", i).isEqualTo(expected.get(i).key());
            assertThat(golden.get(i).value()).as("value %d", i).isEqualTo(expected.get(i).value());
            GroupRecord r = GroupRecord.parseFrom(golden.get(i).value());
            assertThat(r.getVersion()).isEqualTo(1);
        }
        List<GroupEvent> events = new ArrayList<>();
        for (GroupRecords.Encoded e : golden) {
            GroupRecords.toEvent(GroupRecord.parseFrom(e.value())).ifPresent(events::add);
        }
        assertThat(events).isEqualTo(everyEvent());
    }

    private static byte[] serialize(List<GroupRecords.Encoded> records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(records.size());
        for (GroupRecords.Encoded r : records) {
            out.writeInt(r.key().length);
            out.write(r.key());
            out.writeInt(r.value().length);
            out.write(r.value());
        }
        return bytes.toByteArray();
    }

    private static List<GroupRecords.Encoded> deserialize() throws IOException {
        try (InputStream in = GroupRecordsTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN).isNotNull();
            DataInputStream data = new DataInputStream(in);
            int n = data.readInt();
            List<GroupRecords.Encoded> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] key = data.readNBytes(data.readInt());
                byte[] value = data.readNBytes(data.readInt());
                out.add(new GroupRecords.Encoded(key, value));
            }
            return out;
        }
    }
}
