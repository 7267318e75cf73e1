package io.brook.storage.producer;

import io.brook.storage.DamagedFileException;
import io.brook.storage.DurableFiles;
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
 * The producer-state snapshots of one partition directory ({@link ProducerSnapshotFile}): writing
 * one, loading the newest usable one in a range of offsets, and deleting those the log no longer
 * covers. Every deletion is made durable (directory fsync) before the method returns, so a caller
 * that then changes the log cannot be overtaken by a stale snapshot after a crash.
 *
 * <p>Thread safety: none; the partition's owner thread.
 */
public final class ProducerSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerSnapshots.class);

    private final Path dir;

    public ProducerSnapshots(Path dir) {
        this.dir = dir;
    }

    /** The file a snapshot at {@code offset} is written to. */
    public Path path(long offset) {
        return ProducerSnapshotFile.path(dir, offset);
    }

    /** Writes {@code table} as the state below {@code offset}, durably, replacing any snapshot there. */
    public void write(long offset, ProducerStateTable table) {
        ProducerSnapshotFile.write(dir, offset, table);
    }

    /** The offsets of the snapshots in the directory, ascending. */
    public List<Long> offsets() {
        List<Long> offsets = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + ProducerSnapshotFile.SUFFIX)) {
            for (Path p : ds) {
                long offset = ProducerSnapshotFile.parseOffset(p.getFileName().toString());
                if (offset >= 0) {
                    offsets.add(offset);
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list producer snapshots in " + dir, e);
        }
        offsets.sort(Long::compare);
        return offsets;
    }

    /** What {@link #loadNewest} found. */
    public record Loaded(long offset, int damaged) {}

    /**
     * Loads into {@code table} (cleared first) the newest snapshot with an offset in
     * {@code [atLeast, atMost]} that reads back whole. A damaged one is logged as a warning, left
     * where it is, and the next older one is tried.
     *
     * @return the offset loaded (-1 when none was; the table is then empty) and how many were damaged
     */
    public Loaded loadNewest(long atLeast, long atMost, ProducerStateTable table) {
        List<Long> offsets = offsets();
        int damaged = 0;
        for (int i = offsets.size() - 1; i >= 0; i--) {
            long offset = offsets.get(i);
            if (offset > atMost) {
                continue;
            }
            if (offset < atLeast) {
                break;
            }
            table.clear();
            try {
                if (ProducerSnapshotFile.read(dir, offset, table)) {
                    return new Loaded(offset, damaged);
                }
            } catch (DamagedFileException e) {
                damaged++;
                LOG.warn("{}; the producer state is rebuilt from an older snapshot or from the log (it is derived data,"
                        + " nothing is lost; the file is left as it is)", e.getMessage());
            }
        }
        table.clear();
        return new Loaded(-1, damaged);
    }

    /** Deletes the snapshots above {@code offset}. @return how many */
    public int deleteAbove(long offset) {
        return delete(offset + 1, Long.MAX_VALUE);
    }

    /** Deletes the snapshots below {@code offset}. @return how many */
    public int deleteBelow(long offset) {
        return delete(Long.MIN_VALUE, offset - 1);
    }

    /** Deletes every snapshot. @return how many */
    public int deleteAll() {
        return delete(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Deletes the snapshots with offsets in {@code [from, to]}, then fsyncs the directory if any went. */
    private int delete(long from, long to) {
        int n = 0;
        for (long offset : offsets()) {
            if (offset >= from && offset <= to) {
                Path p = path(offset);
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new StorageException("cannot delete producer snapshot " + p + ": " + e.getMessage(), e);
                }
                n++;
            }
        }
        if (n > 0) {
            DurableFiles.fsyncDirectory(dir);
        }
        return n;
    }
}
