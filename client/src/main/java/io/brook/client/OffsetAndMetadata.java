package io.brook.client;

import java.util.Objects;

/**
 * A committed offset of a consumer group, as Kafka's: the offset of the next record to consume,
 * with the Raft term of the record before it and free text for the application.
 *
 * @param offset the offset of the next record to consume (>= 0)
 * @param term the Raft term of the record at {@code offset - 1}, or -1 when unknown; lets a
 *     consumer resuming from this commit learn that the log was truncated below it
 * @param metadata free text stored with the commit (never null; at most the broker's
 *     {@code offset.metadata.max.bytes})
 */
public record OffsetAndMetadata(long offset, int term, String metadata) {

    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (term < -1) {
            throw new IllegalArgumentException("term must be >= -1, got " + term);
        }
        metadata = Objects.requireNonNullElse(metadata, "");
    }

    /** An offset without term or metadata. */
    public OffsetAndMetadata(long offset) {
        this(offset, -1, "");
    }

    /** An offset with metadata and no term. */
    public OffsetAndMetadata(long offset, String metadata) {
        this(offset, -1, metadata);
    }
}
