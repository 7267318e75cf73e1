package io.brook.jepsen.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.history.HistoryBuilder;
import io.brook.jepsen.history.HistoryReader;
import io.brook.jepsen.history.Op;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LostAdminChangeCheckerTest {

    private final LostAdminChangeChecker checker = new LostAdminChangeChecker();

    @Test
    void every_acknowledged_change_visible_at_the_end_is_valid() {
        // given
        List<Op> history = new HistoryBuilder()
                .admin(Op.Type.OK, Op.CREATE_TOPIC, 5, "t", "partitions=1")
                .admin(Op.Type.OK, Op.ADD_PARTITIONS, 5, "t", "partitions=2")
                .admin(Op.Type.OK, Op.ALTER_CONFIG, 5, "t", "retention.ms=7")
                .finalDescribe("t", "partitions=2,retention.ms=7")
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.name()).isEqualTo("lost-admin-change");
        assertThat(result.valid()).isTrue();
    }

    @Test
    void an_acknowledged_topic_missing_at_the_end_is_lost() {
        // given
        List<Op> history = new HistoryBuilder()
                .admin(Op.Type.OK, Op.CREATE_TOPIC, 5, "t", "partitions=2")
                .finalDescribe("t", Op.ABSENT)
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isFalse();
        assertThat(result.examples()).containsExactly(
                "create-topic t partitions=2 (op 1) was acknowledged, but t does not exist at the end (op 3)");
    }

    @Test
    void fewer_partitions_than_acknowledged_is_lost() {
        // given
        List<Op> history = new HistoryBuilder()
                .admin(Op.Type.OK, Op.CREATE_TOPIC, 5, "t", "partitions=1")
                .admin(Op.Type.OK, Op.ADD_PARTITIONS, 5, "t", "partitions=3")
                .finalDescribe("t", "partitions=1")
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly(
                "add-partitions t partitions=3 (op 3) was acknowledged, but at the end t has 1 partitions (op 5)");
    }

    @Test
    void a_config_value_lost_is_reported_but_a_later_unknown_change_may_overwrite_it() {
        // given: the second alter timed out and may have applied; the third failed definitely
        List<Op> lost = new HistoryBuilder()
                .admin(Op.Type.OK, Op.ALTER_CONFIG, 5, "t", "retention.ms=7")
                .finalDescribe("t", "partitions=1,retention.ms=604800000")
                .build();
        List<Op> overwritten = new HistoryBuilder()
                .admin(Op.Type.OK, Op.ALTER_CONFIG, 5, "t", "retention.ms=7")
                .admin(Op.Type.INFO, Op.ALTER_CONFIG, 5, "t", "retention.ms=8")
                .finalDescribe("t", "partitions=1,retention.ms=8")
                .build();
        List<Op> failedLater = new HistoryBuilder()
                .admin(Op.Type.OK, Op.ALTER_CONFIG, 5, "t", "retention.ms=7")
                .admin(Op.Type.FAIL, Op.ALTER_CONFIG, 5, "t", "retention.ms=8")
                .finalDescribe("t", "partitions=1,retention.ms=8")
                .build();
        // then
        assertThat(checker.check(lost).examples()).containsExactly(
                "alter-config t retention.ms=7 (op 1) was acknowledged, but at the end retention.ms is 604800000 (op 3)");
        assertThat(checker.check(overwritten).valid()).isTrue();
        assertThat(checker.check(failedLater).valid()).isFalse();
    }

    @Test
    void a_topic_that_could_not_be_described_is_an_anomaly_for_each_acknowledged_change() {
        // given
        List<Op> history = new HistoryBuilder()
                .admin(Op.Type.OK, Op.CREATE_TOPIC, 5, "t", "partitions=1")
                .admin(Op.Type.OK, Op.ALTER_CONFIG, 5, "t", "retention.ms=7")
                .finalDescribe("t", null)
                .admin(Op.Type.OK, Op.CREATE_TOPIC, 5, "u", "partitions=1")
                .build();
        // when
        CheckResult result = checker.check(history);
        // then: t's describe timed out; u was never described at all
        assertThat(result.anomalies()).isEqualTo(3);
        assertThat(result.examples().get(0)).isEqualTo(
                "create-topic t partitions=1 (op 1) was acknowledged, but t could not be described at the end: timeout");
        assertThat(result.examples().get(2)).isEqualTo(
                "create-topic u partitions=1 (op 7) was acknowledged, but u could not be described at the end");
    }

    @Test
    void unacknowledged_changes_are_not_promised() {
        // given
        List<Op> history = new HistoryBuilder()
                .admin(Op.Type.INFO, Op.CREATE_TOPIC, 5, "t", "partitions=1")
                .admin(Op.Type.FAIL, Op.ADD_PARTITIONS, 5, "t", "partitions=2")
                .adminInvoke(Op.CREATE_TOPIC, 6, "u", "partitions=1")
                .finalDescribe("t", Op.ABSENT)
                .build();
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void other_operations_do_not_disturb_it() {
        // given: sends and polls around the admin changes, and a history without any admin change
        List<Op> history = new HistoryBuilder()
                .sendOk(1, "a", 0, 0)
                .admin(Op.Type.OK, Op.CREATE_TOPIC, 5, "t", "partitions=1")
                .poll(2)
                .finalRead(HistoryBuilder.r(0, 0, "a"))
                .finalDescribe("t", "partitions=1")
                .build();
        // then
        assertThat(checker.check(history).valid()).isTrue();
        assertThat(checker.check(new HistoryBuilder().sendOk(1, "a", 0, 0).build()).valid()).isTrue();
    }

    /**
     * {@code golden/admin-history-v1.jsonl}: a history-format-1 file with admin changes, as a run
     * writes them, in which a power loss took a created topic and an added partition.
     */
    @Test
    void golden_admin_history_finds_the_changes_a_power_loss_took() throws IOException {
        // given
        List<Op> history;
        try (Reader in = new InputStreamReader(getClass().getResourceAsStream("/golden/admin-history-v1.jsonl"),
                StandardCharsets.UTF_8)) {
            history = HistoryReader.read(in, "admin-history-v1.jsonl");
        }
        // when
        CheckResult result = checker.check(history);
        // then
        assertThat(result.anomalies()).isEqualTo(2);
        assertThat(result.examples()).containsExactly(
                "create-topic admin-jepsen-1 partitions=2 (op 5) was acknowledged, but admin-jepsen-1 does not exist at the end (op 17)",
                "add-partitions admin-jepsen-0 partitions=2 (op 7) was acknowledged, but at the end admin-jepsen-0 has 1 partitions (op 15)");
        assertThat(Checkers.run(history, null)).filteredOn(r -> !r.valid()).extracting(CheckResult::name)
                .containsExactly("lost-admin-change");
    }
}
