package io.brook.storage.log;

import io.brook.protocol.record.RecordBatch;
import io.brook.storage.CorruptSegmentException;
import io.brook.storage.DurableFiles;
import io.brook.storage.LogConfig;
import io.brook.storage.StorageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a log directory and brings it to a consistent state.
 *
 * <ol>
 * <li>Leftovers of interrupted operations ({@code *.tmp}, {@code *.deleted}) are removed.</li>
 * <li>Segments that end at or before the recovery point ({@link RecoveryCheckpoint}) are trusted:
 * their header and index files are checked and the batches after their last index entry are read
 * with CRC checks; the batch chain must end exactly at the end of the file and continue the previous
 * segment's offsets. Any failure there is a {@link CorruptSegmentException}: data that was durable
 * is never silently dropped.</li>
 * <li>From the segment holding the recovery point on, every batch is validated (lengths, magic,
 * CRC32C, record count, offsets contiguous, terms non-decreasing). The first invalid batch ends the
 * log: its segment is truncated there and later segments are deleted. Indexes and the term index
 * are rebuilt from what is read. These segments are then fsynced, so everything kept is durable.</li>
 * </ol>
 * A clean shutdown (flag in the checkpoint, last segment size unchanged) skips step 3.
 */
final class LogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    /** The recovered state handed to the log. */
    /**
     * @param clean the log was closed cleanly and nothing needed a scan
     * @param fresh the directory held no segment and no recovery checkpoint: a new, empty log
     */
    record Result(List<Segment> segments, TermIndex terms, boolean clean, boolean fresh) {}

    private final Path dir;
    private final LogConfig config;
    private final TermIndex terms;
    /** The term index file was read: every batch's term must match it (it is written before the batch). */
    private boolean termsLoaded;

    private LogRecovery(Path dir, LogConfig config) {
        this.dir = dir;
        this.config = config;
        this.terms = new TermIndex(dir);
    }

    static Result recover(Path dir, LogConfig config, RecoveryCheckpoint checkpoint) {
        return new LogRecovery(dir, config).run(checkpoint.read());
    }

    private Result run(RecoveryCheckpoint.State state) {
        List<Long> bases = listSegmentsAndCleanUp();
        List<Segment> segments = new ArrayList<>();
        if (bases.isEmpty()) {
            long start = state == null ? 0L : state.recoveryPoint();
            terms.load();
            terms.clear();
            segments.add(Segment.create(dir, start));
            return new Result(segments, terms, false, state == null);
        }
        termsLoaded = terms.load();
        int scanFrom = 0;
        boolean clean = false;
        if (state != null && termsLoaded) {
            for (int i = 0; i < bases.size(); i++) {
                if (bases.get(i) <= state.recoveryPoint()) {
                    scanFrom = i;
                }
            }
            long lastBase = bases.get(bases.size() - 1);
            clean = state.clean() && state.lastSegmentBase() == lastBase
                    && sizeOf(SegmentFile.logPath(dir, lastBase)) == state.lastSegmentSize();
            if (clean) {
                scanFrom = bases.size();
            }
        }
        long expectedBase = bases.get(0);
        try {
            for (int i = 0; i < Math.min(scanFrom, bases.size()); i++) {
                Segment s = Segment.open(dir, bases.get(i));
                segments.add(s);
                openTrusted(s, expectedBase);
                expectedBase = s.nextOffset();
            }
            if (scanFrom < bases.size()) {
                if (!termsLoaded) {
                    terms.clear();
                }
                scan(bases, scanFrom, expectedBase, segments);
            }
        } catch (RuntimeException e) {
            for (Segment s : segments) {
                s.closeAndRelease();
            }
            throw e;
        }
        terms.truncateFromStart(segments.get(0).baseOffset());
        terms.truncateFromEnd(segments.get(segments.size() - 1).nextOffset());
        return new Result(segments, terms, clean, false);
    }

    /**
     * Checks a segment recovery trusts: header, offsets continuing the previous segment, index files
     * (rebuilt from a full checked read when they do not fit) and the batches after the last index
     * entry, which must end exactly at the end of the file.
     */
    private void openTrusted(Segment s, long expectedBase) {
        Path path = s.logPath();
        try {
            String bad = SegmentFile.checkHeader(s.channel(), s.baseOffset());
            if (bad != null) {
                throw new CorruptSegmentException(path, 0, bad);
            }
            if (s.baseOffset() != expectedBase) {
                throw new CorruptSegmentException(path, 0, "segment starts at offset " + s.baseOffset()
                        + " but the previous one ends at " + expectedBase);
            }
            long fileSize = s.fileSize();
            if (fileSize > Integer.MAX_VALUE) {
                throw new CorruptSegmentException(path, Integer.MAX_VALUE, "segment larger than 2 GiB");
            }
            OffsetIndex oi = OffsetIndex.load(SegmentFile.indexPath(dir, s.baseOffset()), s.baseOffset());
            TimeIndex ti = TimeIndex.load(SegmentFile.timeIndexPath(dir, s.baseOffset()), s.baseOffset());
            if (oi != null && ti != null && oi.entries() > 0 && oi.isConsistent(fileSize)) {
                TailScan tail = new TailScan();
                tail.scan(s, oi.lastPosition(), (int) fileSize, -1, false, false);
                // a sealed segment's time index ends with the segment's largest timestamp; one that
                // does not (e.g. emptied to its header) would hide earlier records from lookups and
                // let time retention delete the segment early
                if (tail.error == null && ti.isConsistent(tail.nextOffset) && ti.entries() > 0
                        && ti.lastTimestamp() >= tail.maxTimestamp) {
                    s.adoptIndexes(oi, ti, (int) fileSize, tail.nextOffset, tail.maxTimestamp, tail.offsetOfMax);
                    return;
                }
            }
            // indexes missing or inconsistent: rebuild them from a full, checked read
            s.resetIndexesInMemory();
            TailScan tail = new TailScan();
            tail.scan(s, SegmentFile.HEADER_SIZE, (int) fileSize, s.baseOffset(), true, false);
            if (tail.error != null) {
                throw new CorruptSegmentException(path, tail.errorPosition, tail.error);
            }
            s.recovered((int) fileSize, tail.nextOffset);
            s.seal();
        } catch (IOException e) {
            throw new StorageException("cannot read " + path, e);
        }
    }

    /** Validates segments from {@code from} on, truncating at the first invalid batch. */
    private void scan(List<Long> bases, int from, long expectedBase, List<Segment> segments) {
        for (int i = from; i < bases.size(); i++) {
            long base = bases.get(i);
            Segment s = Segment.open(dir, base);
            try {
                String bad = SegmentFile.checkHeader(s.channel(), base);
                if (bad != null || base != expectedBase) {
                    String why = bad != null ? bad : "does not continue offset " + expectedBase;
                    s.closeAndRelease();
                    if (segments.isEmpty()) {
                        // nothing trusted precedes it: start over with an empty segment at its base
                        LOG.warn("Recovery of {}: segment {} is unusable ({}); recreating it empty", dir, base, why);
                        Files.delete(SegmentFile.logPath(dir, base));
                        segments.add(Segment.create(dir, base));
                    } else {
                        LOG.warn("Recovery of {}: segment {} is unusable ({}); dropping it and later segments", dir, base, why);
                        Files.delete(SegmentFile.logPath(dir, base));
                    }
                    deleteFrom(bases, i + 1);
                    return;
                }
                segments.add(s);
                s.resetIndexes();
                int fileSize = (int) Math.min(s.fileSize(), Integer.MAX_VALUE);
                TailScan scan = new TailScan();
                scan.scan(s, SegmentFile.HEADER_SIZE, fileSize, base, true, true);
                s.recovered(scan.endPosition, scan.nextOffset);
                expectedBase = scan.nextOffset;
                if (scan.error != null || scan.endPosition < s.fileSize()) {
                    LOG.warn("Recovery of {}: truncating segment {} at byte {} of {} ({})", dir, base,
                            scan.endPosition, s.fileSize(), scan.error == null ? "trailing bytes" : scan.error);
                    s.channel().truncate(scan.endPosition);
                    s.flush();
                    deleteFrom(bases, i + 1);
                    return;
                }
                s.flush();
                if (i < bases.size() - 1) {
                    s.seal();
                }
            } catch (IOException e) {
                throw new StorageException("cannot recover " + s.logPath(), e);
            }
        }
    }

    private void deleteFrom(List<Long> bases, int from) throws IOException {
        for (int j = bases.size() - 1; j >= from; j--) {
            Files.deleteIfExists(SegmentFile.logPath(dir, bases.get(j)));
            FileIo.deleteIndexFiles(dir, bases.get(j));
        }
        DurableFiles.fsyncDirectory(dir);
    }

    /**
     * Reads batches sequentially from a position with {@link BatchScanner}, checking that offsets
     * continue and terms do not decrease, and feeds them to the segment's index bookkeeping and the
     * term index.
     */
    private final class TailScan {
        int endPosition;
        long nextOffset = -1;
        long maxTimestamp = Long.MIN_VALUE;
        long offsetOfMax = -1;
        String error;
        int errorPosition;

        /**
         * @param expected offset the first batch must start at, or -1 to take the first batch's own
         * @param index whether to feed the segment's index bookkeeping
         * @param feedTerms whether to check terms against and feed the term index
         */
        void scan(Segment s, int from, int fileSize, long expected, boolean index, boolean feedTerms) throws IOException {
            BatchScanner scanner = new BatchScanner(s.channel(), from, fileSize);
            endPosition = from;
            nextOffset = expected < 0 ? s.baseOffset() : expected;
            int lastTerm = feedTerms && !termsLoaded ? terms.lastTerm() : Integer.MIN_VALUE;
            RecordBatch batch;
            while ((batch = scanner.next()) != null) {
                if (expected >= 0 && batch.baseOffset() != nextOffset) {
                    fail(endPosition, "batch starts at offset " + batch.baseOffset() + ", expected " + nextOffset);
                    return;
                }
                if (batch.partitionLeaderEpoch() < lastTerm) {
                    fail(endPosition, "term " + batch.partitionLeaderEpoch() + " is lower than the previous " + lastTerm);
                    return;
                }
                lastTerm = batch.partitionLeaderEpoch();
                if (feedTerms && termsLoaded) {
                    int expectedTerm = terms.termAt(batch.baseOffset());
                    if (batch.partitionLeaderEpoch() != expectedTerm) {
                        fail(endPosition, "batch at offset " + batch.baseOffset() + " has term " + batch.partitionLeaderEpoch()
                                + " but the term index says " + expectedTerm);
                        return;
                    }
                } else if (feedTerms) {
                    terms.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
                }
                if (index) {
                    s.onBatch(batch.baseOffset(), batch.maxTimestamp(), endPosition, batch.sizeInBytes(), config.indexIntervalBytes());
                }
                if (batch.maxTimestamp() > maxTimestamp) {
                    maxTimestamp = batch.maxTimestamp();
                    offsetOfMax = batch.baseOffset();
                }
                nextOffset = batch.nextOffset();
                expected = nextOffset;
                endPosition = (int) scanner.position();
            }
            if (scanner.error() != null) {
                fail(endPosition, scanner.error());
            }
        }

        private void fail(int position, String why) {
            error = why;
            errorPosition = position;
        }
    }

    private List<Long> listSegmentsAndCleanUp() {
        List<Long> bases = new ArrayList<>();
        try {
            DurableFiles.createDirectories(dir);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".tmp") || name.endsWith(SegmentFile.DELETED_SUFFIX)) {
                        Files.delete(p);
                    } else {
                        long base = SegmentFile.parseBaseOffset(name);
                        if (base >= 0) {
                            bases.add(base);
                        }
                    }
                }
            }
            bases.sort(Long::compare);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*{" + SegmentFile.INDEX_SUFFIX + "," + SegmentFile.TIME_INDEX_SUFFIX + "}")) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    String stem = name.substring(0, name.lastIndexOf('.'));
                    if (SegmentFile.parseBaseOffset(stem + SegmentFile.LOG_SUFFIX) < 0
                            || !bases.contains(SegmentFile.parseBaseOffset(stem + SegmentFile.LOG_SUFFIX))) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list log directory " + dir, e);
        }
        return bases;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
