package io.brook.storage;

import io.brook.storage.log.SegmentedLog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The log of one partition: record batches at contiguous offsets, in segment files under one
 * directory.
 *
 * <h2>Threads</h2>
 * One thread, the partition's owner, calls the mutating methods ({@code append*}, {@link #flush()},
 * {@code truncate*}, {@link #enforceRetention}, {@link #close()}) and the Raft queries
 * ({@link #termAt}, {@link #endOffsetForTerm}, {@link #lastTerm()}). Any number of other threads may
 * call {@link #read}, {@link #offsetForTimestamp} and the offset getters concurrently: they see only
 * whole batches that were appended before the call, never a partially written one. The
 * {@link #producers() producer state} is the owner thread's alone.
 *
 * <h2>Durability</h2>
 * An append is in the operating system's page cache when it returns; it is on disk once a later
 * {@link #flush()} returns. A batch whose flush returned survives any crash; recovery on open
 * truncates whatever unflushed tail is torn or corrupt. See {@code docs/formats.md}.
 *
 * <h2>Errors</h2>
 * Expected conditions (offset out of range, nothing found) are results, not exceptions. Bad input is
 * rejected with {@link io.brook.protocol.record.InvalidBatchException} before it touches a file.
 * Corruption inside a sealed segment is a {@link CorruptSegmentException}; I/O failures are
 * {@link StorageException}s.
 */
public interface PartitionLog extends AutoCloseable {

    /** Term value meaning "no term is known for that offset". */
    int NO_TERM = -1;

    /**
     * Opens the log in {@code dir} (created if missing), recovering it after a crash if needed.
     *
     * @throws CorruptSegmentException when a sealed segment is corrupt: the log stays closed and
     *     nothing is deleted
     */
    static PartitionLog open(Path dir, LogConfig config) {
        return SegmentedLog.open(dir, config, System::currentTimeMillis);
    }

    /** As {@link #open(Path, LogConfig)}, with a clock (milliseconds) for rolling and retention. */
    static PartitionLog open(Path dir, LogConfig config, LongSupplier clockMs) {
        return SegmentedLog.open(dir, config, clockMs);
    }

    /**
     * Validates and appends the batches in {@code batches} (position..limit), assigning them
     * consecutive offsets from {@link #logEndOffset()} and stamping {@code term} into each; the
     * offsets and term are written into the buffer in place (they are outside the CRC). Nothing is
     * written if any batch is invalid.
     *
     * @throws io.brook.protocol.record.InvalidBatchException naming the first bad batch
     * @throws IllegalArgumentException when {@code term} is negative or lower than {@link #lastTerm()}
     */
    AppendInfo appendAsLeader(ByteBuffer batches, int term);

    /**
     * Appends batches whose offsets and terms were assigned by a leader (replication). The first
     * batch must start at {@link #logEndOffset()}, offsets must be contiguous and terms must not
     * decrease.
     *
     * @throws io.brook.protocol.record.InvalidBatchException for a malformed batch
     * @throws IllegalArgumentException when the offsets or terms do not follow the log: the caller
     *     (Raft) checks log matching before appending, so this is a bug, not an input error
     */
    AppendInfo appendAsFollower(ByteBuffer batches);

    /**
     * Forces every appended batch to disk (fdatasync).
     *
     * @return the new {@link #flushedOffset()}
     */
    long flush();

    /**
     * Reads whole batches starting with the one that contains {@code offset}.
     *
     * @param maxBytes a soft limit: batches are added while they fit, but the first batch is
     *     returned whole even if larger, so that a reader always progresses
     * @param maxOffset exclusive upper bound: only batches whose last offset is below it are
     *     returned (the high watermark for consumers, {@link Long#MAX_VALUE} for no bound)
     * @return a result whose slice must be closed by the caller
     */
    ReadResult read(long offset, int maxBytes, long maxOffset);

    /**
     * Finds the first record (in offset order) whose timestamp is at or after {@code timestampMs}.
     *
     * @param maxOffset exclusive upper bound, as in {@link #read}
     * @return the record's offset and timestamp, or {@link TimestampLookup#notFound()} when no record
     *     below {@code maxOffset} is that late
     */
    TimestampLookup offsetForTimestamp(long timestampMs, long maxOffset);

    /**
     * Removes every batch that contains an offset at or above {@code offset} (Raft conflict
     * resolution). When {@code offset} falls inside a batch, that whole batch goes, so the end offset
     * may end up below {@code offset}. The truncation is on disk when this returns. A target at or
     * below the log start offset empties the log and restarts it at {@code offset}.
     *
     * @return the new log end offset
     */
    long truncateTo(long offset);

    /** Deletes everything and restarts the log, empty, at {@code offset} (a follower behind the leader's log start). */
    void truncateFullyAndStartAt(long offset);

    /**
     * As {@link #truncateFullyAndStartAt(long)}, recording {@code termBeforeStart} as the term of the
     * (absent) batch before the new start, which {@link #termAt termAt(offset - 1)} then returns.
     */
    void truncateFullyAndStartAt(long offset, int termBeforeStart);

    /**
     * @return the term of the batch containing {@code offset}, or {@link #NO_TERM} if it is outside the
     *     log; for {@code logStartOffset() - 1}, the term of the last batch before the start when known
     *     (retired by retention, or given to {@link #truncateFullyAndStartAt(long, int)})
     */
    int termAt(long offset);

    /**
     * For Raft log matching: the end offset (exclusive) of the largest term {@code <= term}.
     *
     * @return that term and the offset after its last batch; {@link TermOffset#UNKNOWN} when the
     *     log holds no term that low
     */
    TermOffset endOffsetForTerm(int term);

    /**
     * The term of the last batch; when the log is empty, the term before its start (see
     * {@link #termAt}), or {@link #NO_TERM} when that is unknown.
     */
    int lastTerm();

    /**
     * Deletes whole sealed segments that retention by size or by age allows, oldest first, never the
     * active segment and never one holding an offset at or above {@code maxOffset} (e.g. the commit
     * index), and advances the log start offset.
     *
     * @return the number of segments deleted
     */
    int enforceRetention(long maxOffset);

    /**
     * The idempotent producers' state: equal to the state after every batch in the log (plus the
     * producers of batches retention deleted, until they expire). The owner thread checks each
     * idempotent batch with {@link ProducerState#check} before {@link #appendAsLeader} and appends
     * only on {@link SequenceCheck.Outcome#APPEND}; the log updates the state itself on every append,
     * truncation and reset. Snapshots of it ({@code <offset>.producers}) are written at each segment
     * roll and on close, so opening replays batch headers from the newest one only. Owner thread only.
     *
     * <p>The state moves only when a batch is appended, so an append should hold at most one batch of
     * each idempotent producer (as Kafka's produce requests do): a second batch of the same producer in
     * the same buffer would be checked against the state before the first.
     */
    ProducerState producers();

    /** What rebuilding {@link #producers()} did when the log opened: snapshot used, batches replayed, time. */
    ProducerStateRebuild producerStateRebuild();

    /** The first offset in the log. */
    long logStartOffset();

    /** The offset the next appended record will get. */
    long logEndOffset();

    /** Every offset below this is on disk. */
    long flushedOffset();

    /** Bytes in all segment files. */
    long sizeInBytes();

    int segmentCount();

    /** This log's directory. */
    Path dir();

    /** The configuration it runs with; replaced by {@link #reconfigure}. */
    LogConfig config();

    /** Applies new limits (segment size, retention, ...) from the next append on. Owner thread only. */
    void reconfigure(LogConfig config);

    /** Flushes, writes the clean-shutdown checkpoints and closes every file. Idempotent. */
    @Override
    void close();
}
