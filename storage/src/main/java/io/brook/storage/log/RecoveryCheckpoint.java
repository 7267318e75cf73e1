package io.brook.storage.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The checkpoint file {@code recovery-point} (see {@link CheckpointFile}) that bounds how much of the
 * log recovery must scan.
 *
 * <p>Payload (big-endian): recovery point (int64): every segment that ends at or before it is
 * flushed, sealed and indexed, so recovery trusts it and only checks its tail; clean shutdown flag
 * (int8): the log was closed cleanly, so the last segment is flushed and indexed too; last segment
 * base offset (int64) and size (int64) at that close, which must still match for the flag to count.
 *
 * <p>Written when a segment rolls, on truncation, on close (clean = 1) and right after a clean open
 * (clean = 0, before anything is appended). Thread safety: owned by the log's writer thread.
 */
final class RecoveryCheckpoint {

    static final int MAGIC = 0x42524350; // "BRCP"
    static final short VERSION = 1;

    /** What the file says. */
    record State(long recoveryPoint, boolean clean, long lastSegmentBase, long lastSegmentSize) {}

    private final CheckpointFile file;

    RecoveryCheckpoint(Path dir) {
        this.file = new CheckpointFile(dir.resolve("recovery-point"), MAGIC, VERSION);
    }

    /** @return the state, or {@code null} when the file is missing or invalid */
    State read() {
        ByteBuffer b = file.read();
        if (b == null || b.remaining() != 25) {
            return null;
        }
        return new State(b.getLong(), b.get() == 1, b.getLong(), b.getLong());
    }

    void write(State state) {
        ByteBuffer b = ByteBuffer.allocate(25);
        b.putLong(state.recoveryPoint()).put((byte) (state.clean() ? 1 : 0))
                .putLong(state.lastSegmentBase()).putLong(state.lastSegmentSize()).flip();
        file.write(b);
    }
}
