package io.brook.jepsen.checker;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateCheckerTest {

    private final DuplicateChecker checker = new DuplicateChecker();

    @Test
    void a_value_read_at_two_offsets_is_a_duplicate() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .sendOk(1, "b", 0, 1)
                .finalRead(r(0, 0, "a"), r(0, 1, "b"), r(0, 3, "a"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.name()).isEqualTo("duplicate");
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly("a at p0@0 (acknowledged, read), p0@3 (read)");
    }

    @Test
    void a_value_read_in_two_partitions_is_a_duplicate() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendInfo(1, "a")
                .poll(2, r(0, 4, "a"))
                .finalRead(r(0, 4, "a"), r(1, 4, "a"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly("a at p0@4 (read), p1@4 (read)");
    }

    @Test
    void a_value_acknowledged_at_one_offset_and_read_only_at_another_is_a_duplicate() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .finalRead(r(0, 4, "a"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.examples()).containsExactly("a at p0@0 (acknowledged), p0@4 (read)");
    }

    @Test
    void the_same_record_read_by_many_readers_is_no_duplicate() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 7)
                .poll(2, r(0, 7, "a"))
                .poll(3, r(0, 7, "a"))
                .seek(3, 0, 0)
                .poll(3, r(0, 7, "a"))
                .finalRead(r(0, 7, "a"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void each_duplicated_value_counts_once_however_many_copies() {
        // given
        List<Op> history = new HistoryBuilder()
                .sendInfo(1, "a")
                .sendInfo(1, "b")
                .finalRead(r(0, 0, "a"), r(0, 1, "a"), r(0, 2, "a"), r(0, 3, "b"), r(0, 4, "b"))
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(2);
        assertThat(result.examples()).containsExactly("a at p0@0 (read), p0@1 (read), p0@2 (read)",
                "b at p0@3 (read), p0@4 (read)");
    }
}
