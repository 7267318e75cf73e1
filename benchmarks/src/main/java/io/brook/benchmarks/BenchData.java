package io.brook.benchmarks;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.storage.PartitionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Records, batches, logs and temporary directories shared by the benchmarks. */
final class BenchData {

    /** Size of every record value. Records have no key and no headers. */
    static final int RECORD_BYTES = 1024;

    /** System property naming the directory under which benchmarks create their own temp dirs. */
    static final String DIR_PROPERTY = "brook.bench.dir";

    /** First record timestamp of filled logs; record {@code n} gets {@code BASE_TIMESTAMP + n}. */
    static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    private static final byte[] TEXT = ("{\"user\":\"someone@example.com\",\"action\":\"page_view\",\"path\":\"/products/\"}")
            .getBytes(StandardCharsets.US_ASCII);

    private BenchData() {}

    /**
     * {@code count} distinct 1 KiB values: the first half random bytes, the second half a repeated
     * line of JSON, so that codecs find something to do (about 2:1) without it being trivial.
     */
    static byte[][] values(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] values = new byte[count][];
        for (int i = 0; i < count; i++) {
            byte[] v = new byte[RECORD_BYTES];
            for (int j = 0; j < RECORD_BYTES / 2; j++) {
                v[j] = (byte) random.nextInt(256);
            }
            for (int j = RECORD_BYTES / 2; j < RECORD_BYTES; j++) {
                v[j] = TEXT[j % TEXT.length];
            }
            values[i] = v;
        }
        return values;
    }

    /**
     * Builds one uncompressed batch of {@code values.length} records with timestamps
     * {@code firstTimestamp}, {@code firstTimestamp + 1}, ...
     *
     * @return the batch bytes in a buffer of their own (heap or direct)
     */
    static ByteBuffer batch(byte[][] values, long firstTimestamp, boolean direct) {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, values.length * (RECORD_BYTES + 16));
        ByteBuffer built = build(builder, values, firstTimestamp);
        ByteBuffer copy = direct ? ByteBuffer.allocateDirect(built.remaining()) : ByteBuffer.allocate(built.remaining());
        copy.put(built).flip();
        return copy;
    }

    private static ByteBuffer build(RecordBatchBuilder builder, byte[][] values, long firstTimestamp) {
        builder.reset();
        for (int i = 0; i < values.length; i++) {
            builder.append(firstTimestamp + i, null, values[i]);
        }
        return builder.build();
    }

    /**
     * Appends batches of {@code recordsPerBatch} records until the log holds at least
     * {@code bytes}, then flushes. Record timestamps follow offsets: {@code BASE_TIMESTAMP + offset}.
     */
    static void fill(PartitionLog log, long bytes, int recordsPerBatch) {
        byte[][] values = values(recordsPerBatch, 42);
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, recordsPerBatch * (RECORD_BYTES + 16));
        while (log.sizeInBytes() < bytes) {
            log.appendAsLeader(build(builder, values, BASE_TIMESTAMP + log.logEndOffset()), 1);
        }
        log.flush();
    }

    /** A new directory for one benchmark run, under {@code -Dbrook.bench.dir} or {@code java.io.tmpdir}. */
    static Path tempDir(String prefix) {
        try {
            Path base = Path.of(System.getProperty(DIR_PROPERTY, System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    /** Deletes {@code dir} and everything in it; does nothing when it is {@code null} or gone. */
    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
