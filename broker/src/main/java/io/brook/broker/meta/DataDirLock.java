package io.brook.broker.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock a running broker holds on its data directory ({@code <data.dir>/.lock}, an OS
 * file lock, released by the OS when the process dies), so that a second broker started on the
 * same directory stops at once with a sentence saying so, before it opens any log or RocksDB (whose
 * own LOCK error names neither the directory's user nor the fix). The file holds the owner's pid,
 * for that sentence; its content is advisory, the lock is what counts.
 *
 * <p>Thread safety: created and closed by the broker's start and close.
 */
public final class DataDirLock implements AutoCloseable {

    static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir}, which must exist.
     *
     * @throws IllegalStateException with a one-line reason when another broker holds it
     */
    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String owner = owner(channel);
                channel.close();
                throw new IllegalStateException("another broker" + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                        + " uses the data directory " + dataDir + ": stop it first, or give this broker another directory"
                        + " (--data, data.dir)");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the data directory " + dataDir + " (" + file + "): " + e.getMessage(), e);
        }
    }

    private static String owner(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(32);
        channel.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
        }
    }

    /** Releases the lock; idempotent. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
