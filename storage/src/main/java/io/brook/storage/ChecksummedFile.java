package io.brook.storage;

import io.brook.storage.DamagedFileException.Problem;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A small binary file replaced as a whole, in a versioned and checksummed envelope: the recovery
 * point and term index of a partition log, a partition directory's {@code topic.id}.
 *
 * <table>
 * <caption>Layout (big-endian)</caption>
 * <tr><th>Offset</th><th>Field</th><th>Type</th></tr>
 * <tr><td>0</td><td>magic (one per kind of file)</td><td>int32</td></tr>
 * <tr><td>4</td><td>format version of the payload (1 and up)</td><td>int16</td></tr>
 * <tr><td>6</td><td>payload length n</td><td>int32</td></tr>
 * <tr><td>10</td><td>payload</td><td>n bytes</td></tr>
 * <tr><td>10+n</td><td>CRC32C of bytes 0 to 10+n</td><td>int32</td></tr>
 * </table>
 *
 * <p>Written with {@link DurableFiles#replace} (temporary file, fsync, rename, fsync the
 * directory), so after a crash the file holds the old or the new content. Reading tells the three
 * cases apart: the file is absent (an empty {@link Optional}), valid (its payload and version), or
 * damaged (a {@link DamagedFileException} saying what is wrong: empty, cut short, wrong magic,
 * version newer than this build reads, length field off, CRC mismatch). What to do about damage is
 * the caller's decision. Thread safety: none needed (no state beyond the path); callers serialize
 * writes of one file.
 */
public final class ChecksummedFile {

    /** Bytes before the payload. */
    public static final int HEADER_SIZE = 10;
    /** Bytes after the payload (the CRC). */
    public static final int TRAILER_SIZE = 4;

    /** A valid file's content. */
    public record Content(short version, ByteBuffer payload) {}

    private final Path path;
    private final int magic;
    private final short version;

    /**
     * @param magic identifies the kind of file; a file with another magic is damaged
     * @param version the version {@link #write} writes, and the newest one {@link #read} accepts
     */
    public ChecksummedFile(Path path, int magic, short version) {
        if (version < 1) {
            throw new IllegalArgumentException("format versions start at 1: " + version);
        }
        this.path = path;
        this.magic = magic;
        this.version = version;
    }

    public Path path() {
        return path;
    }

    /**
     * Reads and checks the file.
     *
     * @return empty when the file does not exist
     * @throws DamagedFileException when it exists but is not a valid file of this kind and version
     */
    public Optional<Content> read() {
        Optional<byte[]> raw = DurableFiles.read(path);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = raw.get();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (bytes.length == 0) {
            throw damaged(Problem.EMPTY, "the file is empty (0 bytes)");
        }
        if (bytes.length < 4) {
            throw damaged(Problem.TRUNCATED, "only " + bytes.length + " bytes, shorter than the " + (HEADER_SIZE + TRAILER_SIZE)
                    + "-byte envelope");
        }
        if (buf.getInt(0) != magic) {
            throw damaged(Problem.WRONG_KIND, "starts with " + describeMagic(buf.getInt(0)) + " instead of the magic "
                    + describeMagic(magic));
        }
        if (bytes.length < HEADER_SIZE + TRAILER_SIZE) {
            throw damaged(Problem.TRUNCATED, "only " + bytes.length + " bytes, shorter than the " + (HEADER_SIZE + TRAILER_SIZE)
                    + "-byte envelope");
        }
        short v = buf.getShort(4);
        if (v < 1 || v > version) {
            throw damaged(Problem.UNSUPPORTED_VERSION, "format version " + v + ", but this build reads versions 1 to " + version
                    + (v > version ? " (written by a newer Brook?)" : ""));
        }
        int n = buf.getInt(6);
        int actual = bytes.length - HEADER_SIZE - TRAILER_SIZE;
        if (n < 0 || n > actual) {
            throw damaged(n < 0 ? Problem.BAD_LENGTH : Problem.TRUNCATED, "the length field says " + n
                    + " payload bytes but the file holds " + actual);
        }
        if (n < actual) {
            throw damaged(Problem.BAD_LENGTH, "the length field says " + n + " payload bytes but the file holds " + actual);
        }
        int stored = buf.getInt(HEADER_SIZE + n);
        int computed = crc32c(bytes, HEADER_SIZE + n);
        if (stored != computed) {
            throw damaged(Problem.BAD_CHECKSUM, String.format("stored CRC32C is 0x%08x but the content gives 0x%08x", stored, computed));
        }
        return Optional.of(new Content(v, buf.slice(HEADER_SIZE, n).asReadOnlyBuffer()));
    }

    /** Replaces the file with {@code payload} (its position is left unchanged), durably. */
    public void write(ByteBuffer payload) {
        DurableFiles.replace(path, encode(magic, version, payload));
    }

    /**
     * Replaces the file with {@code payload} atomically but without syncing (see
     * {@link DurableFiles#replaceUnsynced}); {@link #sync()} makes it durable.
     */
    public void writeUnsynced(ByteBuffer payload) {
        DurableFiles.replaceUnsynced(path, encode(magic, version, payload));
    }

    /** Makes the last {@link #writeUnsynced} durable. */
    public void sync() {
        DurableFiles.sync(path);
    }

    /** The bytes of a file holding {@code payload}. */
    static ByteBuffer encode(int magic, short version, ByteBuffer payload) {
        int n = payload.remaining();
        ByteBuffer buf = ByteBuffer.allocate(HEADER_SIZE + n + TRAILER_SIZE);
        buf.putInt(magic).putShort(version).putInt(n).put(payload.duplicate());
        buf.putInt(crc32c(buf.array(), HEADER_SIZE + n));
        return buf.flip();
    }

    /** CRC32C of the first {@code length} bytes. */
    static int crc32c(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private DamagedFileException damaged(Problem problem, String detail) {
        return new DamagedFileException(path, problem, detail);
    }

    /** A magic as hex, with its ASCII letters when it has four printable ones ("0x42524350 'BRCP'"). */
    static String describeMagic(int m) {
        StringBuilder ascii = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (m >>> shift) & 0xff;
            if (c < 0x20 || c > 0x7e) {
                return String.format("0x%08x", m);
            }
            ascii.append((char) c);
        }
        return String.format("0x%08x '%s'", m, ascii);
    }
}
