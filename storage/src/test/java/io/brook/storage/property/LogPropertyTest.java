package io.brook.storage.property;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.record.CompressionType;
import io.brook.protocol.record.Header;
import io.brook.protocol.record.RecordBatch;
import io.brook.protocol.record.RecordBatchBuilder;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import io.brook.storage.ReadResult;
import io.brook.storage.TermOffset;
import io.brook.storage.TimestampLookup;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of appends (leader and follower), flushes, truncations, rolls (by size and age),
 * retention and clean reopens, each followed by a simulated crash ({@link CrashSimulator}) and
 * recovery, checked against {@link LogModel}: every flushed batch is present and byte-identical,
 * offsets are contiguous, every read returns whole batches with valid CRCs, the indexes (offset,
 * time, term) answer as a brute-force search over the model does, and the log keeps working.
 *
 * <p>Runs {@code brook.property.cases} cases (default 1000) from seed {@code brook.seed} (default
 * fixed); a failure names its seed, which replays exactly with {@code -Dbrook.seed=N
 * -Dbrook.property.cases=1}.
 */
class LogPropertyTest {

    private static final long FIRST_SEED = Long.getLong("brook.seed", 20261125L);
    private static final int CASES = Integer.getInteger("brook.property.cases", 1000);

    @TempDir Path tmp;

    @Test
    void recoveredLogHoldsEveryFlushedBatchAndAnswersLikeTheModel() throws Exception {
        for (int i = 0; i < CASES; i++) {
            long seed = FIRST_SEED + i;
            Path caseDir = tmp.resolve("case-" + seed);
            Run run = new Run(seed, caseDir);
            try {
                run.execute();
            } catch (Throwable t) {
                throw new AssertionError("property failed for seed " + seed + " (replay: -Dbrook.seed=" + seed
                        + " -Dbrook.property.cases=1); last crash: " + run.lastCrash + "; ops: " + run.trace, t);
            } finally {
                run.closeQuietly();
                CrashSimulator.deleteRecursively(caseDir);
            }
        }
    }

    /** One generated case. */
    private static final class Run {
        final Random random;
        final Path root;
        final AtomicLong clock = new AtomicLong(1_000_000L);
        final LogModel model = new LogModel();
        final StringBuilder trace = new StringBuilder();
        final LogConfig config;
        PartitionLog log;
        int term = 1;
        long nextTimestamp = 10_000L;
        int generation;
        String lastCrash = "none";

        Run(long seed, Path root) {
            this.random = new Random(seed);
            this.root = root;
            this.config = LogConfig.defaults()
                    .withSegmentBytes(LogConfig.MIN_SEGMENT_BYTES + random.nextInt(6000))
                    .withSegmentMs(1000 + random.nextInt(10_000))
                    .withIndexIntervalBytes(32 + random.nextInt(1500))
                    .withRetentionMs(-1)
                    .withRetentionBytes(-1);
        }

        void execute() throws Exception {
            log = PartitionLog.open(dir(), config, clock::get);
            int phases = 1 + random.nextInt(3);
            for (int phase = 0; phase < phases; phase++) {
                int ops = 5 + random.nextInt(40);
                for (int op = 0; op < ops; op++) {
                    step();
                    // the log's own claim of durability (flushes, and rolls that flush) is what a crash must honour
                    assertThat(log.flushedOffset()).isGreaterThanOrEqualTo(model.flushed).isLessThanOrEqualTo(model.logEnd);
                    model.flushed = log.flushedOffset();
                }
                crashAndRecover();
                verify();
            }
            // the recovered log keeps working
            appendLeader();
            log.flush();
            model.flushed = model.logEnd;
            verify();
        }

        Path dir() {
            return root.resolve("gen-" + generation);
        }

        void step() throws Exception {
            int r = random.nextInt(100);
            if (r < 45) {
                appendLeader();
            } else if (r < 52) {
                appendFollower();
            } else if (r < 67) {
                trace.append("flush;");
                assertThat(log.flush()).isEqualTo(model.logEnd);
                model.flushed = model.logEnd;
            } else if (r < 73) {
                long target = model.logStart + (long) (random.nextDouble() * (model.logEnd - model.logStart + 3));
                trace.append("truncate(").append(target).append(");");
                long end = log.truncateTo(target);
                assertThat(end).isEqualTo(model.truncateTo(target));
            } else if (r < 75) {
                long start = model.logEnd + random.nextInt(3);
                trace.append("startAt(").append(start).append(");");
                log.truncateFullyAndStartAt(start);
                model.startAt(start);
            } else if (r < 82) {
                clock.addAndGet(random.nextInt((int) config.segmentMs() * 2));
                trace.append("tick;");
            } else if (r < 88) {
                retention();
            } else if (r < 92) {
                trace.append("reopen;");
                log.close();
                log = PartitionLog.open(dir(), config, clock::get);
                model.flushed = model.logEnd;
            } else if (r < 96) {
                term += 1;
                trace.append("term=").append(term).append(';');
            } else {
                checkRandomRead();
            }
        }

