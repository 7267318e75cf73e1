package io.brook.protocol.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small byte and batch helpers shared by the record tests. */
final class TestBytes {

    private TestBytes() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A heap copy of {@code src}'s remaining bytes, positioned at 0; {@code src} is not moved. */
    static ByteBuffer copy(ByteBuffer src) {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src.duplicate()).flip();
        return copy;
    }

    static byte[] toArray(ByteBuffer src) {
        byte[] bytes = new byte[src.remaining()];
        src.duplicate().get(bytes);
        return bytes;
    }

    /** Decodes every record of the batch at {@code buf.position()} into copies. */
    static List<Record> readAll(ByteBuffer buf) {
        RecordCursor cursor = RecordBatch.of(buf).records();
        List<Record> records = new ArrayList<>();
        while (cursor.next()) {
            records.add(cursor.toRecord());
        }
        return records;
    }

    /** Rewrites the stored CRC of the batch that starts at index 0 so that it matches its bytes again. */
    static ByteBuffer fixCrc(ByteBuffer batch) {
        int size = RecordBatch.LOG_OVERHEAD + batch.getInt(RecordBatch.LENGTH_OFFSET);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.crcOf(batch, 0, size));
        return batch;
    }

    /** Validates the whole buffer as one batch, deeply, with no size cap. */
    static BatchError validate(ByteBuffer batch) {
        return RecordBatch.validate(batch, batch.position(), batch.limit(), Integer.MAX_VALUE, true);
    }
}
