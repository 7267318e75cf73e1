package io.brook.client.internal.consumer;

import io.brook.client.ConsumerRecord;
import io.brook.client.CorruptRecordException;
import io.brook.client.TopicPartition;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.Header;
import io.brook.protocol.record.InvalidBatchException;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordCursor;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The answer of one fetch for one partition: either whole record batches (a retained slice of the
 * response frame) or an error, tagged with the generation of the position it was fetched for.
 * Created on the event loop; drained record by record on the application thread, which releases it.
 */
final class CompletedFetch {

    final TopicPartition tp;
    final int generation;
    final long fetchOffset;
    /** The offset after the last whole batch: where the next fetch starts. */
    final long nextFetchOffset;
    final ErrorCode error;
    final String errorMessage;
    final long highWatermark;
    final long logStartOffset;
    final int sizeInBytes;
    private ByteBuf records;

    private ByteBuffer data;
    private int pos;
    private int limit;
    private final RecordBatch batch = new RecordBatch();
    private boolean inBatch;
    private boolean drained;
    /** The term of the batch of the last record drained, or -1. */
    private int lastTerm = -1;
    /** Set by {@link #verifyCrcs()}: every batch before {@code firstBadAt} passed its CRC check already. */
    private boolean crcsVerified;
    private int firstBadAt = Integer.MAX_VALUE;

    private CompletedFetch(TopicPartition tp, int generation, long fetchOffset, long nextFetchOffset, ErrorCode error,
                           String errorMessage, long highWatermark, long logStartOffset, ByteBuf records) {
        this.tp = tp;
        this.generation = generation;
        this.fetchOffset = fetchOffset;
        this.nextFetchOffset = nextFetchOffset;
        this.error = error;
        this.errorMessage = errorMessage;
        this.highWatermark = highWatermark;
        this.logStartOffset = logStartOffset;
        this.records = records;
        this.sizeInBytes = records == null ? 0 : records.readableBytes();
    }

    /** @param records a retained slice holding whole batches, owned by this object from now on */
    static CompletedFetch data(TopicPartition tp, int generation, long fetchOffset, long nextFetchOffset,
                               long highWatermark, long logStartOffset, ByteBuf records) {
        return new CompletedFetch(tp, generation, fetchOffset, nextFetchOffset, ErrorCode.NONE, "", highWatermark,
                logStartOffset, records);
    }

    static CompletedFetch error(TopicPartition tp, int generation, long fetchOffset, ErrorCode error, String message,
                                long highWatermark, long logStartOffset) {
        return new CompletedFetch(tp, generation, fetchOffset, fetchOffset, error, message, highWatermark, logStartOffset,
                null);
    }

    /**
     * Checks every batch's CRC now, on the calling (network) thread, so that the application thread
     * that drains the records only parses them: the two run in parallel.
     */
    void verifyCrcs() {
        if (records == null) {
            return;
        }
        ensureData();
        for (int p = pos; p < limit; ) {
            BatchError e = RecordBatch.validate(data, p, limit, Integer.MAX_VALUE, false);
            if (e == BatchError.TRUNCATED) {
                break;
            }
            if (e != BatchError.NONE) {
                firstBadAt = p;
                break;
            }
            p += RecordBatch.LOG_OVERHEAD + data.getInt(p + RecordBatch.LENGTH_OFFSET);
        }
        crcsVerified = true;
    }

    private void ensureData() {
        if (data == null) {
            data = records.nioBufferCount() == 1 ? records.nioBuffer() : copy(records);
            pos = data.position();
            limit = data.limit();
        }
    }

    boolean isError() {
        return error != ErrorCode.NONE;
    }

    /** The Raft term of the batch that held the last record drained, or -1 before any. */
    int lastTerm() {
        return lastTerm;
    }

    boolean isDrained() {
        return drained || records == null;
    }

    /**
     * Appends records at or after {@code position} to {@code out}, at most {@code max} of them.
     *
     * @return the new position: after the last record returned, or after the last batch once drained
     * @throws CorruptRecordException when a batch fails validation; the fetch stays where it was
     */
    long drain(long position, int max, boolean checkCrcs, RecordCursor cursor, List<ConsumerRecord> out) {
        if (records == null) {
            drained = true;
            return position;
        }
        ensureData();
        int added = 0;
        while (added < max) {
            if (!inBatch) {
                if (pos >= limit) {
                    drained = true;
                    break;
                }
                BatchError e = checkCrcs && (!crcsVerified || pos >= firstBadAt)
                        ? RecordBatch.validate(data, pos, limit, Integer.MAX_VALUE, false)
                        : RecordBatch.validateHeader(data, pos, limit - pos, Integer.MAX_VALUE);
                if (e == BatchError.TRUNCATED) {
                    drained = true;
                    break;
                }
                if (e != BatchError.NONE) {
                    throw corrupt(e.description(), data.getLong(pos));
                }
                batch.wrap(data, pos);
                pos += batch.sizeInBytes();
                if (batch.nextOffset() <= position || batch.isControl()) {
                    continue;
                }
                try {
                    cursor.reset(batch);
                } catch (InvalidBatchException ex) {
                    pos = batch.start();
                    throw corrupt(ex.getMessage(), batch.baseOffset());
                }
                inBatch = true;
            }
            boolean more;
            try {
                more = cursor.next();
            } catch (InvalidBatchException ex) {
                // start over at this batch next time, so that the failure repeats instead of skipping it
                inBatch = false;
                pos = batch.start();
                throw corrupt(ex.getMessage(), batch.baseOffset());
            }
            if (!more) {
                inBatch = false;
                continue;
            }
            long offset = cursor.offset();
            if (offset < position) {
                continue;
            }
            Header[] headers = cursor.headerCount() == 0 ? null : cursor.headers();
            out.add(new ConsumerRecord(tp.topic(), tp.partition(), offset, cursor.timestamp(), cursor.keyBytes(),
                    cursor.valueBytes(), headers == null ? List.of() : List.of(headers)));
            position = offset + 1;
            lastTerm = batch.partitionLeaderEpoch();
            added++;
        }
        if (drained) {
            position = Math.max(position, nextFetchOffset);
        }
        return position;
    }

    private CorruptRecordException corrupt(String why, long offset) {
        return new CorruptRecordException("a record batch of " + tp + " at offset " + offset + " is corrupt (" + why
                + "): the data was damaged on the broker or in transit; skip it with seek(" + tp + ", <offset after it>)"
                + " if losing it is acceptable");
    }

    private static ByteBuffer copy(ByteBuf buf) {
        ByteBuffer copy = ByteBuffer.allocate(buf.readableBytes());
        buf.getBytes(buf.readerIndex(), copy);
        copy.flip();
        return copy;
    }

    /** Frees the fetched bytes. Idempotent. */
    void release() {
        if (records != null) {
            records.release();
            records = null;
            data = null;
        }
        drained = true;
    }
}
