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

    /**
     * Appends batches of idempotent producers until the log holds at least {@code bytes}, then
     * flushes: each batch is from a producer picked at random among {@code producers} (ids 1 to
     * {@code producers}, epoch 0), continues that producer's sequence, and holds 1 to 16 records of
     * 1 KiB (batches of 1 to 16 KiB). Record timestamps follow offsets, as in {@link #fill}.
     *
     * @return the batches appended
     */
    static long fillIdempotent(PartitionLog log, long bytes, int producers, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] values = values(16, seed);
        int[] nextSeq = new int[producers + 1];
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 16 * (RECORD_BYTES + 16));
        long batches = 0;
        while (log.sizeInBytes() < bytes) {
            int pid = 1 + random.nextInt(producers);
            int records = 1 + random.nextInt(16);
            builder.reset();
            builder.producer(pid, (short) 0, nextSeq[pid]);
            long ts = BASE_TIMESTAMP + log.logEndOffset();
            for (int i = 0; i < records; i++) {
                builder.append(ts + i, null, values[i]);
            }
            log.appendAsLeader(builder.build(), 1);
            nextSeq[pid] += records;
            batches++;
        }
        log.flush();
        return batches;
    }

    /**
     * Appends {@code rounds} batches per producer (ids 1 to {@code producers}, epoch 0), round robin,
     * each of {@code records} records with 16-byte values, continuing each producer's sequence from 0.
     */
    static void appendRounds(PartitionLog log, int producers, int rounds, int records) {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, records * 64);
        byte[] value = new byte[16];
        for (int r = 0; r < rounds; r++) {
            for (int pid = 1; pid <= producers; pid++) {
                builder.reset();
                builder.producer(pid, (short) 0, r * records);
                for (int i = 0; i < records; i++) {
                    builder.append(BASE_TIMESTAMP + log.logEndOffset() + i, null, value);
                }
                log.appendAsLeader(builder.build(), 1);
            }
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
