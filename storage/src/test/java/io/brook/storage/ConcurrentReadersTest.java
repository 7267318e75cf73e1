package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordCursor;
import io.brook.protocol.record.TimestampType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer appends (rolling small segments) while readers read from random offsets: every slice
 * they get holds whole, intact batches with contiguous offsets, and each record holds the value
 * written for its offset; timestamp lookups racing the writer find the right record.
 */
class ConcurrentReadersTest {

    private static final int BATCHES = 4000;
    private static final int READERS = 3;
    private static final int RECORDS_PER_BATCH = 3;

    @TempDir Path dir;

    /** A batch whose record values are their future offsets (known because appends are sequential). */
    private static ByteBuffer batchFor(long firstOffset, int valueSize) {
        long[] timestamps = new long[RECORDS_PER_BATCH];
        byte[][] values = new byte[RECORDS_PER_BATCH][];
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            timestamps[i] = firstOffset + i;
            values[i] = ByteBuffer.allocate(valueSize).putLong(0, firstOffset + i).array();
        }
        return TestBatches.build(CompressionType.NONE, TimestampType.CREATE_TIME, timestamps, values);
    }

    @Test
    void readers_racing_a_rolling_writer_see_only_whole_intact_contiguous_batches_and_find_timestamps() throws Exception {
        // given
        LogConfig config = LogConfig.defaults().withSegmentBytes(16 * 1024).withIndexIntervalBytes(512);
        try (PartitionLog log = PartitionLog.open(dir, config, () -> 0L)) {
            AtomicBoolean writerDone = new AtomicBoolean();
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicLong slicesChecked = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < BATCHES; i++) {
                        log.appendAsLeader(batchFor(log.logEndOffset(), 8 + i % 200), 1 + i / 1000);
                    }
                } catch (Throwable t) {
                    errors.add(t);
                } finally {
                    writerDone.set(true);
                }
            }, "writer");
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                Random random = new Random(r);
                readers.add(new Thread(() -> {
                    try {
                        start.await();
                        // one more pass after the writer finished, so the whole log is read at least once
                        boolean last = false;
                        while (!last) {
                            last = writerDone.get();
                            readRandomly(log, random, slicesChecked);
                        }
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }, "reader-" + r));
            }
            writer.start();
            readers.forEach(Thread::start);
            // when
            start.countDown();
            writer.join(TimeUnit.SECONDS.toMillis(60));
            for (Thread t : readers) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            // then
            assertThat(writer.isAlive()).isFalse();
            assertThat(readers).noneMatch(Thread::isAlive);
            assertThat(errors).isEmpty();
            assertThat(log.logEndOffset()).isEqualTo((long) BATCHES * RECORDS_PER_BATCH);
            assertThat(log.segmentCount()).isGreaterThan(10);
            assertThat(slicesChecked.get()).isGreaterThan(READERS);
        }
    }

    /** Reads 50 times from random offsets below the log end and checks every slice. */
    private static void readRandomly(PartitionLog log, Random random, AtomicLong slicesChecked) {
        for (int n = 0; n < 50; n++) {
            long end = log.logEndOffset();
            if (end == 0) {
                continue;
            }
            long offset = (long) (random.nextDouble() * end);
            int maxBytes = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(8192);
            long maxOffset = random.nextInt(4) == 0 ? offset + 1 + random.nextInt(50) : Long.MAX_VALUE;
            try (ReadResult r = log.read(offset, maxBytes, maxOffset)) {
                if (r.status() == ReadResult.Status.NO_DATA) {
                    // only possible when the bound cuts the batch holding the offset
                    assertThat(maxOffset).isLessThan(Long.MAX_VALUE);
                    continue;
                }
                assertThat(r.status()).isEqualTo(ReadResult.Status.OK);
                checkSlice(r.slice(), offset, maxOffset);
                slicesChecked.incrementAndGet();
            }
            // every record's timestamp is its offset
            assertThat(log.offsetForTimestamp(offset, Long.MAX_VALUE)).isEqualTo(new TimestampLookup(offset, offset));
        }
    }

    private static void checkSlice(LogSlice slice, long offset, long maxOffset) {
        ByteBuffer bytes = slice.readAll();
        assertThat(bytes.remaining()).isEqualTo(slice.sizeInBytes());
        List<RecordBatch> batches = TestBatches.parse(bytes);
        assertThat(batches).isNotEmpty();
        assertThat(batches.get(0).baseOffset()).isEqualTo(slice.firstOffset()).isLessThanOrEqualTo(offset);
        assertThat(batches.get(0).lastOffset()).isGreaterThanOrEqualTo(offset);
        long expected = slice.firstOffset();
        for (RecordBatch b : batches) {
            assertThat(b.baseOffset()).isEqualTo(expected);
            assertThat(b.lastOffset()).isLessThan(maxOffset);
            RecordCursor c = b.records();
            while (c.next()) {
                assertThat(c.offset()).isEqualTo(expected);
                assertThat(c.value().getLong(c.value().position())).isEqualTo(expected);
                expected++;
            }
        }
        assertThat(slice.lastOffset()).isEqualTo(expected - 1);
    }
}
