package io.brook.storage.property;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.record.RecordBatch;
import io.brook.storage.AppendInfo;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import io.brook.storage.ProducerState;
import io.brook.storage.ProducerStateRebuild;
import io.brook.storage.SequenceCheck;
import io.brook.storage.TestBatches;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random producers appending as leader (after the check the broker makes, including retries, gaps,
 * stale and bumped epochs) and as follower (anything, control batches too), with random truncations,
 * resets, rolls, retention, clean reopens and crashes ({@link CrashSimulator}). After every step the
 * log's incrementally kept producer state must equal {@link ProducerModel}'s replay of every batch
 * from scratch, and every leader check must give the model's answer.
 *
 * <p>Runs {@code brook.property.cases} cases (default 100) from seed {@code brook.seed}; the seeds
 * are printed, and a failure names its seed, which replays with {@code -Dbrook.seed=N
 * -Dbrook.property.cases=1}.
 */
class ProducerStatePropertyTest {

    private static final long FIRST_SEED = Long.getLong("brook.seed", 20261207L);
    private static final int CASES = Integer.getInteger("brook.property.cases", 100);

    @TempDir Path tmp;

    @Test
    void incrementally_kept_state_equals_a_replay_of_the_whole_log() throws Exception {
        System.out.println("ProducerStatePropertyTest: seeds " + FIRST_SEED + ".." + (FIRST_SEED + CASES - 1));
        for (int i = 0; i < CASES; i++) {
            long seed = FIRST_SEED + i;
            Run run = new Run(seed, tmp.resolve("case-" + seed));
            try {
                run.execute();
            } catch (Throwable t) {
                throw new AssertionError("property failed for seed " + seed + " (replay: -Dbrook.seed=" + seed
                        + " -Dbrook.property.cases=1); ops: " + run.trace, t);
            } finally {
                run.closeQuietly();
                CrashSimulator.deleteRecursively(run.root);
            }
        }
    }

    /** One generated case. */
    private static final class Run {
        final Random random;
        final Path root;
        final AtomicLong clock = new AtomicLong(1_000_000L);
        final ProducerModel model = new ProducerModel();
        final StringBuilder trace = new StringBuilder();
        final LogConfig config;
        final int producers;
        PartitionLog log;
        long flushed;
        int term = 1;
        int generation;
        long timestamp = 10_000;

        Run(long seed, Path root) {
            this.random = new Random(seed);
            this.root = root;
            this.producers = 1 + random.nextInt(6);
            this.config = LogConfig.defaults().withSegmentBytes(LogConfig.MIN_SEGMENT_BYTES + random.nextInt(3000))
                    .withRetentionMs(-1).withRetentionBytes(-1);
        }

        Path dir() {
            return root.resolve("gen-" + generation);
        }

        void execute() throws Exception {
            log = PartitionLog.open(dir(), config, clock::get);
            int ops = 20 + random.nextInt(80);
            for (int op = 0; op < ops; op++) {
                step();
                assertThat(log.producers().entries()).as("state after %s", trace).isEqualTo(model.replay());
            }
            trace.append("final-reopen;");
            log.close();
            log = PartitionLog.open(dir(), config, clock::get);
            assertThat(log.producers().entries()).isEqualTo(model.replay());
            assertThat(log.producerStateRebuild().batchesScanned()).as("a clean reopen replays nothing").isZero();
        }

        void step() throws Exception {
            int r = random.nextInt(100);
            if (r < 50) {
                leaderAppend();
            } else if (r < 65) {
                followerAppend();
            } else if (r < 72) {
                trace.append("flush;");
                flushed = log.flush();
            } else if (r < 78) {
                long target = model.logStart + (long) (random.nextDouble() * (log.logEndOffset() - model.logStart + 2));
                trace.append("truncate(").append(target).append(");");
                log.truncateTo(target);
                model.truncateTo(target);
                flushed = Math.min(flushed, log.logEndOffset());
            } else if (r < 80) {
                long start = log.logEndOffset() + random.nextInt(3);
                trace.append("reset(").append(start).append(");");
                log.truncateFullyAndStartAt(start);
                model.reset(start);
                flushed = start;
            } else if (r < 86) {
                retention();
            } else if (r < 92) {
                trace.append("reopen;");
                log.close();
                log = PartitionLog.open(dir(), config, clock::get);
                flushed = log.logEndOffset();
                checkRebuild();
            } else {
                crash();
            }
        }

