package io.brook.storage.log;

import io.brook.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Storage for a sparse index of fixed-size entries, shared by {@link OffsetIndex} and
 * {@link TimeIndex}.
 *
 * <table>
 * <caption>File layout (big-endian)</caption>
 * <tr><th>Offset</th><th>Field</th><th>Type</th></tr>
 * <tr><td>0</td><td>magic (per index kind)</td><td>int32</td></tr>
 * <tr><td>4</td><td>version (1)</td><td>int16</td></tr>
 * <tr><td>6</td><td>entry size</td><td>int16</td></tr>
 * <tr><td>8</td><td>segment base offset</td><td>int64</td></tr>
 * <tr><td>16</td><td>entries, ascending</td><td>entry size each</td></tr>
 * </table>
 *
 * <p>While its segment is active the entries live in a heap buffer that grows by doubling; the file
 * is written only when the segment is sealed or the log closes (tmp file, fsync, atomic rename), and
 * is then memory-mapped read-only; an index without entries is not written at all. A mapped file is never modified in place: truncation copies the
 * kept entries back to the heap and deletes the file. An index file is therefore either complete or
 * absent; recovery still checks it (size, order, bounds, see {@link OffsetIndex#isConsistent}) and
 * rebuilds it from the segment when it is not.
 *
 * <p>Threads: the segment's writer appends, truncates and seals; readers call {@link #view()} and
 * use the immutable snapshot it returns, which stays valid whatever the writer does next.
 */
final class IndexFile {

    static final int HEADER_SIZE = 16;
    static final short VERSION = 1;

    /** An immutable view of the first {@code count} entries. */
    record View(ByteBuffer entries, int count) {}

    private final Path path;
    private final int magic;
    private final int entrySize;
    private final long baseOffset;
    private volatile View view;
    private boolean mapped;

    IndexFile(Path path, int magic, int entrySize, long baseOffset) {
        this.path = path;
        this.magic = magic;
        this.entrySize = entrySize;
        this.baseOffset = baseOffset;
        this.view = new View(ByteBuffer.allocate(entrySize * 64), 0);
    }

    Path path() {
        return path;
    }

    View view() {
        return view;
    }

    int count() {
        return view.count();
    }

    boolean isMapped() {
        return mapped;
    }

    /**
     * Returns the buffer to write the next entry into at {@code count * entrySize}; call
     * {@link #publish()} after writing it.
     */
    ByteBuffer slotForAppend() {
        toHeap();
        View v = view;
        int needed = (v.count() + 1) * entrySize;
        if (needed > v.entries().capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(needed, v.entries().capacity() * 2));
            ByteBuffer src = v.entries().duplicate();
            src.clear().limit(v.count() * entrySize);
            bigger.put(src);
            view = new View(bigger, v.count());
            return bigger;
        }
        return v.entries();
    }

    void publish() {
        View v = view;
        view = new View(v.entries(), v.count() + 1);
    }

    /**
     * Keeps the first {@code count} entries. The kept entries are copied to a new buffer so that
     * readers holding an older view never see an entry rewritten under them.
     */
    void truncateTo(int count) {
        View v = view;
        if (count >= v.count() && !mapped) {
            return;
        }
        int keep = Math.min(count, v.count());
        ByteBuffer fresh = ByteBuffer.allocate(Math.max(entrySize * 64, keep * entrySize * 2));
        ByteBuffer src = v.entries().duplicate();
        src.clear().limit(keep * entrySize);
        fresh.put(src);
        view = new View(fresh, keep);
        if (mapped) {
            mapped = false;
            deleteFile();
        }
    }

    /** Moves a mapped index back to the heap so that it can grow (its segment became active again). */
    void toHeap() {
        if (mapped) {
            truncateTo(view.count());
        }
    }

    /**
     * Writes the entries to the file atomically, fsyncs it and maps it read-only. An index without
     * entries and without a file is left as it is: recovery rebuilds an index with no entries from its
     * segment whether or not a file holds it (see {@link LogRecovery}), so the file would cost an fsync
     * for nothing (a small partition's segment never reaches its first entry).
     */
    void writeAndMap() {
        if (mapped) {
            return;
        }
        View v = view;
        if (v.count() == 0 && !Files.exists(path)) {
            return;
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        header.putInt(magic).putShort(VERSION).putShort((short) entrySize).putLong(baseOffset).flip();
        ByteBuffer body = v.entries().duplicate();
        body.clear().limit(v.count() * entrySize);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            FileIo.writeFully(ch, header, 0);
            FileIo.writeFully(ch, body, HEADER_SIZE);
            ch.force(true);
        } catch (IOException e) {
            throw new StorageException("cannot write index " + tmp, e);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageException("cannot install index " + path, e);
        }
        View loaded = map(path, magic, entrySize, baseOffset);
        if (loaded == null || loaded.count() != v.count()) {
            throw new StorageException("index " + path + " did not read back after writing");
        }
        view = loaded;
        mapped = true;
    }

    /**
     * Opens an index file written by {@link #writeAndMap()}.
     *
     * @return the index, or {@code null} when the file is missing or its header or size is wrong
     */
    static IndexFile load(Path path, int magic, int entrySize, long baseOffset) {
        View v = map(path, magic, entrySize, baseOffset);
        if (v == null) {
            return null;
        }
        IndexFile index = new IndexFile(path, magic, entrySize, baseOffset);
        index.view = v;
        index.mapped = true;
        return index;
    }

    private static View map(Path path, int magic, int entrySize, long baseOffset) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_SIZE || (size - HEADER_SIZE) % entrySize != 0 || size > Integer.MAX_VALUE) {
                return null;
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
            if (FileIo.readFully(ch, header, 0) != HEADER_SIZE) {
                return null;
            }
            if (header.getInt(0) != magic || header.getShort(4) != VERSION || header.getShort(6) != entrySize
                    || header.getLong(8) != baseOffset) {
                return null;
            }
            int count = (int) ((size - HEADER_SIZE) / entrySize);
            ByteBuffer entries = count == 0
                    ? ByteBuffer.allocate(0)
                    : ch.map(FileChannel.MapMode.READ_ONLY, HEADER_SIZE, (long) count * entrySize);
            return new View(entries, count);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StorageException("cannot read index " + path, e);
        }
    }

    void deleteFile() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new StorageException("cannot delete index " + path, e);
        }
    }
}
