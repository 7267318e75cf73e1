package io.brook.broker.coordinator;

import com.google.protobuf.InvalidProtocolBufferException;
import io.brook.broker.group.Assignor;
import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.GroupEvent;
import io.brook.broker.partition.TopicPartition;
import io.brook.protocol.message.GroupRecord;
import io.brook.protocol.message.GroupRecordKey;
import io.brook.protocol.message.OffsetCommitRecord;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordCursor;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the groups of a {@code __groups} partition by replaying its log from the log start to a
 * commit end, applying every record in order (control batches, the leader markers, are skipped). A
 * snapshot marker ({@link ShardSnapshot}) drops every group rebuilt so far: the records of the
 * snapshot that follow it rebuild them. A log that no longer starts at 0 lost its oldest segments to
 * retention below a snapshot, so its records before the first snapshot marker are skipped (they are
 * a history whose beginning is gone). Runs on the coordinator thread; reading the log is safe from
 * any thread.
 */
final class ShardLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ShardLoader.class);
    private static final int READ_BYTES = 1024 * 1024;

    /** A group as the records so far describe it. */
    private static final class Replayed {
        String assignor = "uniform";
        long lastCommitMs;
        final List<GroupEvent> events = new ArrayList<>();
        final TreeMap<TopicPartition, CommittedOffset> offsets = new TreeMap<>(CoordinatedGroup.ORDER);
    }

    /**
     * The groups of a partition, and how many records of it follow its last snapshot (all of them
     * when it has none): the coordinator writes the next snapshot when enough more follow.
     */
    record Loaded(Map<String, CoordinatedGroup> groups, long recordsSinceSnapshot, long snapshotRecords) {}

    private final TreeMap<String, Replayed> groups = new TreeMap<>();
    private long records;
    private long skipped;
    private long sinceSnapshot;
    private long snapshotOffset = -1;
    private long snapshotRecords;
    /** False while the records read are a history without its beginning, before the first snapshot. */
    private boolean applying;

    private ShardLoader() {}

    /**
     * Replays {@code log} up to {@code endOffset} (exclusive) and returns its groups, with every session
     * starting at {@code nowMs}.
     */
    static Loaded load(PartitionLog log, long endOffset, long sessionTimeoutMs, long nowMs) {
        long start = System.nanoTime();
        ShardLoader loader = new ShardLoader();
        loader.applying = log.logStartOffset() == 0;
        loader.replay(log, endOffset);
        if (!loader.applying) {
            throw new IllegalStateException(log.dir().getFileName() + " starts at " + log.logStartOffset()
                    + " but holds no snapshot of its groups below " + endOffset + ": the records before its start are gone");
        }
        TreeMap<String, CoordinatedGroup> out = new TreeMap<>();
        loader.groups.forEach((id, r) -> {
            CoordinatedGroup g = new CoordinatedGroup(id, r.assignor,
                    GroupCoordinator.recover(r.events, Assignor.named(r.assignor), sessionTimeoutMs, nowMs), r.lastCommitMs);
            g.offsets.putAll(r.offsets);
            out.put(id, g);
        });
        LOG.info("Loaded {} group(s) of {} in {} ms: {} record(s) read from offset {} to {}, the last snapshot at {},"
                + " {} record(s) before the first snapshot skipped", out.size(), log.dir().getFileName(),
                (System.nanoTime() - start) / 1_000_000, loader.records, log.logStartOffset(), endOffset,
                loader.snapshotOffset, loader.skipped);
        return new Loaded(out, Math.max(0, loader.sinceSnapshot - loader.snapshotRecords), loader.snapshotRecords);
    }

    private void replay(PartitionLog log, long endOffset) {
        long offset = log.logStartOffset();
        RecordBatch batch = new RecordBatch();
        RecordCursor cursor = new RecordCursor();
        while (offset < endOffset) {
            try (ReadResult read = log.read(offset, READ_BYTES, endOffset)) {
                if (read.status() != ReadResult.Status.OK) {
                    return;
                }
                ByteBuffer buf = read.slice().readAll();
                int pos = 0;
                while (pos < buf.limit()) {
                    batch.wrap(buf, pos);
                    pos += batch.sizeInBytes();
                    offset = batch.nextOffset();
                    if (!batch.isControl()) {
                        cursor.reset(batch);
                        while (cursor.next()) {
                            apply(cursor.keyBytes(), cursor.valueBytes(), cursor.offset());
                        }
                    }
                }
            }
        }
    }

    private void apply(byte[] keyBytes, byte[] valueBytes, long offset) {
        records++;
        GroupRecordKey key;
        GroupRecord value;
        try {
            key = GroupRecordKey.parseFrom(keyBytes);
            value = GroupRecord.parseFrom(valueBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a record of __groups does not parse: " + e.getMessage(), e);
        }
        if (value.getVersion() > GroupRecords.MAX_READ_VERSION) {
            throw new IllegalStateException("a record of group " + key.getGroupId() + " has version " + value.getVersion()
                    + ", newer than this broker's " + GroupRecords.MAX_READ_VERSION + ": upgrade the broker");
        }
        if (value.getBodyCase() == GroupRecord.BodyCase.SNAPSHOT) {
            groups.clear();
            applying = true;
            snapshotOffset = offset;
            snapshotRecords = value.getSnapshot().getRecords();
            sinceSnapshot = 0;
            return;
        }
        if (!applying) {
            skipped++;
            return;
        }
        sinceSnapshot++;
        String groupId = key.getGroupId();
        switch (value.getBodyCase()) {
            case CREATED -> {
                Replayed r = groups.computeIfAbsent(groupId, g -> new Replayed());
                r.assignor = value.getCreated().getAssignor();
                r.lastCommitMs = value.getCreated().getCreatedMs();
            }
            case OFFSET_COMMIT -> {
                OffsetCommitRecord c = value.getOffsetCommit();
                Replayed r = groups.computeIfAbsent(groupId, g -> new Replayed());
                r.offsets.put(new TopicPartition(c.getTopic(), c.getPartition()),
                        new CommittedOffset(c.getOffset(), c.getTerm(), c.getMetadata(), c.getCommitTimeMs()));
                r.lastCommitMs = Math.max(r.lastCommitMs, c.getCommitTimeMs());
            }
            case GROUP_DELETED -> groups.remove(groupId);
            default -> GroupRecords.toEvent(value).ifPresent(e -> groups.computeIfAbsent(groupId, g -> new Replayed()).events.add(e));
        }
    }
}