        /** One batch from a random producer: mostly the next in sequence, sometimes a retry, gap or epoch change. */
        void leaderAppend() {
            long pid = 1 + random.nextInt(producers);
            short epoch = model.epoch(pid);
            int seq = model.nextSeq(pid);
            int records = 1 + random.nextInt(4);
            if (epoch < 0) {
                epoch = (short) random.nextInt(3);
                // a new producer may start anywhere, e.g. just before the sequence wraps
                seq = random.nextBoolean() ? 0 : Integer.MAX_VALUE - random.nextInt(6);
            }
            int kind = random.nextInt(20);
            String what = "next";
            List<ProducerModel.Batch> history = model.history(pid);
            if (kind == 0 && !history.isEmpty()) {
                ProducerModel.Batch old = history.get(Math.max(0, history.size() - 1 - random.nextInt(8)));
                epoch = old.epoch();
                seq = old.firstSeq();
                records = old.records();
                what = "retry";
            } else if (kind == 1) {
                seq = (int) ((seq + 1L + random.nextInt(3)) % (1L << 31));
                what = "gap";
            } else if (kind == 2 && epoch > 0) {
                epoch--;
                what = "stale-epoch";
            } else if (kind == 3) {
                epoch++;
                seq = random.nextInt(4) == 0 ? 3 : 0;
                what = "bump";
            }
            ByteBuffer batch = TestBatches.idempotent(pid, epoch, seq, records, timestamp, false);
            SequenceCheck expected = model.check(pid, epoch, seq, ProducerState.lastSequence(seq, records));
            SequenceCheck got = log.producers().check(RecordBatch.of(batch));
            trace.append("produce(").append(pid).append(",e").append(epoch).append(",s").append(seq).append('+')
                    .append(records).append(',').append(what).append(")=").append(got.outcome()).append(';');
            assertThat(got.outcome()).isEqualTo(expected.outcome());
            assertThat(got.firstOffset()).isEqualTo(expected.firstOffset());
            assertThat(got.lastOffset()).isEqualTo(expected.lastOffset());
            if (!got.isAppend()) {
                return;
            }
            ByteBuffer buf = random.nextInt(4) == 0 ? TestBatches.concat(TestBatches.batch(1, timestamp), batch) : batch;
            int t = Math.max(term, log.lastTerm());
            AppendInfo info = log.appendAsLeader(buf, t);
            model.add(new ProducerModel.Batch(pid, epoch, seq, records, info.lastOffset() - records + 1,
                    timestamp + records - 1, false));
            timestamp += random.nextInt(50);
        }

        /** Replicated batches: any producer, epoch and sequence (followers do not check), control batches too. */
        void followerAppend() {
            long pid = random.nextInt(5) == 0 ? -1 : 1 + random.nextInt(producers + 2);
            short epoch = (short) random.nextInt(3);
            int seq = random.nextInt(10);
            int records = 1 + random.nextInt(3);
            boolean control = pid >= 0 && random.nextInt(6) == 0;
            long base = log.logEndOffset();
            int t = Math.max(term, log.lastTerm());
            ByteBuffer batch = TestBatches.assigned(TestBatches.idempotent(pid, epoch, seq, records, timestamp, control), base, t);
            trace.append("follow(").append(pid).append(",e").append(epoch).append(",s").append(seq).append('+')
                    .append(records).append(control ? ",control" : "").append(");");
            log.appendAsFollower(batch);
            if (pid >= 0) {
                model.add(new ProducerModel.Batch(pid, epoch, seq, records, base, timestamp + records - 1, control));
            }
            timestamp += random.nextInt(50);
            if (random.nextInt(10) == 0) {
                term++;
            }
        }

        /**
         * Retention, often of every sealed segment; after one that deleted something, often a crash, so
         * that the state of producers whose batches are gone must come from the snapshot at the new start.
         */
        void retention() throws Exception {
            log.reconfigure(config.withRetentionBytes(random.nextBoolean() ? 0 : random.nextInt(3 * config.segmentBytes())));
            long bound = random.nextBoolean() ? Long.MAX_VALUE
                    : model.logStart + (long) (random.nextDouble() * (log.logEndOffset() - model.logStart + 1));
            int deleted = log.enforceRetention(bound);
            log.reconfigure(config);
            model.logStart = log.logStartOffset();
            trace.append("retention(<").append(bound).append(")=").append(deleted).append("->").append(model.logStart).append(';');
            if (deleted > 0 && random.nextBoolean()) {
                assertThat(log.producers().entries()).isEqualTo(model.replay());
                crash();
            }
        }

        void crash() throws Exception {
            flushed = Math.max(flushed, log.flushedOffset());
            Path live = dir();
            generation++;
            CrashSimulator sim = new CrashSimulator(random);
            sim.crashCopy(live, dir(), flushed);
            trace.append("CRASH[").append(sim.describe()).append("];");
            log.close();
            CrashSimulator.deleteRecursively(live);
            log = PartitionLog.open(dir(), config, clock::get);
            assertThat(log.logEndOffset()).isGreaterThanOrEqualTo(flushed);
            model.cutAt(log.logEndOffset());
            flushed = log.logEndOffset();
            checkRebuild();
        }

        void checkRebuild() {
            ProducerStateRebuild r = log.producerStateRebuild();
            trace.append("rebuilt(").append(r.snapshotOffset()).append(',').append(r.batchesScanned()).append(");");
            assertThat(r.damagedSnapshots()).isZero();
            assertThat(r.replayedTo()).isEqualTo(log.logEndOffset());
            assertThat(r.replayedFrom()).isBetween(log.logStartOffset(), log.logEndOffset());
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
