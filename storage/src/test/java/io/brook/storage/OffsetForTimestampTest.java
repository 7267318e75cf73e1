package io.brook.storage;

import static io.brook.storage.TestBatches.batch;
import static io.brook.storage.TestBatches.withTimestamps;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OffsetForTimestampTest {

    private static final LogConfig SMALL = LogConfig.defaults().withSegmentBytes(1024).withIndexIntervalBytes(64);

    @TempDir Path dir;

    private PartitionLog log;

    private PartitionLog open(LogConfig config) {
        log = PartitionLog.open(dir, config, () -> 0L);
        return log;
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private static TimestampLookup at(long offset, long timestamp) {
        return new TimestampLookup(offset, timestamp);
    }

    @Test
    void monotonic_timestamps_are_found_exactly_and_between_records_the_next_one_is_found() {
        // given: 30 batches of 3 records, timestamp 1000 + 10 * offset, over several segments
        open(SMALL);
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(TestBatches.withTimestamps(1000 + 30L * i, 1010 + 30L * i, 1020 + 30L * i), 1);
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        // when / then
        for (long offset = 0; offset < 90; offset++) {
            long ts = 1000 + 10 * offset;
            assertThat(log.offsetForTimestamp(ts, Long.MAX_VALUE)).isEqualTo(at(offset, ts));
            if (offset > 0) {
                assertThat(log.offsetForTimestamp(ts - 5, Long.MAX_VALUE)).isEqualTo(at(offset, ts));
            }
        }
    }

    @Test
    void a_timestamp_before_everything_finds_the_first_record() {
        // given
        open(SMALL);
        log.appendAsLeader(withTimestamps(500, 600), 1);
        log.appendAsLeader(withTimestamps(700), 1);
        // when / then
        assertThat(log.offsetForTimestamp(0, Long.MAX_VALUE)).isEqualTo(at(0, 500));
        assertThat(log.offsetForTimestamp(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(at(0, 500));
    }

    @Test
    void a_timestamp_after_everything_is_not_found() {
        // given
        open(SMALL);
        log.appendAsLeader(withTimestamps(500, 600), 1);
        // when
        TimestampLookup lookup = log.offsetForTimestamp(601, Long.MAX_VALUE);
        // then
        assertThat(lookup.found()).isFalse();
        assertThat(lookup).isEqualTo(TimestampLookup.notFound());
    }

    @Test
    void an_empty_log_finds_nothing() {
        // given
        open(SMALL);
        // when / then
        assertThat(log.offsetForTimestamp(0, Long.MAX_VALUE)).isEqualTo(TimestampLookup.notFound());
    }

    @Test
    void with_non_monotonic_timestamps_the_first_record_in_offset_order_is_found() {
        // given: offsets 0..2 | 3..4 | 5..6
        open(SMALL);
        log.appendAsLeader(withTimestamps(500, 300, 700), 1);
        log.appendAsLeader(withTimestamps(100, 200), 1);
        log.appendAsLeader(withTimestamps(900, 50), 1);
        // when / then
        assertThat(log.offsetForTimestamp(50, Long.MAX_VALUE)).isEqualTo(at(0, 500));
        assertThat(log.offsetForTimestamp(501, Long.MAX_VALUE)).isEqualTo(at(2, 700));
        assertThat(log.offsetForTimestamp(701, Long.MAX_VALUE)).isEqualTo(at(5, 900));
        assertThat(log.offsetForTimestamp(901, Long.MAX_VALUE)).isEqualTo(TimestampLookup.notFound());
    }

    @Test
    void the_bound_hides_records_at_and_above_max_offset() {
        // given: offsets 0..2 at 100..102, 3..5 at 200..202
        open(SMALL);
        log.appendAsLeader(withTimestamps(100, 101, 102), 1);
        log.appendAsLeader(withTimestamps(200, 201, 202), 1);
        // when / then
        assertThat(log.offsetForTimestamp(200, 3)).isEqualTo(TimestampLookup.notFound());
        assertThat(log.offsetForTimestamp(200, 4)).isEqualTo(at(3, 200));
        assertThat(log.offsetForTimestamp(201, 4)).isEqualTo(TimestampLookup.notFound());
        assertThat(log.offsetForTimestamp(101, 2)).isEqualTo(at(1, 101));
        assertThat(log.offsetForTimestamp(100, 0)).isEqualTo(TimestampLookup.notFound());
    }

    @Test
    void log_append_time_batches_give_every_record_the_batch_timestamp() {
        // given: records written at 100, 200, 300 in a log-append-time batch
        open(SMALL);
        log.appendAsLeader(withTimestamps(10, 20), 1);
        log.appendAsLeader(TestBatches.logAppendTime(100, 200, 300), 1);
        // when / then: all of them read as 300
        assertThat(log.offsetForTimestamp(150, Long.MAX_VALUE)).isEqualTo(at(2, 300));
        assertThat(log.offsetForTimestamp(300, Long.MAX_VALUE)).isEqualTo(at(2, 300));
        assertThat(log.offsetForTimestamp(301, Long.MAX_VALUE)).isEqualTo(TimestampLookup.notFound());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64, Integer.MAX_VALUE})
    void random_timestamps_give_the_same_answers_as_a_linear_search(int indexIntervalBytes) {
        // given: a fixed seed; timestamps mostly rising with jitter, over several segments
        LogConfig config = LogConfig.defaults().withSegmentBytes(2048).withIndexIntervalBytes(indexIntervalBytes);
        open(config);
        Random random = new Random(42);
        List<Long> timestamps = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            long[] batch = new long[1 + random.nextInt(4)];
            for (int j = 0; j < batch.length; j++) {
                batch[j] = 1000 + 10L * timestamps.size() + random.nextInt(200) - 100;
                timestamps.add(batch[j]);
            }
            log.appendAsLeader(withTimestamps(batch), 1);
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        // when / then, before and after a reopen
        assertLinearSearchAgrees(timestamps, random);
        log.close();
        open(config);
        assertLinearSearchAgrees(timestamps, random);
    }

    private void assertLinearSearchAgrees(List<Long> timestamps, Random random) {
        for (int q = 0; q < 300; q++) {
            long ts = 800 + random.nextInt(timestamps.size() * 10 + 400);
            long bound = random.nextInt(4) == 0 ? random.nextInt(timestamps.size() + 1) : Long.MAX_VALUE;
            TimestampLookup expected = TimestampLookup.notFound();
            for (int o = 0; o < timestamps.size() && o < bound; o++) {
                if (timestamps.get(o) >= ts) {
                    expected = at(o, timestamps.get(o));
                    break;
                }
            }
            assertThat(log.offsetForTimestamp(ts, bound)).as("timestamp %d below %d", ts, bound).isEqualTo(expected);
        }
    }

    @Test
    void lookups_work_after_the_log_grew_past_a_reopen() {
        // given: a reopened log whose active segment keeps growing
        open(SMALL);
        for (int i = 0; i < 10; i++) {
            log.appendAsLeader(batch(2, 1000 + 10L * i), 1);
        }
        log.close();
        open(SMALL);
        // when
        for (int i = 10; i < 20; i++) {
            log.appendAsLeader(batch(2, 1000 + 10L * i), 1);
        }
        // then
        for (int i = 0; i < 20; i++) {
            assertThat(log.offsetForTimestamp(1000 + 10L * i + 1, Long.MAX_VALUE)).isEqualTo(at(2L * i + 1, 1000 + 10L * i + 1));
        }
    }
}
