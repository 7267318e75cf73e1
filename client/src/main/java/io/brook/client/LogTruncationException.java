package io.brook.client;

import java.util.Map;

/**
 * A group member was given partitions whose committed offsets lie beyond what the log now holds in
 * the committed term: after a leader change, the records up to the commit were truncated away, so
 * the records this group consumed (and maybe acted on) are no longer in the log, and new ones may
 * stand at their offsets. Thrown by {@code poll} only with {@code auto.offset.reset=none}; with
 * {@code earliest} or {@code latest} the consumer resumes at the divergent offset and logs a warning.
 *
 * <p>The partitions concerned have no position: {@link Consumer#seek seek} each (e.g. to its
 * {@linkplain #divergentOffsets() divergent offset}, to reconsume what replaced the lost records) and
 * poll again. Until then every poll throws this exception again.
 */
public final class LogTruncationException extends BrookException {

    private static final long serialVersionUID = 1L;

    private final transient Map<TopicPartition, OffsetAndMetadata> committed;
    private final transient Map<TopicPartition, Long> divergentOffsets;

    public LogTruncationException(String message, Map<TopicPartition, OffsetAndMetadata> committed,
                                  Map<TopicPartition, Long> divergentOffsets) {
        super(message);
        this.committed = Map.copyOf(committed);
        this.divergentOffsets = Map.copyOf(divergentOffsets);
    }

    /** The committed offset (with its term) of each partition concerned. */
    public Map<TopicPartition, OffsetAndMetadata> committed() {
        return committed;
    }

    /**
     * Per partition, the offset where the leader's log and the committed position part: the end of
     * the committed term (or of the last earlier term) in the leader's log, below the committed offset.
     */
    public Map<TopicPartition, Long> divergentOffsets() {
        return divergentOffsets;
    }
}
