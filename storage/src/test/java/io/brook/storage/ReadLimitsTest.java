package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads with every combination of start offset, byte limit and offset bound give what a linear walk
 * over the appended batches says they should, whatever the index interval (the reader jumps over
 * batches with the offset index).
 */
class ReadLimitsTest {

    @TempDir Path dir;

    /** An appended batch and the segment it went to. */
    private record Batch(long base, long last, int size, long segment) {}

    @ParameterizedTest
    @ValueSource(ints = {1, 150, 1000, Integer.MAX_VALUE})
    void reads_agree_with_a_linear_walk_over_the_batches(int indexIntervalBytes) {
        // given: batches of random sizes over a few segments (fixed seed)
        LogConfig config = LogConfig.defaults().withSegmentBytes(6000).withIndexIntervalBytes(indexIntervalBytes);
        Random random = new Random(indexIntervalBytes);
        List<Batch> batches = new ArrayList<>();
        try (PartitionLog log = PartitionLog.open(dir, config, () -> 0L)) {
            for (int i = 0; i < 120; i++) {
                int segmentsBefore = log.segmentCount();
                AppendInfo info = log.appendAsLeader(batch(1 + random.nextInt(4), i, random.nextInt(120)), 1);
                long segment = log.segmentCount() > segmentsBefore || batches.isEmpty()
                        ? info.firstOffset() : batches.get(batches.size() - 1).segment();
                batches.add(new Batch(info.firstOffset(), info.lastOffset(), info.sizeInBytes(), segment));
            }
            assertThat(log.segmentCount()).isGreaterThan(2);
            // when / then: with the indexes in memory
            assertRandomReads(log, batches, random);
        }
        // and with the indexes of sealed segments mapped from their files
        try (PartitionLog log = PartitionLog.open(dir, config, () -> 0L)) {
            assertRandomReads(log, batches, random);
        }
    }

    private static void assertRandomReads(PartitionLog log, List<Batch> batches, Random random) {
        long end = log.logEndOffset();
        for (int q = 0; q < 2000; q++) {
            long offset = random.nextInt((int) end);
            int maxBytes = random.nextInt(4) == 0 ? Integer.MAX_VALUE : random.nextInt(2500);
            long maxOffset = random.nextInt(3) == 0 ? Long.MAX_VALUE : offset + random.nextInt(60);
            assertRead(log, batches, offset, maxBytes, maxOffset);
        }
    }

    private static void assertRead(PartitionLog log, List<Batch> batches, long offset, int maxBytes, long maxOffset) {
        int first = 0;
        while (batches.get(first).last() < offset) {
            first++;
        }
        Batch head = batches.get(first);
        try (ReadResult r = log.read(offset, maxBytes, maxOffset)) {
            String query = "read(" + offset + ", " + maxBytes + ", " + maxOffset + ")";
            if (head.last() >= maxOffset) {
                assertThat(r.status()).as(query).isEqualTo(ReadResult.Status.NO_DATA);
                return;
            }
            int size = head.size();
            long last = head.last();
            for (int i = first + 1; i < batches.size(); i++) {
                Batch b = batches.get(i);
                if (b.segment() != head.segment() || b.last() >= maxOffset || (long) size + b.size() > maxBytes) {
                    break;
                }
                size += b.size();
                last = b.last();
            }
            assertThat(r.status()).as(query).isEqualTo(ReadResult.Status.OK);
            assertThat(r.slice().firstOffset()).as(query).isEqualTo(head.base());
            assertThat(r.slice().lastOffset()).as(query).isEqualTo(last);
            assertThat(r.slice().sizeInBytes()).as(query).isEqualTo(size);
        }
    }
}
