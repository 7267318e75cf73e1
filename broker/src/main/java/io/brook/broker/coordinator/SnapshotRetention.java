package io.brook.broker.coordinator;

import io.brook.broker.partition.Partition;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordCursor;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Lets retention delete what a committed snapshot made unnecessary, on every replica of
 * {@code __groups} (leader and followers alike, so that a follower that becomes leader replays as
 * little as the old leader would have). Each tick reads the newly committed part of each local
 * replica's log (below its high watermark, which never changes) and notes the base offset of the
 * last batch that begins with a snapshot marker; the partition may then drop whole segments below
 * it ({@link Partition#allowRetentionBelow}). A replica with no snapshot keeps everything. Owned by the
 * coordinator thread; the logs are only read.
 */
final class SnapshotRetention {

    private static final int READ_BYTES = 1024 * 1024;
    /** Bytes read per partition per tick, so that a long backlog does not hold up the coordinator thread. */
    private static final int BYTES_PER_TICK = 8 * READ_BYTES;

    private static final class Scan {
        PartitionLog log;
        long scanned;
        long lastSnapshot = -1;
    }

    private final Map<Partition, Scan> scans = new IdentityHashMap<>();
    private final RecordBatch batch = new RecordBatch();
    private final RecordCursor cursor = new RecordCursor();

    /** Coordinator thread: scans each of {@code replicas} (this broker's replicas of {@code __groups}) further. */
    void tick(Iterable<Partition> replicas) {
        Set<Partition> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Partition p : replicas) {
            seen.add(p);
            PartitionLog log = p.log();
            if (log == null) {
                continue;
            }
            Scan s = scans.computeIfAbsent(p, k -> new Scan());
            if (s.log != log) {
                s.log = log;
                s.scanned = 0;
                s.lastSnapshot = -1;
            }
            scan(log, s, Math.min(p.highWatermark(), log.logEndOffset()));
            if (s.lastSnapshot > 0) {
                p.allowRetentionBelow(s.lastSnapshot);
            }
        }
        scans.keySet().retainAll(seen);
    }

    private void scan(PartitionLog log, Scan s, long end) {
        s.scanned = Math.max(s.scanned, log.logStartOffset());
        long budget = BYTES_PER_TICK;
        while (s.scanned < end && budget > 0) {
            try (ReadResult read = log.read(s.scanned, READ_BYTES, end)) {
                if (read.status() != ReadResult.Status.OK) {
                    return;
                }
                ByteBuffer buf = read.slice().readAll();
                if (buf.limit() == 0) {
                    return;
                }
                budget -= buf.limit();
                int pos = 0;
                while (pos < buf.limit()) {
                    batch.wrap(buf, pos);
                    pos += batch.sizeInBytes();
                    if (!batch.isControl()) {
                        cursor.reset(batch);
                        if (cursor.next() && ShardSnapshot.isMarker(cursor.keyBytes())) {
                            s.lastSnapshot = batch.baseOffset();
                        }
                    }
                    s.scanned = batch.nextOffset();
                }
            }
        }
    }
}
