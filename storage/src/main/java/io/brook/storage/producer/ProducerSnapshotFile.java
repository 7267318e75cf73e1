package io.brook.storage.producer;

import io.brook.storage.ChecksummedFile;
import io.brook.storage.DamagedFileException;
import io.brook.storage.DamagedFileException.Problem;
import io.brook.storage.OffsetFileNames;
import io.brook.storage.ProducerEntry;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One producer-state snapshot, {@code <offset>.producers} in the partition directory (the offset
 * zero-padded to 20 digits, like segment names): the {@link ProducerStateTable} as it was after every
 * batch below {@code offset}, in a {@link ChecksummedFile} envelope.
 *
 * <table>
 * <caption>Layout (big-endian)</caption>
 * <tr><th>Offset</th><th>Field</th><th>Type</th></tr>
 * <tr><td>0</td><td>magic 0x42505354 ("BPST")</td><td>int32</td></tr>
 * <tr><td>4</td><td>format version (1)</td><td>int16</td></tr>
 * <tr><td>6</td><td>payload length n</td><td>int32</td></tr>
 * <tr><td>10</td><td>snapshot offset (equals the file name)</td><td>int64</td></tr>
 * <tr><td>18</td><td>producer count p</td><td>int32</td></tr>
 * <tr><td>22</td><td>p producers, by increasing producer id, each:</td><td></td></tr>
 * <tr><td>+0</td><td>&nbsp;&nbsp;producer id (not negative)</td><td>int64</td></tr>
 * <tr><td>+8</td><td>&nbsp;&nbsp;epoch</td><td>int16</td></tr>
 * <tr><td>+10</td><td>&nbsp;&nbsp;last timestamp (ms)</td><td>int64</td></tr>
 * <tr><td>+18</td><td>&nbsp;&nbsp;cached batch count b (0 to 5)</td><td>int8</td></tr>
 * <tr><td>+19</td><td>&nbsp;&nbsp;b batches, oldest first: first sequence int32, last sequence int32,
 *     first offset int64, last offset int64</td><td>24 bytes each</td></tr>
 * <tr><td>10+n</td><td>CRC32C of bytes 0 to 10+n</td><td>int32</td></tr>
 * </table>
 *
 * <p>Checks on read: the envelope's (magic, version, length, CRC32C), then the payload: the offset
 * matches the name, counts are in range, ids strictly increase, every batch lies below the snapshot
 * offset with its offsets in order, and nothing follows the last producer. Any failure is a
 * {@link DamagedFileException}.
 *
 * <p>Crash rule: written with {@link io.brook.storage.DurableFiles#replace} (temporary file, fsync,
 * rename, fsync of the directory), so a snapshot is whole or absent; a leftover {@code .tmp} is
 * deleted by log recovery. A snapshot is derived data: the reader of a damaged one falls back to an
 * older snapshot or to the log, and never deletes or renames it.
 *
 * <p>Thread safety: stateless; the partition's owner thread reads and writes its snapshots.
 */
final class ProducerSnapshotFile {

    static final int MAGIC = 0x42505354; // "BPST"
    static final short VERSION = 1;
    static final String SUFFIX = ".producers";

    private static final int PRODUCER_BYTES = 19;
    private static final int BATCH_BYTES = 24;

    private ProducerSnapshotFile() {}

    static Path path(Path dir, long offset) {
        return dir.resolve(OffsetFileNames.name(offset, SUFFIX));
    }

    /** @return the offset a snapshot file name stands for, or -1 when it is not such a name */
    static long parseOffset(String fileName) {
        return OffsetFileNames.parse(fileName, SUFFIX);
    }

    /** Writes the table as the state below {@code offset}, durably. */
    static void write(Path dir, long offset, ProducerStateTable table) {
        file(dir, offset).write(encode(offset, table));
    }

    /** The payload of a snapshot of {@code table} at {@code offset}. */
    static ByteBuffer encode(long offset, ProducerStateTable table) {
        Producer[] producers = table.sortedProducers();
        int size = 12;
        for (Producer p : producers) {
            size += PRODUCER_BYTES + BATCH_BYTES * p.batchCount();
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(offset).putInt(producers.length);
        for (Producer p : producers) {
            b.putLong(p.id()).putShort(p.epoch()).putLong(p.lastTimestamp()).put((byte) p.batchCount());
            for (ProducerEntry.BatchMetadata m : p.batches()) {
                b.putInt(m.firstSeq()).putInt(m.lastSeq()).putLong(m.firstOffset()).putLong(m.lastOffset());
            }
        }
        return b.flip();
    }

    /**
     * Reads the snapshot at {@code offset} into {@code into}, which must be empty; on failure
     * {@code into} is left empty.
     *
     * @return false when the file does not exist
     * @throws DamagedFileException when it exists but cannot be used
     */
    static boolean read(Path dir, long offset, ProducerStateTable into) {
        ChecksummedFile file = file(dir, offset);
        Optional<ChecksummedFile.Content> content = file.read();
        if (content.isEmpty()) {
            return false;
        }
        try {
            decode(content.get().payload(), offset, into);
            return true;
        } catch (BadContent | BufferUnderflowException e) {
            into.clear();
            String what = e instanceof BadContent ? e.getMessage() : "the payload ends inside a producer";
            throw new DamagedFileException(file.path(), Problem.BAD_CONTENT, what);
        }
    }

    private static void decode(ByteBuffer b, long offset, ProducerStateTable into) {
        long stored = b.getLong();
        if (stored != offset) {
            throw new BadContent("it holds the state at offset " + stored + ", not " + offset + " as its name says");
        }
        int count = b.getInt();
        if (count < 0 || count > b.remaining() / PRODUCER_BYTES) {
            throw new BadContent("its producer count " + count + " does not fit its " + b.remaining() + " bytes");
        }
        long previousId = -1;
        for (int i = 0; i < count; i++) {
            long id = b.getLong();
            if (id <= previousId) {
                throw new BadContent("producer ids are not strictly increasing (" + id + " after " + previousId + ")");
            }
            previousId = id;
            Producer p = new Producer(id, b.getShort());
            p.setLastTimestamp(b.getLong());
            int batches = b.get();
            if (batches < 0 || batches > ProducerEntry.CACHED_BATCHES) {
                throw new BadContent("producer " + id + " has " + batches + " cached batches");
            }
            long previousLast = -1;
            for (int k = 0; k < batches; k++) {
                int firstSeq = b.getInt();
                int lastSeq = b.getInt();
                long firstOffset = b.getLong();
                long lastOffset = b.getLong();
                if (firstOffset <= previousLast || lastOffset < firstOffset || lastOffset >= offset) {
                    throw new BadContent("producer " + id + " has a batch at offsets " + firstOffset + ".." + lastOffset
                            + ", out of order or not below the snapshot offset " + offset);
                }
                previousLast = lastOffset;
                p.addBatch(firstSeq, lastSeq, firstOffset, lastOffset);
            }
            into.restore(p);
        }
        if (b.hasRemaining()) {
            throw new BadContent(b.remaining() + " bytes follow the last producer");
        }
    }

    private static ChecksummedFile file(Path dir, long offset) {
        return new ChecksummedFile(path(dir, offset), MAGIC, VERSION);
    }

    /** A payload that passed the envelope's checks but makes no sense; becomes a {@link DamagedFileException}. */
    private static final class BadContent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadContent(String message) {
            super(message, null, false, false);
        }
    }
}
