package io.brook.storage.log;

import io.brook.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A small file replaced atomically as a whole: the recovery point and the term index.
 *
 * <table>
 * <caption>Layout (big-endian)</caption>
 * <tr><th>Offset</th><th>Field</th><th>Type</th></tr>
 * <tr><td>0</td><td>magic (per file kind)</td><td>int32</td></tr>
 * <tr><td>4</td><td>version</td><td>int16</td></tr>
 * <tr><td>6</td><td>payload length n</td><td>int32</td></tr>
 * <tr><td>10</td><td>payload</td><td>n bytes</td></tr>
 * <tr><td>10+n</td><td>CRC32C of bytes 0..10+n</td><td>int32</td></tr>
 * </table>
 *
 * <p>Writes go to {@code name.tmp}, are fsynced, renamed over the file and the directory is fsynced,
 * so a crash leaves either the old or the new content. A file that is missing, short, or fails its
 * CRC reads as absent ({@code null}); callers then fall back to a full recovery scan.
 * Thread safety: used by the log's owner thread only.
 */
final class CheckpointFile {

    private static final int HEADER = 10;

    private final Path path;
    private final int magic;
    private final short version;

    CheckpointFile(Path path, int magic, short version) {
        this.path = path;
        this.magic = magic;
        this.version = version;
    }

    Path path() {
        return path;
    }

    /** @return the payload, or {@code null} when the file is absent or invalid */
    ByteBuffer read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new StorageException("cannot read " + path, e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER + 4 || buf.getInt(0) != magic || buf.getShort(4) != version) {
            return null;
        }
        int n = buf.getInt(6);
        if (n < 0 || n != bytes.length - HEADER - 4) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER + n);
        if ((int) crc.getValue() != buf.getInt(HEADER + n)) {
            return null;
        }
        return buf.slice(HEADER, n);
    }

    void write(ByteBuffer payload) {
        int n = payload.remaining();
        ByteBuffer buf = ByteBuffer.allocate(HEADER + n + 4);
        buf.putInt(magic).putShort(version).putInt(n).put(payload.duplicate());
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, HEADER + n);
        buf.putInt((int) crc.getValue());
        buf.flip();
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            FileIo.writeFully(ch, buf, 0);
            ch.force(true);
        } catch (IOException e) {
            throw new StorageException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new StorageException("file system cannot rename atomically: " + path, e);
        } catch (IOException e) {
            throw new StorageException("cannot replace " + path, e);
        }
        FileIo.fsyncDir(path.getParent());
    }
}
