package io.brook.jepsen;

import io.brook.jepsen.db.ReplicaLogReader;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

/**
 * The record batches of a partition replica as they lie in its segment files, independently of the
 * storage code, so that replicas can be compared byte for byte.
 */
final class SegmentBytes {

    private SegmentBytes() {}

    /** The bytes of every whole batch whose last offset is below {@code endOffset}, in offset order. */
    static byte[] batchesBelow(Path partitionDir, long endOffset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplicaLogReader.forEachBatch(partitionDir, batch -> {
            if (batch.lastOffset() < endOffset) {
                out.write(batch.buffer().array(), batch.start(), batch.sizeInBytes());
            }
        });
        return out.toByteArray();
    }
}
