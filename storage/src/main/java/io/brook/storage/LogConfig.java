package io.brook.storage;

/**
 * Limits of one partition log. Immutable; {@link #defaults()} gives Kafka-like values and the
 * {@code with*} methods derive variants.
 *
 * @param segmentBytes roll to a new segment before one would grow past this (max 2 GiB - 1)
 * @param segmentMs roll a segment this long after its first append, even if it is small
 * @param retentionBytes delete old segments while the log is larger than this; -1 for no limit
 * @param retentionMs delete segments whose newest record is older than this; -1 for no limit
 * @param indexIntervalBytes bytes of batches between two sparse index entries
 * @param maxBatchBytes largest batch accepted on append
 * @param deepValidation on leader appends, also parse every record of uncompressed batches
 */
public record LogConfig(
        int segmentBytes,
        long segmentMs,
        long retentionBytes,
        long retentionMs,
        int indexIntervalBytes,
        int maxBatchBytes,
        boolean deepValidation) {

    public static final int DEFAULT_SEGMENT_BYTES = 1024 * 1024 * 1024;
    public static final long DEFAULT_SEGMENT_MS = 7L * 24 * 3600 * 1000;
    public static final long DEFAULT_RETENTION_MS = 7L * 24 * 3600 * 1000;
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;
    public static final int DEFAULT_MAX_BATCH_BYTES = 8 * 1024 * 1024;

    /** Smallest segment size accepted: room for a file header and one small batch. */
    public static final int MIN_SEGMENT_BYTES = 1024;

    public LogConfig {
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segment.bytes must be at least " + MIN_SEGMENT_BYTES + ", got " + segmentBytes);
        }
        if (segmentMs <= 0) {
            throw new IllegalArgumentException("segment.ms must be positive, got " + segmentMs);
        }
        if (retentionBytes < -1) {
            throw new IllegalArgumentException("retention.bytes must be -1 (unlimited) or >= 0, got " + retentionBytes);
        }
        if (retentionMs < -1) {
            throw new IllegalArgumentException("retention.ms must be -1 (unlimited) or >= 0, got " + retentionMs);
        }
        if (indexIntervalBytes < 1) {
            throw new IllegalArgumentException("index.interval.bytes must be positive, got " + indexIntervalBytes);
        }
        if (maxBatchBytes < 64) {
            throw new IllegalArgumentException("max.batch.bytes must be at least 64, got " + maxBatchBytes);
        }
    }

    public static LogConfig defaults() {
        return new LogConfig(DEFAULT_SEGMENT_BYTES, DEFAULT_SEGMENT_MS, -1L, DEFAULT_RETENTION_MS,
                DEFAULT_INDEX_INTERVAL_BYTES, DEFAULT_MAX_BATCH_BYTES, true);
    }

    public LogConfig withSegmentBytes(int v) {
        return new LogConfig(v, segmentMs, retentionBytes, retentionMs, indexIntervalBytes, maxBatchBytes, deepValidation);
    }

    public LogConfig withSegmentMs(long v) {
        return new LogConfig(segmentBytes, v, retentionBytes, retentionMs, indexIntervalBytes, maxBatchBytes, deepValidation);
    }

    public LogConfig withRetentionBytes(long v) {
        return new LogConfig(segmentBytes, segmentMs, v, retentionMs, indexIntervalBytes, maxBatchBytes, deepValidation);
    }

    public LogConfig withRetentionMs(long v) {
        return new LogConfig(segmentBytes, segmentMs, retentionBytes, v, indexIntervalBytes, maxBatchBytes, deepValidation);
    }

    public LogConfig withIndexIntervalBytes(int v) {
        return new LogConfig(segmentBytes, segmentMs, retentionBytes, retentionMs, v, maxBatchBytes, deepValidation);
    }

    public LogConfig withMaxBatchBytes(int v) {
        return new LogConfig(segmentBytes, segmentMs, retentionBytes, retentionMs, indexIntervalBytes, v, deepValidation);
    }

    public LogConfig withDeepValidation(boolean v) {
        return new LogConfig(segmentBytes, segmentMs, retentionBytes, retentionMs, indexIntervalBytes, maxBatchBytes, v);
    }
}
