package io.brook.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Brook's one rule for files that must survive a power loss, and the directory operations that go
 * with it. A file is never changed in place: its new content goes to {@code <name>.tmp}, which is
 * fsynced, renamed over the file, and then the directory is fsynced, so after a crash at any point
 * the file holds the old content or the new one, never a mix, and never nothing once a write has
 * returned. A leftover {@code .tmp} (a crash before the rename) is never read and is replaced by
 * the next write.
 *
 * <p>The rule makes the bytes durable; it does not tell a reader whether they are the right ones.
 * Files that need that (all of Brook's) wrap their content in {@link ChecksummedFile} or
 * {@link ChecksummedProperties}, which use this class.
 *
 * <p>Every failure is a {@link StorageException} naming the path. Stateless and thread-safe; two
 * writers of the same file must be serialized by their caller.
 */
public final class DurableFiles {

    /** Suffix of the temporary file a replacement is written to. */
    public static final String TMP_SUFFIX = ".tmp";

    private DurableFiles() {}

    /** The temporary file {@link #replace} writes before renaming it over {@code file}. */
    public static Path tmpPath(Path file) {
        return file.resolveSibling(file.getFileName() + TMP_SUFFIX);
    }

    /** Replaces the content of {@code file} (creating it if needed) durably and atomically. */
    public static void replace(Path file, byte[] content) {
        replace(file, ByteBuffer.wrap(content));
    }

    /** Like {@link #replace(Path, byte[])}; {@code content}'s position is left unchanged. */
    public static void replace(Path file, ByteBuffer content) {
        writeAndRename(file, content, true);
        fsyncDirectory(parentOf(file));
    }

    /** Writes {@code content} to the temp file of {@code file} (fsynced when {@code sync}) and renames it over {@code file}. */
    private static void writeAndRename(Path file, ByteBuffer content, boolean sync) {
        Path tmp = tmpPath(file);
        ByteBuffer src = content.duplicate();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (src.hasRemaining()) {
                ch.write(src);
            }
            if (sync) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw new StorageException("cannot write " + tmp + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new StorageException("the file system cannot rename atomically: " + file, e);
        } catch (IOException e) {
            throw new StorageException("cannot rename " + tmp + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the content of {@code file} atomically (temp file, rename) without syncing anything: it
     * survives a process crash at once, and a power failure only after {@link #sync(Path)}. Until then a
     * power failure may leave the old content, the new one, or a damaged file in its place, so only
     * checksummed files whose loss can be recovered from are written this way.
     */
    public static void replaceUnsynced(Path file, ByteBuffer content) {
        writeAndRename(file, content, false);
    }

    /** Makes {@code file}'s content and its name durable (fsyncs the file, then its directory). */
    public static void sync(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            throw new StorageException("cannot sync " + file + ": " + e.getMessage(), e);
        }
        fsyncDirectory(parentOf(file));
    }

    /**
     * The whole content of {@code file}.
     *
     * @return empty when the file does not exist
     */
    public static Optional<byte[]> read(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code dir} and its missing parents, fsyncing the parent of each directory it creates
     * (a new directory's name is an entry in its parent, lost in a power failure until the parent
     * is fsynced). Does nothing for a directory that exists.
     */
    public static void createDirectories(Path dir) {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path d = dir.toAbsolutePath(); d != null && !Files.isDirectory(d); d = d.getParent()) {
            missing.push(d);
        }
        for (Path d : missing) {
            try {
                Files.createDirectory(d);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                if (!Files.isDirectory(d)) {
                    throw new StorageException("cannot create directory " + d + ": a file of that name exists", raced);
                }
            } catch (IOException e) {
                throw new StorageException("cannot create directory " + d + ": " + e.getMessage(), e);
            }
            fsyncDirectory(d.getParent());
        }
    }

    /**
     * Renames {@code from} to {@code to} (a file or a directory, on one file system) and fsyncs the
     * directories that hold them, so that the rename survives a power loss.
     */
    public static void rename(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
        Path fromDir = parentOf(from);
        Path toDir = parentOf(to);
        fsyncDirectory(toDir);
        if (!fromDir.equals(toDir)) {
            fsyncDirectory(fromDir);
        }
    }

    /** Makes a directory's entries (files created, renamed or deleted in it) durable. */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new StorageException("cannot fsync directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path parentOf(Path file) {
        return file.toAbsolutePath().getParent();
    }
}
