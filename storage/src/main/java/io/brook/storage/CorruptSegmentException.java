package io.brook.storage;

import java.nio.file.Path;

/**
 * Data that was durable is not what was written: a sealed segment (or an index or checkpoint that
 * cannot be rebuilt) fails validation. Recovery never truncates such data; the log refuses to open
 * and the operator decides (restore the replica from its peers, or delete the partition directory).
 */
public final class CorruptSegmentException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long position;

    public CorruptSegmentException(Path file, long position, String reason) {
        super("corrupt segment " + file + " at byte " + position + ": " + reason);
        this.file = file;
        this.position = position;
    }

    public Path file() {
        return file;
    }

    public long position() {
        return position;
    }
}
