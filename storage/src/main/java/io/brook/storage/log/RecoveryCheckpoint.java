package io.brook.storage.log;

import io.brook.storage.ChecksummedFile;
import io.brook.storage.DamagedFileException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint file {@code recovery-point} (a {@link ChecksummedFile}, magic {@code BRCP},
 * version 1) that bounds how much of the log recovery must scan.
 *
 * <p>Payload (big-endian): recovery point (int64): every segment that ends at or before it is
 * flushed, sealed and indexed, so recovery trusts it and only checks its tail; clean shutdown flag
 * (int8): the log was closed cleanly, so the last segment is flushed and indexed too; last segment
 * base offset (int64) and size (int64) at that close, which must still match for the flag to count.
 *
 * <p>Written when a segment rolls, on truncation, on close (clean = 1) and right after an open
 * (clean = 0, before anything is appended), except the open of a new, empty log, for which a missing file
 * says the same (scan from offset 0). A missing file means recovery scans the whole log; so
 * does a damaged one (logged as a warning): the scan checks every batch, so nothing is lost, it only
 * takes longer. Thread safety: owned by the log's writer thread.
 */
final class RecoveryCheckpoint {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryCheckpoint.class);

    static final int MAGIC = 0x42524350; // "BRCP"
    static final short VERSION = 1;
    private static final int SIZE = 25;

    /** What the file says. */
    record State(long recoveryPoint, boolean clean, long lastSegmentBase, long lastSegmentSize) {}

    private final ChecksummedFile file;

    RecoveryCheckpoint(Path dir) {
        this.file = new ChecksummedFile(dir.resolve("recovery-point"), MAGIC, VERSION);
    }

    /** @return the state, or {@code null} when the file is missing or damaged (a damaged file is logged) */
    State read() {
        Optional<ChecksummedFile.Content> content;
        try {
            content = file.read();
        } catch (DamagedFileException e) {
            LOG.warn("{}; recovery checks the whole log instead (nothing is lost, it takes longer)", e.getMessage());
            return null;
        }
        if (content.isEmpty()) {
            return null;
        }
        ByteBuffer b = content.get().payload();
        if (b.remaining() != SIZE) {
            LOG.warn("{} is damaged: its payload has {} bytes instead of {}; recovery checks the whole log instead"
                    + " (nothing is lost, it takes longer)", file.path(), b.remaining(), SIZE);
            return null;
        }
        return new State(b.getLong(), b.get() == 1, b.getLong(), b.getLong());
    }

    void write(State state) {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.putLong(state.recoveryPoint()).put((byte) (state.clean() ? 1 : 0))
                .putLong(state.lastSegmentBase()).putLong(state.lastSegmentSize()).flip();
        file.write(b);
    }
}
