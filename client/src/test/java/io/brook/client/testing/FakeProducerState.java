package io.brook.client.testing;

import io.brook.protocol.message.ErrorCode;
import java.util.ArrayDeque;

/**
 * What one partition of the fake broker remembers of one idempotent producer id, as the spec of
 * issue 11 asks of a real broker: the epoch, the last sequence number written, and the last 5
 * batches (to answer an exact repeat with its original offset). A producer id it has no state for
 * may start at any sequence. Owned by the fake cluster's event loop.
 */
final class FakeProducerState {

    static final int REMEMBERED_BATCHES = 5;

    /** A batch this state remembers. */
    private record Written(short epoch, int firstSequence, int lastSequence, long baseOffset) {
    }

    /** The verdict on an incoming batch: {@code code} NONE with {@code duplicateOf} -1 means append it. */
    record Check(ErrorCode code, long duplicateOf) {
        static final Check APPEND = new Check(ErrorCode.NONE, -1);
    }

    private final ArrayDeque<Written> recent = new ArrayDeque<>();
    private short epoch;
    private int lastSequence;

    FakeProducerState(short epoch) {
        this.epoch = epoch;
    }

    /** Whether a batch of this producer may be appended; {@code fresh} when the partition knew nothing of it. */
    Check check(short batchEpoch, int firstSequence, int lastSequence, boolean fresh) {
        if (batchEpoch < epoch) {
            return new Check(ErrorCode.INVALID_PRODUCER_EPOCH, -1);
        }
        if (fresh || batchEpoch > epoch) {
            return Check.APPEND;
        }
        for (Written w : recent) {
            if (w.epoch == batchEpoch && w.firstSequence == firstSequence && w.lastSequence == lastSequence) {
                return new Check(ErrorCode.NONE, w.baseOffset);
            }
        }
        int expected = this.lastSequence == Integer.MAX_VALUE ? 0 : this.lastSequence + 1;
        return firstSequence == expected ? Check.APPEND : new Check(ErrorCode.OUT_OF_ORDER_SEQUENCE, -1);
    }

    /** Records an appended batch. */
    void written(short batchEpoch, int firstSequence, int lastSequence, long baseOffset) {
        if (batchEpoch > epoch) {
            epoch = batchEpoch;
            recent.clear();
        }
        this.lastSequence = lastSequence;
        recent.addLast(new Written(batchEpoch, firstSequence, lastSequence, baseOffset));
        if (recent.size() > REMEMBERED_BATCHES) {
            recent.removeFirst();
        }
    }
}
