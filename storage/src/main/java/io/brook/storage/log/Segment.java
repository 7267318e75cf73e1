package io.brook.storage.log;

import io.brook.protocol.record.RecordBatch;
import io.brook.storage.DurableFiles;
import io.brook.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment: its log file ({@link SegmentFile}), offset index and time index, and what is known of
 * its contents (size, next offset, largest timestamp).
 *
 * <p>Threads: the log's writer thread appends, flushes, seals, truncates and rebuilds; readers use
 * {@link #tail()}, the index views and positional reads of the channel, and pin the segment with
 * {@link #retain()} / {@link #release()} so that retention closes the file only after the last
 * reader is done. A reader never looks past the {@link Tail} it read, and index entries are
 * published only after the bytes they point to.
 */
final class Segment {

    /** Size and next offset, published together after each append. */
    record Tail(int size, long nextOffset) {}

    private final Path dir;
    private final long baseOffset;
    private final Path logPath;
    private final FileChannel channel;
    private volatile OffsetIndex offsetIndex;
    private volatile TimeIndex timeIndex;
    private volatile Tail tail;

    private volatile long maxTimestamp = Long.MIN_VALUE;
    private long offsetOfMaxTimestamp = -1;
    private int bytesSinceIndexEntry;
    private long rollClockStartMs = -1;
    private boolean sealed;

    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile boolean deleteOnRelease;
    /** Where {@link #markDeletedAndRelease} moved the log file. */
    private volatile Path deletedPath;

    private Segment(Path dir, long baseOffset, FileChannel channel, OffsetIndex offsetIndex, TimeIndex timeIndex, Tail tail) {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.logPath = SegmentFile.logPath(dir, baseOffset);
        this.channel = channel;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.tail = tail;
    }

    /** Creates a new empty segment file with its header, durable (file and directory entry). */
    static Segment create(Path dir, long baseOffset) {
        Path path = SegmentFile.logPath(dir, baseOffset);
        try {
            FileIo.deleteIndexFiles(dir, baseOffset);
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                FileIo.writeFully(ch, SegmentFile.header(baseOffset), 0);
                ch.force(true);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            DurableFiles.fsyncDirectory(dir);
            return new Segment(dir, baseOffset, ch, OffsetIndex.create(SegmentFile.indexPath(dir, baseOffset), baseOffset),
                    TimeIndex.create(SegmentFile.timeIndexPath(dir, baseOffset), baseOffset),
                    new Tail(SegmentFile.HEADER_SIZE, baseOffset));
        } catch (IOException e) {
            throw new StorageException("cannot create segment " + path, e);
        }
    }

    /**
     * Opens an existing segment file for recovery. Its contents are unknown until the caller either
     * {@link #adoptIndexes adopts} its index files or {@link #rebuildIndexes rebuilds} them.
     */
    static Segment open(Path dir, long baseOffset) {
        Path path = SegmentFile.logPath(dir, baseOffset);
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new Segment(dir, baseOffset, ch, OffsetIndex.create(SegmentFile.indexPath(dir, baseOffset), baseOffset),
                    TimeIndex.create(SegmentFile.timeIndexPath(dir, baseOffset), baseOffset),
                    new Tail(SegmentFile.HEADER_SIZE, baseOffset));
        } catch (IOException e) {
            throw new StorageException("cannot open segment " + path, e);
        }
    }

    long baseOffset() {
        return baseOffset;
    }

    Path logPath() {
        return logPath;
    }

    FileChannel channel() {
        return channel;
    }

    Tail tail() {
        return tail;
    }

    int size() {
        return tail.size();
    }

    long nextOffset() {
        return tail.nextOffset();
    }

    boolean isEmpty() {
        return tail.size() == SegmentFile.HEADER_SIZE;
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    /** Largest record timestamp in the segment, or {@link Long#MIN_VALUE} when empty. */
    long maxTimestamp() {
        return maxTimestamp;
    }

    boolean isSealed() {
        return sealed;
    }

    /** When the segment's age for rolling started: its first append in this process, or its opening. */
    long rollClockStartMs() {
        return rollClockStartMs;
    }

    void startRollClock(long nowMs) {
        if (rollClockStartMs < 0) {
            rollClockStartMs = nowMs;
        }
    }

    long fileSize() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new StorageException("cannot stat " + logPath, e);
        }
    }

    /**
     * Appends {@code buf[from, to)}, which holds whole validated batches with assigned offsets, at
     * the end of the file; then publishes the new tail and the index entries. Writer thread only.
     */
    void append(ByteBuffer buf, int from, int to, long nextOffset, int indexIntervalBytes) {
        int position = tail.size();
        ByteBuffer region = buf.duplicate();
        region.limit(to).position(from);
        try {
            FileIo.writeFully(channel, region, position);
        } catch (IOException e) {
            throw new StorageException("cannot append to " + logPath, e);
        }
        tail = new Tail(position + (to - from), nextOffset);
        RecordBatch batch = new RecordBatch();
        for (int p = from; p < to; ) {
            batch.wrap(buf, p);
            onBatch(batch.baseOffset(), batch.maxTimestamp(), position + (p - from), batch.sizeInBytes(), indexIntervalBytes);
            p += batch.sizeInBytes();
        }
    }

    /** Index bookkeeping for a batch now in the file at {@code position}. */
    void onBatch(long batchBaseOffset, long batchMaxTimestamp, int position, int batchSize, int indexIntervalBytes) {
        if (batchMaxTimestamp > maxTimestamp) {
            maxTimestamp = batchMaxTimestamp;
            offsetOfMaxTimestamp = batchBaseOffset;
        }
        if (bytesSinceIndexEntry >= indexIntervalBytes) {
            offsetIndex.append(batchBaseOffset, position);
            timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += batchSize;
    }

    /** Sets the tail after recovery found the valid end of the file. */
    void recovered(int size, long nextOffset) {
        tail = new Tail(size, nextOffset);
    }

    void flush() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new StorageException("cannot fsync " + logPath, e);
        }
    }

    /** Flushes the file and writes both indexes (the time index ending with the largest timestamp). */
    void seal() {
        if (sealed) {
            return;
        }
        flush();
        writeIndexes();
        sealed = true;
    }

    /** Writes both index files as they are now (on seal and on clean close). */
    void writeIndexes() {
        if (maxTimestamp != Long.MIN_VALUE) {
            timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
        }
        offsetIndex.file().writeAndMap();
        timeIndex.file().writeAndMap();
    }

    /** The segment takes appends again (it is the last one after a truncation, or after a clean open). */
    void unseal() {
        sealed = false;
        offsetIndex.file().toHeap();
        timeIndex.file().toHeap();
    }

    /**
     * Uses index files found on disk for a segment recovery trusts; the caller checked them against
     * the file and read the batches after the last offset index entry.
     */
    void adoptIndexes(OffsetIndex oi, TimeIndex ti, int fileSize, long nextOffset, long tailMaxTimestamp, long tailOffsetOfMax) {
        offsetIndex = oi;
        timeIndex = ti;
        if (ti.lastTimestamp() >= tailMaxTimestamp) {
            maxTimestamp = ti.lastTimestamp();
            offsetOfMaxTimestamp = ti.lastOffset();
        } else {
            maxTimestamp = tailMaxTimestamp;
            offsetOfMaxTimestamp = tailOffsetOfMax;
        }
        sealed = true;
        tail = new Tail(fileSize, nextOffset);
    }

    /** Starts index bookkeeping over (in memory, the files are deleted); recovery then feeds {@link #onBatch}. */
    void resetIndexes() {
        FileIo.deleteIndexFiles(dir, baseOffset);
        resetIndexesInMemory();
    }

    /**
     * As {@link #resetIndexes}, but leaves the index files on disk until {@link #seal} replaces them:
     * recovery rebuilding the indexes of a segment it trusts changes no file before the segment has
     * read back without error (a corrupt segment leaves its directory as it was).
     */
    void resetIndexesInMemory() {
        offsetIndex = OffsetIndex.create(SegmentFile.indexPath(dir, baseOffset), baseOffset);
        timeIndex = TimeIndex.create(SegmentFile.timeIndexPath(dir, baseOffset), baseOffset);
        maxTimestamp = Long.MIN_VALUE;
        offsetOfMaxTimestamp = -1;
        bytesSinceIndexEntry = 0;
        sealed = false;
    }

    /**
     * Rebuilds the indexes by reading every batch header (no CRC check: the bytes were validated when
     * appended or recovered). Used after a truncation.
     */
    void rebuildIndexes(int indexIntervalBytes) {
        resetIndexes();
        BatchHeaderReader reader = new BatchHeaderReader();
        int size = tail.size();
        try {
            for (int p = SegmentFile.HEADER_SIZE; p < size; ) {
                RecordBatch h = reader.read(channel, p, size);
                if (h == null) {
                    throw new StorageException("segment " + logPath + " has no whole batch at " + p + " while rebuilding its index");
                }
                onBatch(h.baseOffset(), h.maxTimestamp(), p, h.sizeInBytes(), indexIntervalBytes);
                p += h.sizeInBytes();
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + logPath, e);
        }
    }

    /** Cuts the file at {@code size} (a batch boundary), durably, and rebuilds the indexes. */
    void truncate(int size, long nextOffset, int indexIntervalBytes) {
        try {
            channel.truncate(size);
            channel.force(true);
        } catch (IOException e) {
            throw new StorageException("cannot truncate " + logPath, e);
        }
        tail = new Tail(size, nextOffset);
        rebuildIndexes(indexIntervalBytes);
    }

    /**
     * Position of the batch containing {@code offset}, or of the first batch after it, reading at most
     * up to {@code limit}.
     *
     * @return the position, with {@code reader} holding that batch's header; -1 when no such batch
     *     ends before {@code limit}
     */
    int findBatch(long offset, int limit, BatchHeaderReader reader) throws IOException {
        int p = Math.max(SegmentFile.HEADER_SIZE, offsetIndex.floorPosition(offset));
        while (p < limit) {
            RecordBatch h = reader.read(channel, p, limit);
            if (h == null) {
                return -1;
            }
            if (h.lastOffset() >= offset) {
                return p;
            }
            p += h.sizeInBytes();
        }
        return -1;
    }

    /**
     * Pins the segment for a reader.
     *
     * @return false when the segment was already deleted and closed
     */
    boolean retain() {
        while (true) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            closeChannel();
            if (deleteOnRelease) {
                deleteFiles();
            }
        }
    }

    /**
     * Drops the log's own reference. The log file is renamed to {@code .deleted} at once (so a new
     * segment may take its name) and removed once no reader holds the segment; index files go now.
     * An earlier segment with the same base offset may still be held under that name (a log
     * truncated back to the same offset twice while a reader lingers), so the name gets a number
     * then ({@code <base>.log.<n>.deleted}).
     */
    void markDeletedAndRelease() {
        Path target = logPath.resolveSibling(logPath.getFileName() + SegmentFile.DELETED_SUFFIX);
        for (int n = 1; Files.exists(target); n++) {
            target = logPath.resolveSibling(logPath.getFileName() + "." + n + SegmentFile.DELETED_SUFFIX);
        }
        try {
            Files.move(logPath, target);
        } catch (IOException e) {
            throw new StorageException("cannot rename " + logPath + " for deletion", e);
        }
        deletedPath = target;
        FileIo.deleteIndexFiles(dir, baseOffset);
        deleteOnRelease = true;
        release();
    }

    /** Drops the log's own reference without deleting anything (log close). */
    void closeAndRelease() {
        release();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new StorageException("cannot close " + logPath, e);
        }
    }

    private void deleteFiles() {
        try {
            Files.deleteIfExists(deletedPath);
        } catch (IOException e) {
            throw new StorageException("cannot delete " + deletedPath, e);
        }
    }

    @Override
    public String toString() {
        return "Segment(" + logPath.getFileName() + ", size=" + tail.size() + ", next=" + tail.nextOffset() + ")";
    }
}