        void appendLeader() {
            int n = 1 + random.nextInt(3);
            ByteBuffer buf = batches(n, -1L, -1);
            int t = Math.max(term, model.lastTerm());
            trace.append("append(").append(n).append(",t").append(t).append(");");
            log.appendAsLeader(buf, t);
            buf.rewind();
            model.append(buf);
            assertThat(log.logEndOffset()).isEqualTo(model.logEnd);
        }

        void appendFollower() {
            int t = Math.max(term, model.lastTerm());
            ByteBuffer buf = batches(1 + random.nextInt(2), model.logEnd, t);
            trace.append("follow(t").append(t).append(");");
            log.appendAsFollower(buf);
            buf.rewind();
            model.append(buf);
        }

        /** A read at a random offset with a random upper bound returns what the model says. */
        void checkRandomRead() {
            long offset = model.logStart + (long) (random.nextDouble() * (model.logEnd - model.logStart + 1));
            long bound = model.logStart + (long) (random.nextDouble() * (model.logEnd - model.logStart + 2));
            trace.append("read(").append(offset).append(",<").append(bound).append(");");
            try (ReadResult r = log.read(offset, random.nextInt(4096), bound)) {
                LogModel.Batch first = model.batchContaining(offset);
                if (first == null || first.lastOffset() >= bound) {
                    assertThat(r.status()).isEqualTo(ReadResult.Status.NO_DATA);
                    return;
                }
                assertThat(r.status()).isEqualTo(ReadResult.Status.OK);
                assertThat(r.slice().firstOffset()).isEqualTo(first.baseOffset());
                assertThat(r.slice().lastOffset()).isLessThan(bound);
            }
        }

        void retention() {
            boolean bySize = random.nextBoolean();
            LogConfig c = bySize
                    ? config.withRetentionBytes(random.nextInt(4 * config.segmentBytes()))
                    : config.withRetentionMs(random.nextInt(20_000));
            log.reconfigure(c);
            long bound = model.logStart + (long) (random.nextDouble() * (model.logEnd - model.logStart + 1));
            int deleted = log.enforceRetention(bound);
            log.reconfigure(config);
            long newStart = log.logStartOffset();
            trace.append("retention(").append(bySize ? "bytes" : "ms").append(",<").append(bound).append(")=").append(deleted).append("->").append(newStart).append(';');
            assertThat(newStart).isGreaterThanOrEqualTo(model.logStart);
            if (deleted > 0) {
                assertThat(newStart).isLessThanOrEqualTo(Math.min(bound, model.flushed));
            }
            assertThat(model.retireBelow(newStart)).as("retention cut inside a batch").isTrue();
        }

        /** Batches of 1-20 small records with random keys, values, headers and timestamps. */
        ByteBuffer batches(int n, long baseOffset, int batchTerm) {
            ByteBuffer out = ByteBuffer.allocate(64 * 1024);
            long offset = baseOffset;
            for (int i = 0; i < n; i++) {
                CompressionType codec = random.nextInt(5) == 0
                        ? CompressionType.values()[1 + random.nextInt(4)] : CompressionType.NONE;
                RecordBatchBuilder b = new RecordBatchBuilder(codec, 512);
                int records = 1 + random.nextInt(20);
                for (int k = 0; k < records; k++) {
                    nextTimestamp += random.nextInt(5) - 1;
                    byte[] key = random.nextInt(4) == 0 ? null : bytes(random.nextInt(16));
                    byte[] value = random.nextInt(10) == 0 ? null : bytes(random.nextInt(200));
                    Header[] headers = random.nextInt(3) == 0 ? new Header[] {new Header("h", bytes(3))} : new Header[0];
                    b.append(nextTimestamp, key, value, headers);
                }
                if (baseOffset >= 0) {
                    b.baseOffset(offset).partitionLeaderEpoch(batchTerm);
                    offset += records;
                }
                out.put(b.build());
            }
            return out.flip();
        }

        byte[] bytes(int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }

        void crashAndRecover() throws Exception {
            Path live = dir();
            generation++;
            CrashSimulator sim = new CrashSimulator(random);
            sim.crashCopy(live, dir(), model.flushed);
            lastCrash = sim.describe();
            trace.append("CRASH[").append(lastCrash).append("];");
            log.close();
            CrashSimulator.deleteRecursively(live);
            log = PartitionLog.open(dir(), config, clock::get);
            long end = log.logEndOffset();
            assertThat(log.logStartOffset()).as("log start after recovery").isEqualTo(model.logStart);
            assertThat(end).as("recovered end must keep every flushed batch (flushed %d, end %d, model end %d)", model.flushed, end, model.logEnd).isGreaterThanOrEqualTo(model.flushed);
            assertThat(end).as("recovered end beyond anything written").isLessThanOrEqualTo(model.logEnd);
            // unflushed batches that survived stay; the rest are gone
            model.truncateTo(end);
            assertThat(model.logEnd).as("recovery ended inside a batch").isEqualTo(end);
            model.flushed = end;
        }

