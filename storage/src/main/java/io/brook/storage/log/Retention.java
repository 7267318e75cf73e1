package io.brook.storage.log;

import io.brook.storage.LogConfig;

/** Which of the oldest segments retention may delete. Pure function of the segment list. */
final class Retention {

    private Retention() {}

    /**
     * Counts the oldest segments that may go: each must be sealed (never the active, last one),
     * end at or below {@code maxOffset}, and be either beyond the size limit (the log stays at least
     * {@code retention.bytes} large without it) or older than the time limit (its newest record is
     * older than {@code retention.ms}). Deletion stops at the first segment that may not go.
     */
    static int deletableSegments(Segment[] segs, LogConfig config, long nowMs, long maxOffset) {
        long total = 0;
        for (Segment s : segs) {
            total += s.size();
        }
        int n = 0;
        for (int i = 0; i < segs.length - 1; i++) {
            Segment s = segs[i];
            if (s.nextOffset() > maxOffset) {
                break;
            }
            boolean bySize = config.retentionBytes() >= 0 && total - s.size() >= config.retentionBytes();
            boolean byTime = config.retentionMs() >= 0 && s.maxTimestamp() < nowMs - config.retentionMs();
            if (!bySize && !byTime) {
                break;
            }
            total -= s.size();
            n++;
        }
        return n;
    }
}
