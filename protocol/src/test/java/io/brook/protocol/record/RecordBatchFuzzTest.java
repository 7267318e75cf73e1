package io.brook.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Randomized robustness of {@link RecordBatch#validate} and {@link RecordCursor}: valid batches are
 * damaged in many ways and the two must react only in their documented ways. Validation never
 * throws; a cursor over a batch that validated throws nothing but {@link InvalidBatchException},
 * and nothing at all for an uncompressed batch that passed deep validation.
 */
class RecordBatchFuzzTest {

    private static final int MAX_BATCH_SIZE = 8 * 1024 * 1024;
    private static final CompressionType[] COMPRESSED = {
        CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4, CompressionType.ZSTD};

    /** How often each outcome occurred, printed after each test so a weak fuzzer shows. */
    private final Map<String, Integer> outcomes = new TreeMap<>();

    private void count(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    @AfterEach
    void printOutcomes() {
        System.out.println("  outcomes: " + outcomes);
    }

    @Test
    void damaged_batches_never_make_validation_or_the_cursor_misbehave() {
        Seeds.forEach("RecordBatchFuzzTest.damaged_batches", 2_000, (seed, rnd) -> {
            // given
            BatchSpec spec = RandomBatches.spec(rnd, RandomBatches.codec(rnd), false);
            ByteBuffer valid = spec.buildWithBrook();
            assertThat(TestBytes.validate(valid)).isEqualTo(BatchError.NONE);
            assertThat(TestBytes.readAll(valid)).containsExactlyElementsOf(spec.expectedRecords());
            RecordCursor cursor = new RecordCursor(1 << 20);
            for (int m = 0; m < 6; m++) {
                // when
                ByteBuffer damaged = damage(rnd, valid);
                // then
                checkRobust(damaged, cursor);
            }
        });
    }

    @Test
    void random_bytes_never_make_validation_or_the_cursor_misbehave() {
        Seeds.forEach("RecordBatchFuzzTest.random_bytes", 2_000, (seed, rnd) -> {
            // given: noise, sometimes dressed up with a plausible length, magic, codec and CRC
            byte[] noise = new byte[rnd.nextInt(300)];
            rnd.nextBytes(noise);
            ByteBuffer buf = ByteBuffer.wrap(noise);
            if (noise.length >= RecordBatch.HEADER_SIZE && rnd.nextInt(3) > 0) {
                buf.putInt(RecordBatch.LENGTH_OFFSET, noise.length - RecordBatch.LOG_OVERHEAD);
                buf.put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
                buf.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) rnd.nextInt(5));
                int count = 1 + rnd.nextInt(4);
                buf.putInt(RecordBatch.RECORD_COUNT_OFFSET, count);
                buf.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, count - 1);
                TestBytes.fixCrc(buf);
            }
            // when / then
            checkRobust(buf, new RecordCursor(1 << 20));
            int start = rnd.nextInt(noise.length + 1);
            int limit = start + rnd.nextInt(noise.length - start + 1);
            RecordBatch.validate(buf, start, limit, MAX_BATCH_SIZE, true);
            RecordBatch.validate(buf, limit, start, MAX_BATCH_SIZE, true);
        });
    }

    @Test
    void garbage_compressed_sections_only_raise_invalid_batch() {
        Seeds.forEach("RecordBatchFuzzTest.garbage_compressed_sections", 2_000, (seed, rnd) -> {
            // given: a section that is damaged, truncated, or not compressed data at all, under a valid CRC
            CompressionType codec = COMPRESSED[rnd.nextInt(COMPRESSED.length)];
            BatchSpec spec = RandomBatches.spec(rnd, codec, false);
            int count = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(400) : spec.records().size();
            byte[] section = garbageSection(rnd, spec);
            ByteBuffer batch = RawBatches.batch(codec.id(), count - 1, count, section);
            assertThat(TestBytes.validate(batch)).as("deep validation leaves compressed sections to the cursor")
                    .isEqualTo(BatchError.NONE);
            // when / then
            drainAllowingOnlyInvalidBatch(batch, new RecordCursor(1 << 20));
        });
        assertThat(outcomes.getOrDefault("cursor threw BAD_RECORDS", 0)).as("garbage is detected").isPositive();
    }

    /** One of several kinds of damage; the result is a private copy. */
    private static ByteBuffer damage(Random rnd, ByteBuffer valid) {
        ByteBuffer b = TestBytes.copy(valid);
        int size = b.limit();
        switch (rnd.nextInt(9)) {
            case 0 -> flipBytes(rnd, b, 0, size);
            case 1 -> {
                flipBytes(rnd, b, RecordBatch.RECORDS_OFFSET, size);
                fixCrcIfPossible(b);
            }
            case 2 -> {
                b.limit(rnd.nextInt(size));
                b = TestBytes.copy(b);
            }
            case 3 -> {
                int cut = RecordBatch.HEADER_SIZE + rnd.nextInt(size - RecordBatch.HEADER_SIZE + 1);
                b.limit(cut);
                b = TestBytes.copy(b);
                b.putInt(RecordBatch.LENGTH_OFFSET, cut - RecordBatch.LOG_OVERHEAD);
                TestBytes.fixCrc(b);
            }
            case 4 -> b = extend(rnd, b, false);
            case 5 -> {
                b = extend(rnd, b, true);
                TestBytes.fixCrc(b);
            }
            case 6 -> {
                int field = rnd.nextInt(3);
                if (field == 0) {
                    b.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) rnd.nextInt(1 << 16));
                } else if (field == 1) {
                    int count = rnd.nextInt(4) == 0 ? rnd.nextInt() : b.getInt(RecordBatch.RECORD_COUNT_OFFSET) + rnd.nextInt(5) - 2;
                    b.putInt(RecordBatch.RECORD_COUNT_OFFSET, count);
                    b.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, count - 1);
                } else {
                    b.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, rnd.nextInt());
                }
                TestBytes.fixCrc(b);
            }
            case 7 -> {
                // varint-looking damage: runs of continuation bytes inside the records
                int at = RecordBatch.RECORDS_OFFSET + rnd.nextInt(size - RecordBatch.RECORDS_OFFSET);
                int run = 1 + rnd.nextInt(12);
                for (int i = at; i < Math.min(size, at + run); i++) {
                    b.put(i, (byte) (rnd.nextBoolean() ? 0xff : 0x80));
                }
                fixCrcIfPossible(b);
            }
            default -> {
                b.putInt(RecordBatch.LENGTH_OFFSET, rnd.nextInt());
                if (rnd.nextBoolean()) {
                    b.put(RecordBatch.MAGIC_OFFSET, (byte) rnd.nextInt(4));
                }
            }
        }
        return b;
    }

    private static void flipBytes(Random rnd, ByteBuffer b, int from, int to) {
        if (from >= to) {
            return;
        }
        int flips = 1 + rnd.nextInt(4);
        for (int i = 0; i < flips; i++) {
            int at = from + rnd.nextInt(to - from);
            b.put(at, (byte) (b.get(at) ^ (1 + rnd.nextInt(255))));
        }
    }

    /** Appends random bytes; with {@code cover} the length field grows to include them. */
    private static ByteBuffer extend(Random rnd, ByteBuffer b, boolean cover) {
        byte[] tail = new byte[1 + rnd.nextInt(64)];
        rnd.nextBytes(tail);
        ByteBuffer longer = ByteBuffer.allocate(b.limit() + tail.length);
        longer.put(b.duplicate()).put(tail).flip();
        if (cover) {
            longer.putInt(RecordBatch.LENGTH_OFFSET, longer.limit() - RecordBatch.LOG_OVERHEAD);
        }
        return longer;
    }

    private static void fixCrcIfPossible(ByteBuffer b) {
        int length = b.getInt(RecordBatch.LENGTH_OFFSET);
        if (length >= RecordBatch.HEADER_SIZE - RecordBatch.LOG_OVERHEAD && length <= b.limit() - RecordBatch.LOG_OVERHEAD) {
            TestBytes.fixCrc(b);
        }
    }

    private static byte[] garbageSection(Random rnd, BatchSpec spec) {
        CompressionType codec = spec.codec();
        byte[] good = sectionOf(spec.buildWithBrook());
        switch (rnd.nextInt(6)) {
            case 0: {
                byte[] noise = new byte[rnd.nextInt(200)];
                rnd.nextBytes(noise);
                return noise;
            }
            case 1: {
                byte[] damaged = good.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int at = rnd.nextInt(damaged.length);
                    damaged[at] ^= (byte) (1 + rnd.nextInt(255));
                }
                return damaged;
            }
            case 2:
                return Arrays.copyOf(good, rnd.nextInt(good.length));
            case 3: {
                // decompresses fine, but into bytes that are not records
                byte[] noise = new byte[rnd.nextInt(300)];
                rnd.nextBytes(noise);
                return RawBatches.compress(codec, noise);
            }
            case 4: {
                // the codec's real frame header, then noise: reaches deeper into the decoder
                int keep = Math.min(good.length, 4 + rnd.nextInt(16));
                byte[] mixed = Arrays.copyOf(good, keep + rnd.nextInt(200));
                byte[] noise = new byte[mixed.length - keep];
                rnd.nextBytes(noise);
                System.arraycopy(noise, 0, mixed, keep, noise.length);
                return mixed;
            }
            default: {
                // a valid stream followed by trailing bytes
                byte[] tail = new byte[1 + rnd.nextInt(32)];
                rnd.nextBytes(tail);
                return RawBatches.concat(good, tail);
            }
        }
    }

    private static byte[] sectionOf(ByteBuffer batch) {
        ByteBuffer section = batch.duplicate().position(RecordBatch.RECORDS_OFFSET);
        return TestBytes.toArray(section);
    }

    private void checkRobust(ByteBuffer buf, RecordCursor cursor) {
        BatchError deep = RecordBatch.validate(buf, 0, buf.limit(), MAX_BATCH_SIZE, true);
        BatchError shallow = RecordBatch.validate(buf, 0, buf.limit(), MAX_BATCH_SIZE, false);
        count("validate " + deep);
        if (shallow != BatchError.NONE) {
            assertThat(deep).as("deep validation only adds checks").isEqualTo(shallow);
            return;
        }
        if (deep != BatchError.NONE) {
            assertThat(deep).isEqualTo(BatchError.BAD_RECORDS);
            return;
        }
        boolean drained = drainAllowingOnlyInvalidBatch(buf, cursor);
        if (RecordBatch.of(buf).compression() == CompressionType.NONE) {
            assertThat(drained).as("an uncompressed batch that passed deep validation always iterates").isTrue();
        }
    }

    /** @return true when every record was read, false when the cursor raised {@link InvalidBatchException} */
    private boolean drainAllowingOnlyInvalidBatch(ByteBuffer buf, RecordCursor cursor) {
        try {
            cursor.reset(RecordBatch.of(buf));
            long expectedOffset = RecordBatch.of(buf).baseOffset();
            while (cursor.next()) {
                Record r = cursor.toRecord();
                assertThat(r.key() == null ? -1 : r.key().length).isEqualTo(cursor.keySize());
                assertThat(r.value() == null ? -1 : r.value().length).isEqualTo(cursor.valueSize());
                assertThat(r.headers()).hasSize(cursor.headerCount());
                cursor.key();
                cursor.value();
                if (RecordBatch.of(buf).compression() == CompressionType.NONE) {
                    assertThat(r.offset()).isEqualTo(expectedOffset++);
                }
            }
            count("cursor read all");
            return true;
        } catch (InvalidBatchException expected) {
            assertThat(expected.error()).isIn(BatchError.BAD_RECORDS, BatchError.BAD_ATTRIBUTES);
            count("cursor threw " + expected.error());
            return false;
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable t) {
            return fail("the cursor threw " + t + " for a batch that validated; only InvalidBatchException is allowed", t);
        }
    }
}