        void verify() {
            assertThat(log.logStartOffset()).isEqualTo(model.logStart);
            assertThat(log.logEndOffset()).isEqualTo(model.logEnd);
            // every batch reads back byte-identical, found from any offset inside it
            for (LogModel.Batch b : model.batches) {
                long probe = b.baseOffset() + (long) (random.nextDouble() * (b.lastOffset() - b.baseOffset() + 1));
                try (ReadResult r = log.read(probe, 1, Long.MAX_VALUE)) {
                    assertThat(r.status()).as("read at %d", probe).isEqualTo(ReadResult.Status.OK);
                    ByteBuffer got = r.slice().readAll();
                    assertThat(got.remaining()).isEqualTo(b.bytes().length);
                    assertThat(equalExceptTerm(got, b.bytes())).as("batch at %d intact", b.baseOffset()).isTrue();
                    assertThat(RecordBatch.of(got).isCrcValid()).isTrue();
                }
                assertThat(log.termAt(probe)).as("term at %d", probe).isEqualTo(b.term());
            }
            // a full scan in large reads is contiguous, whole-batch, CRC-valid
            long next = model.logStart;
            while (next < model.logEnd) {
                try (ReadResult r = log.read(next, 1 + random.nextInt(8192), Long.MAX_VALUE)) {
                    assertThat(r.status()).isEqualTo(ReadResult.Status.OK);
                    ByteBuffer got = r.slice().readAll();
                    RecordBatch view = new RecordBatch();
                    for (int p = 0; p < got.limit(); p += view.sizeInBytes()) {
                        view.wrap(got, p);
                        assertThat(view.baseOffset()).as("contiguous offsets").isEqualTo(next);
                        assertThat(view.isCrcValid()).as("CRC of batch at %d", next).isTrue();
                        next = view.nextOffset();
                    }
                    assertThat(next).isEqualTo(r.slice().lastOffset() + 1);
                }
            }
            try (ReadResult r = log.read(model.logEnd, 1024, Long.MAX_VALUE)) {
                assertThat(r.status()).isEqualTo(ReadResult.Status.NO_DATA);
            }
            try (ReadResult r = log.read(model.logEnd + 1, 1024, Long.MAX_VALUE)) {
                assertThat(r.status()).isEqualTo(ReadResult.Status.OFFSET_OUT_OF_RANGE);
            }
            // time index agrees with a brute-force search
            for (int i = 0; i < 5; i++) {
                long ts = 9_990L + random.nextInt((int) (nextTimestamp - 9_980L));
                long bound = random.nextBoolean() ? Long.MAX_VALUE
                        : model.logStart + (long) (random.nextDouble() * (model.logEnd - model.logStart + 1));
                long[] expected = model.firstAtOrAfter(ts, bound);
                TimestampLookup got = log.offsetForTimestamp(ts, bound);
                if (expected == null) {
                    assertThat(got.found()).as("lookup of ts %d below %d", ts, bound).isFalse();
                } else {
                    assertThat(got).as("lookup of ts %d below %d", ts, bound).isEqualTo(new TimestampLookup(expected[0], expected[1]));
                }
            }
            // term index agrees with the batches
            if (!model.batches.isEmpty()) {
                LogModel.Batch last = model.batches.get(model.batches.size() - 1);
                assertThat(log.lastTerm()).isEqualTo(last.term());
                int probeTerm = model.batches.get(random.nextInt(model.batches.size())).term();
                long expectedEnd = model.logEnd;
                for (LogModel.Batch b : model.batches) {
                    if (b.term() > probeTerm) {
                        expectedEnd = b.baseOffset();
                        break;
                    }
                }
                assertThat(log.endOffsetForTerm(probeTerm)).isEqualTo(new TermOffset(probeTerm, expectedEnd));
            }
        }

        /** Bytes equal, but for the term field (outside the CRC; see docs/formats.md). */
        boolean equalExceptTerm(ByteBuffer got, byte[] expected) {
            byte[] a = new byte[got.remaining()];
            got.duplicate().get(a);
            byte[] b = expected.clone();
            for (int i = 0; i < 4; i++) {
                a[RecordBatch.PARTITION_LEADER_EPOCH_OFFSET + i] = 0;
                b[RecordBatch.PARTITION_LEADER_EPOCH_OFFSET + i] = 0;
            }
            return Arrays.equals(a, b) && RecordBatch.of(got).partitionLeaderEpoch() == RecordBatch.of(ByteBuffer.wrap(expected)).partitionLeaderEpoch();
        }

        void closeQuietly() {
            if (log != null) {
                try {
                    log.close();
                } catch (RuntimeException ignored) {
                    // the failure being reported matters more
                }
            }
        }
    }
}
