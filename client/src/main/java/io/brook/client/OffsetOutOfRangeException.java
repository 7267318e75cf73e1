package io.brook.client;

import io.brook.protocol.message.ErrorCode;
import java.util.Map;

/**
 * A consumer's position is outside the partition's log (below its start, because retention deleted
 * the records, or above its end) and {@code auto.offset.reset} is {@code none}. Seek to a valid
 * offset ({@link Consumer#seekToBeginning}, {@link Consumer#seekToEnd}) and poll again.
 */
public final class OffsetOutOfRangeException extends BrookException {

    private static final long serialVersionUID = 1L;

    private final transient Map<TopicPartition, Long> offsets;

    public OffsetOutOfRangeException(String message, Map<TopicPartition, Long> offsets) {
        super(message, null, ErrorCode.OFFSET_OUT_OF_RANGE);
        this.offsets = Map.copyOf(offsets);
    }

    /** The out-of-range position of each partition concerned. */
    public Map<TopicPartition, Long> offsets() {
        return offsets;
    }
}
