package io.brook.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.storage.LogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionRulesTest {

    private static final LogConfig NO_LIMITS = LogConfig.defaults().withRetentionBytes(-1).withRetentionMs(-1);

    @TempDir Path dir;

    private Segments factory;
    /** Four equal segments of offsets [0..9] [10..19] [20..29] [30..39], newest timestamps 100, 200, 300, 400. */
    private Segment[] segs;
    private long size;

    @BeforeEach
    void create() {
        factory = new Segments(dir);
        segs = new Segment[4];
        for (int i = 0; i < 4; i++) {
            segs[i] = factory.create(10L * i, 2, 5, 100L * (i + 1) - 4);
        }
        size = segs[0].size();
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void without_limits_nothing_goes() {
        // when / then
        assertThat(Retention.deletableSegments(segs, NO_LIMITS, Long.MAX_VALUE, Long.MAX_VALUE)).isZero();
    }

    @Test
    void by_size_the_oldest_go_while_the_rest_is_at_least_the_limit() {
        // when / then
        assertThat(Retention.deletableSegments(segs, NO_LIMITS.withRetentionBytes(2 * size), 0, Long.MAX_VALUE)).isEqualTo(2);
        assertThat(Retention.deletableSegments(segs, NO_LIMITS.withRetentionBytes(2 * size + 1), 0, Long.MAX_VALUE)).isEqualTo(1);
        assertThat(Retention.deletableSegments(segs, NO_LIMITS.withRetentionBytes(4 * size), 0, Long.MAX_VALUE)).isZero();
    }

    @Test
    void the_last_segment_never_goes() {
        // when / then
        assertThat(Retention.deletableSegments(segs, NO_LIMITS.withRetentionBytes(0).withRetentionMs(0), Long.MAX_VALUE,
                Long.MAX_VALUE)).isEqualTo(3);
        assertThat(Retention.deletableSegments(new Segment[] {segs[0]}, NO_LIMITS.withRetentionBytes(0), 0, Long.MAX_VALUE))
                .isZero();
    }

    @Test
    void by_time_a_segment_goes_when_its_newest_record_is_older_than_the_limit() {
        // when: records older than 1000 - 750 = 250 may go
        int n = Retention.deletableSegments(segs, NO_LIMITS.withRetentionMs(750), 1000, Long.MAX_VALUE);
        // then
        assertThat(n).isEqualTo(2);
        assertThat(Retention.deletableSegments(segs, NO_LIMITS.withRetentionMs(800), 1000, Long.MAX_VALUE)).isEqualTo(1);
        assertThat(Retention.deletableSegments(segs, NO_LIMITS.withRetentionMs(900), 1000, Long.MAX_VALUE)).isZero();
    }

    @Test
    void either_limit_is_enough() {
        // given: the size limit keeps everything, the time limit does not
        LogConfig config = NO_LIMITS.withRetentionBytes(100 * size).withRetentionMs(750);
        // when / then
        assertThat(Retention.deletableSegments(segs, config, 1000, Long.MAX_VALUE)).isEqualTo(2);
    }

    @Test
    void a_segment_ending_above_max_offset_stops_deletion() {
        // given
        LogConfig all = NO_LIMITS.withRetentionBytes(0);
        // when / then
        assertThat(Retention.deletableSegments(segs, all, 0, 20)).isEqualTo(2);
        assertThat(Retention.deletableSegments(segs, all, 0, 19)).isEqualTo(1);
        assertThat(Retention.deletableSegments(segs, all, 0, 9)).isZero();
    }

    @Test
    void deletion_stops_at_the_first_segment_that_must_stay() throws IOException {
        // given: the first segment is young, the ones after it old
        Path other = Files.createDirectories(dir.resolve("other"));
        try (Segments more = new Segments(other)) {
            Segment[] mixed = {more.create(0, 1, 1, 5000), more.create(1, 1, 1, 10), more.create(2, 1, 1, 10)};
            // when / then
            assertThat(Retention.deletableSegments(mixed, NO_LIMITS.withRetentionMs(100), 5050, Long.MAX_VALUE)).isZero();
        }
    }
}
