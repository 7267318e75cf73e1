package io.brook.cli;

import io.brook.client.OffsetAndTimestamp;
import io.brook.client.PartitionOffsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where {@code brook group reset-offsets} moves each partition: exactly one of its options (a
 * picocli argument group). The offset it asks for is then clamped to the partition's log start
 * and log end (high watermark), as Kafka's tool does.
 */
final class OffsetResetTarget {

    @Option(names = "--to-earliest", description = "The log start of each partition: consume everything retained again.")
    boolean earliest;

    @Option(names = "--to-latest", description = "The log end (high watermark) of each partition: skip what is not consumed yet.")
    boolean latest;

    @Option(names = "--to-offset", paramLabel = "N", description = "Offset N of each partition.")
    Long offset;

    @Option(names = "--to-datetime", paramLabel = "ISO8601",
            description = "The first record at or after this time, e.g. 2026-11-25T10:00:00Z (the log end when there is none).")
    String datetime;

    @Option(names = "--shift-by", paramLabel = "N",
            description = "The committed offset plus N (negative: back by -N); every partition needs a committed offset.")
    Long shiftBy;

    /** Rejects values the options' types accept but the command cannot use, before anything is sent. */
    void validate(CommandLine cl) {
        if (offset != null && offset < 0) {
            throw new ParameterException(cl, "--to-offset must be 0 or more, got " + offset);
        }
        if (datetime != null) {
            timestampMs(cl);
        }
    }

    boolean byTime() {
        return datetime != null;
    }

    /** The time of {@code --to-datetime} in epoch milliseconds: an ISO-8601 time with an offset or a Z. */
    long timestampMs(CommandLine cl) {
        try {
            return OffsetDateTime.parse(datetime).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(datetime).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new ParameterException(cl, "--to-datetime '" + datetime
                        + "' is not an ISO-8601 time with a zone, such as 2026-11-25T10:00:00Z");
            }
        }
    }

    /**
     * The new offset of one partition, clamped to [log start, log end].
     *
     * @param current the committed offset, or {@code null} without one
     * @param found for {@code --to-datetime}: the first record at or after the time, or {@code null} when there is none
     * @throws IllegalStateException for {@code --shift-by} without a committed offset
     */
    long newOffset(PartitionOffsets log, Long current, OffsetAndTimestamp found) {
        long end = log.highWatermark();
        long wanted;
        if (earliest) {
            wanted = log.logStartOffset();
        } else if (latest) {
            wanted = end;
        } else if (offset != null) {
            wanted = offset;
        } else if (datetime != null) {
            wanted = found == null ? end : found.offset();
        } else if (current == null) {
            throw new IllegalStateException("no committed offset to shift");
        } else {
            wanted = saturatedAdd(current, shiftBy);
        }
        return Math.max(log.logStartOffset(), Math.min(end, wanted));
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }
}
