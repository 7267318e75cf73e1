package io.brook.jepsen.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitBrainCheckerTest {

    private final SplitBrainChecker checker = new SplitBrainChecker();

    /** Entries from "offset=value" pairs. */
    private static List<ReplicaLogs.Entry> log(String... entries) {
        List<ReplicaLogs.Entry> log = new ArrayList<>();
        for (String e : entries) {
            String[] parts = e.split("=");
            log.add(new ReplicaLogs.Entry(Long.parseLong(parts[0]), parts[1]));
        }
        return log;
    }

    private static ReplicaLogs partition0(long commitEnd, List<ReplicaLogs.Entry> b1, List<ReplicaLogs.Entry> b2,
                                          List<ReplicaLogs.Entry> b3) {
        Map<Integer, List<ReplicaLogs.Entry>> replicas = new LinkedHashMap<>();
        replicas.put(1, b1);
        replicas.put(2, b2);
        replicas.put(3, b3);
        return new ReplicaLogs(Map.of(0, replicas), Map.of(0, commitEnd));
    }

    @Test
    void identical_replicas_with_control_batch_gaps_agree() {
        // given: offsets 1 and 4 are control batches no replica lists
        List<ReplicaLogs.Entry> full = log("0=a", "2=b", "3=c", "5=d");
        // when
        CheckResult result = checker.check(partition0(6, full, full, full));
        // then
        assertThat(result.name()).isEqualTo("split-brain");
        assertThat(result.valid()).isTrue();
    }

    @Test
    void a_replica_that_is_behind_or_starts_later_agrees() {
        // given
        ReplicaLogs logs = partition0(6, log("0=a", "2=b", "3=c", "5=d"), log("0=a", "2=b"), log("3=c", "5=d"));
        // when
        CheckResult result = checker.check(logs);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void different_values_at_a_committed_offset_are_a_split_brain() {
        // given
        ReplicaLogs logs = partition0(4, log("0=a", "1=b", "2=c"), log("0=a", "1=x", "2=c"), log("0=a", "1=b"));
        // when
        CheckResult result = checker.check(logs);
        // then
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly("p0@1: broker 1 holds b, broker 2 holds x");
    }

    @Test
    void a_hole_inside_the_range_a_replica_holds_is_a_split_brain() {
        // given: broker 3 has 0 and 3 but not 2
        ReplicaLogs logs = partition0(4, log("0=a", "2=b", "3=c"), log("0=a", "2=b", "3=c"), log("0=a", "3=c"));
        // when
        CheckResult result = checker.check(logs);
        // then
        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(result.examples()).containsExactly("broker 3 lacks p0@2 (b, held by broker 1) between its p0@0 and p0@3");
    }

    @Test
    void uncommitted_tails_may_differ() {
        // given: commit end 2; offsets 2 and 3 are uncommitted
        ReplicaLogs logs = partition0(2, log("0=a", "1=b", "2=new"), log("0=a", "1=b", "2=old", "3=older"),
                log("0=a", "1=b"));
        // when
        CheckResult result = checker.check(logs);
        // then
        assertThat(result.valid()).isTrue();
    }

    @Test
    void two_values_at_one_offset_in_a_replica_are_flagged() {
        // given
        ReplicaLogs logs = partition0(3, log("0=a", "1=b", "1=x", "2=c"), log("0=a", "1=b", "2=c"), log());
        // when
        CheckResult result = checker.check(logs);
        // then
        assertThat(result.examples()).containsExactly("broker 1 holds p0@1 (x) after p0@1 (b): two values at one offset");
    }

    @Test
    void offsets_going_back_in_a_replica_are_flagged() {
        // given
        ReplicaLogs logs = partition0(9, log("0=a", "5=b", "3=c"), log("0=a", "5=b"), log());
        // when
        CheckResult result = checker.check(logs);
        // then
        assertThat(result.examples()).containsExactly("broker 1 holds p0@3 (c) after p0@5 (b): offsets go back");
    }

    @Test
    void without_a_commit_end_whole_logs_are_compared() {
        // given
        Map<Integer, List<ReplicaLogs.Entry>> replicas = Map.of(1, log("0=a", "1=b"), 2, log("0=a", "1=x"));
        ReplicaLogs logs = new ReplicaLogs(Map.of(0, replicas), Map.of());
        // when
        CheckResult result = checker.check(logs);
        // then
        assertThat(result.examples()).containsExactly("p0@1: broker 1 holds b, broker 2 holds x");
    }

    @Test
    void partitions_are_compared_separately() {
        // given: the same offset holds different values in different partitions
        ReplicaLogs logs = new ReplicaLogs(
                Map.of(0, Map.of(1, log("0=a"), 2, log("0=a")), 1, Map.of(1, log("0=z"), 2, log("0=z"))),
                Map.of(0, 1L, 1, 1L));
        // when
        CheckResult result = checker.check(logs);
        // then
        assertThat(result.valid()).isTrue();
    }
}
