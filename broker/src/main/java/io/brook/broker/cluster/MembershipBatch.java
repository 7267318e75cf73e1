package io.brook.broker.cluster;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.protocol.record.RecordCursor;
import io.brook.replication.raft.Membership;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Raft configuration as a batch of the partition log: a control batch (consumers skip it) of one
 * record whose key is {@code brook.membership} (UTF-8) and whose value is
 *
 * <pre>
 *   version     int8   (1)
 *   voters      int32 count, then int32 broker id each
 *   learners    int32 count, then int32 broker id each
 * </pre>
 *
 * The leader marker, the other control batch the Raft layer writes, has no key.
 */
public final class MembershipBatch {

    private static final byte[] KEY = "brook.membership".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    /** More members than any group has: a count above it is garbage. */
    private static final int MAX_MEMBERS = 1024;

    private MembershipBatch() {}

    /** A control batch carrying {@code m} (offsets and term are set by the log when it is appended). */
    public static ByteBuffer build(Membership m, long timestampMs) {
        ByteBuffer v = ByteBuffer.allocate(1 + 8 + 4 * (m.voters().size() + m.learners().size()));
        v.put(VERSION);
        putIds(v, m.voters());
        putIds(v, m.learners());
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 128 + v.capacity()).control(true);
        b.append(timestampMs, KEY, v.array());
        return b.build();
    }

    private static void putIds(ByteBuffer v, List<Integer> ids) {
        v.putInt(ids.size());
        for (int id : ids) {
            v.putInt(id);
        }
    }

    /**
     * The configuration {@code batch} carries, or {@code null} when it is not a configuration batch.
     *
     * @throws IllegalArgumentException when it is one but its value cannot be read
     */
    public static Membership parse(RecordBatch batch) {
        if (!batch.isControl() || batch.recordCount() != 1) {
            return null;
        }
        RecordCursor c = new RecordCursor().reset(batch);
        if (!c.next() || c.keySize() != KEY.length || !Arrays.equals(c.keyBytes(), KEY)) {
            return null;
        }
        ByteBuffer v = c.value();
        try {
            byte version = v.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("configuration batch of unknown version " + version);
            }
            return new Membership(ids(v), ids(v));
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("configuration batch is cut short", e);
        }
    }

    private static List<Integer> ids(ByteBuffer v) {
        int n = v.getInt();
        if (n < 0 || n > MAX_MEMBERS) {
            throw new IllegalArgumentException("configuration batch names " + n + " members");
        }
        List<Integer> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(v.getInt());
        }
        return ids;
    }
}
