package io.brook.storage.log;

import io.brook.storage.OffsetFileNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Naming and header of segment files ({@code <baseOffset>.log}, base offset zero-padded to 20
 * digits so that names sort like offsets).
 *
 * <table>
 * <caption>Segment file layout (big-endian)</caption>
 * <tr><th>Offset</th><th>Field</th><th>Type</th></tr>
 * <tr><td>0</td><td>magic 0x42524b4c ("BRKL")</td><td>int32</td></tr>
 * <tr><td>4</td><td>format version (1)</td><td>int16</td></tr>
 * <tr><td>6</td><td>reserved (0)</td><td>int16</td></tr>
 * <tr><td>8</td><td>base offset (equals the file name)</td><td>int64</td></tr>
 * <tr><td>16</td><td>record batches (see {@code RecordBatch}), back to back, offsets contiguous</td><td></td></tr>
 * </table>
 *
 * <p>Each batch carries its own CRC32C; the header is checked by magic, version and base offset.
 * Recovery rule: in a segment at or after the recovery point, the first batch that is truncated,
 * fails its CRC, or does not continue the offsets ends the log; in a segment before it, any such batch
 * is a {@link io.brook.storage.CorruptSegmentException}.
 */
final class SegmentFile {

    static final int MAGIC = 0x42524b4c;
    static final short VERSION = 1;
    static final int HEADER_SIZE = 16;

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String DELETED_SUFFIX = ".deleted";

    private SegmentFile() {}

    static String baseName(long baseOffset) {
        return OffsetFileNames.name(baseOffset, "");
    }

    static Path logPath(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + LOG_SUFFIX);
    }

    static Path indexPath(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + INDEX_SUFFIX);
    }

    static Path timeIndexPath(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + TIME_INDEX_SUFFIX);
    }

    /** @return the base offset named by a segment file name, or -1 when it is not one */
    static long parseBaseOffset(String fileName) {
        return OffsetFileNames.parse(fileName, LOG_SUFFIX);
    }

    static ByteBuffer header(long baseOffset) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
        b.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putLong(baseOffset).flip();
        return b;
    }

    /** @return null when the header is valid for {@code baseOffset}, otherwise why it is not */
    static String checkHeader(FileChannel ch, long baseOffset) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
        if (FileIo.readFully(ch, b, 0) < HEADER_SIZE) {
            return "file is shorter than its " + HEADER_SIZE + "-byte header";
        }
        if (b.getInt(0) != MAGIC) {
            return "bad magic " + Integer.toHexString(b.getInt(0));
        }
        if (b.getShort(4) != VERSION) {
            return "unsupported segment format version " + b.getShort(4);
        }
        if (b.getLong(8) != baseOffset) {
            return "header names base offset " + b.getLong(8) + ", file name " + baseOffset;
        }
        return null;
    }
}
