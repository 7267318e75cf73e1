package io.brook.broker.partition;

import io.brook.protocol.message.ErrorCode;

/**
 * The outcome of a produce append for one partition.
 *
 * @param baseOffset first offset assigned, or -1 on error
 * @param appendTimeMs broker clock at the append
 * @param leaderHint with NOT_LEADER, the leader's broker id if known, else -1
 * @param duplicate the batch repeated one of the same idempotent producer already in the log: nothing was
 *     appended and {@code baseOffset} is the original batch's
 */
public record AppendResult(ErrorCode error, String message, long baseOffset, long appendTimeMs, long logStartOffset, int leaderHint,
                           boolean duplicate) {

    public AppendResult(ErrorCode error, String message, long baseOffset, long appendTimeMs, long logStartOffset, int leaderHint) {
        this(error, message, baseOffset, appendTimeMs, logStartOffset, leaderHint, false);
    }

    public AppendResult(ErrorCode error, String message, long baseOffset, long appendTimeMs, long logStartOffset) {
        this(error, message, baseOffset, appendTimeMs, logStartOffset, -1, false);
    }

    public static AppendResult error(ErrorCode error, String message) {
        return new AppendResult(error, message, -1L, -1L, -1L, -1, false);
    }
}
