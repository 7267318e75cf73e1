package io.brook.broker.partition;

import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.record.BatchError;
import io.brook.protocol.record.RecordBatch;
import io.brook.storage.PartitionLog;
import io.brook.storage.SequenceCheck;
import java.nio.ByteBuffer;

/**
 * The leader's check of an idempotent producer's batch before it is appended: a partition entry whose
 * first batch carries a producer id must hold only that batch, and the partition's producer state
 * ({@link PartitionLog#producers()}) decides whether to append it, to answer it as a duplicate with the
 * original offsets, or to refuse it (a gap in the sequence numbers, or a fenced epoch). Batches without
 * a producer id pass unchecked.
 *
 * <p>Only the rare outcomes validate the batch (CRC included) here: a batch to append is validated by
 * the append itself, so the common path reads 61 header bytes and computes nothing twice.
 *
 * <p>Owned by one {@link LogThread} (it keeps a reusable batch view).
 */
final class IdempotenceGate {

    /** The gate's answer: append ({@link #PASS}), or answer without appending. */
    record Verdict(AppendResult answer, long duplicateLastOffset) {
        boolean passes() {
            return answer == null;
        }
    }

    static final Verdict PASS = new Verdict(null, -1);

    private final RecordBatch view = new RecordBatch();

    /** Checks {@code batches} (position..limit) against the log's producer state. */
    Verdict check(PartitionLog log, ByteBuffer batches, long nowMs) {
        int from = batches.position();
        int to = batches.limit();
        if (to - from < RecordBatch.HEADER_SIZE || batches.getLong(from + RecordBatch.PRODUCER_ID_OFFSET) < 0) {
            return PASS;
        }
        view.wrap(batches, from);
        long size = RecordBatch.LOG_OVERHEAD + (long) batches.getInt(from + RecordBatch.LENGTH_OFFSET);
        if (size > to - from) {
            return PASS; // truncated: the append refuses it as corrupt
        }
        if (size < to - from) {
            return refuse(ErrorCode.INVALID_REQUEST, "a partition entry with an idempotent batch (producer id "
                    + view.producerId() + ") must hold only that batch; this one holds " + (to - from - size) + " more bytes");
        }
        SequenceCheck c = log.producers().check(view);
        if (c.isAppend()) {
            return PASS;
        }
        BatchError invalid = RecordBatch.validate(batches, from, to, Integer.MAX_VALUE, false);
        if (invalid != BatchError.NONE) {
            return PASS; // the append refuses it with the precise reason
        }
        return switch (c.outcome()) {
            case DUPLICATE -> new Verdict(new AppendResult(ErrorCode.NONE, "", c.firstOffset(), nowMs, log.logStartOffset(), -1, true),
                    c.lastOffset());
            case OUT_OF_ORDER -> refuse(ErrorCode.OUT_OF_ORDER_SEQUENCE, c.message());
            case FENCED -> refuse(ErrorCode.INVALID_PRODUCER_EPOCH, c.message());
            case APPEND -> PASS;
        };
    }

    private static Verdict refuse(ErrorCode code, String message) {
        return new Verdict(AppendResult.error(code, message), -1);
    }
}
