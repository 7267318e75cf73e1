package io.brook.client.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.client.NewTopic;
import io.brook.client.PartitionInfo;
import io.brook.client.TopicDescription;
import io.brook.client.TopicExistsException;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.TopicResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A topic that a retry finds existing after an attempt that left its creation unknown ({@link CreateOutcomes}). */
class CreateOutcomesTest {

    private static TopicResult result(String name, ErrorCode code) {
        return TopicResult.newBuilder().setName(name).setErrorCode(code).setErrorMessage(code == ErrorCode.NONE ? "" : "x").build();
    }

    private static TopicDescription described(String name, int partitions, int rf) {
        List<PartitionInfo> ps = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            ps.add(new PartitionInfo(name, i, 1, 1, List.of(1), List.of(1)));
        }
        return new TopicDescription(name, "id", rf, ps, Map.of(), Map.of());
    }

    private static CreateOutcomes outcomes() {
        Map<String, NewTopic> asked = new LinkedHashMap<>();
        asked.put("a", new NewTopic("a", 10, 3));
        asked.put("b", new NewTopic("b", 10, 3));
        return new CreateOutcomes(asked);
    }

    @Test
    void aTopicFoundExistingAfterATimedOutAttemptCountsAsCreatedWhenItMatches() {
        CreateOutcomes o = outcomes();
        o.attempt(Set.of("a", "b"));
        assertThat(o.sortOut(List.of(result("a", ErrorCode.REQUEST_TIMED_OUT), result("b", ErrorCode.NONE))))
                .extracting(TopicResult::getErrorCode).containsExactly(ErrorCode.REQUEST_TIMED_OUT, ErrorCode.NONE);

        o.attempt(Set.of("a"));
        List<TopicResult> retry = o.sortOut(List.of(result("a", ErrorCode.TOPIC_ALREADY_EXISTS)));

        assertThat(retry).extracting(TopicResult::getErrorCode).containsExactly(ErrorCode.NONE);
        assertThat(o.toVerify()).containsOnlyKeys("a");
        o.verify(Map.of("a", described("a", 10, 3)), null); // no exception: created by the first attempt
    }

    @Test
    void aTopicFoundExistingWithOtherSettingsAfterATimedOutAttemptIsReportedAsExisting() {
        CreateOutcomes o = outcomes();
        o.attempt(Set.of("a", "b"));
        o.sortOut(List.of(result("a", ErrorCode.REQUEST_TIMED_OUT), result("b", ErrorCode.REQUEST_TIMED_OUT)));
        o.attempt(Set.of("a", "b"));
        o.sortOut(List.of(result("a", ErrorCode.TOPIC_ALREADY_EXISTS), result("b", ErrorCode.TOPIC_ALREADY_EXISTS)));

        assertThatThrownBy(() -> o.verify(Map.of("a", described("a", 3, 1)), null))
                .isInstanceOf(TopicExistsException.class)
                .hasMessageContaining("topic 'a' already exists with 3 partition(s) and replication factor 1, not the 10 and 3")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage)
                        .asString().contains("topic 'b' already exists and could not be described"));
    }

    @Test
    void aTopicExistingAtTheFirstAttemptStaysAFailure() {
        CreateOutcomes o = outcomes();
        o.attempt(Set.of("a"));

        List<TopicResult> first = o.sortOut(List.of(result("a", ErrorCode.TOPIC_ALREADY_EXISTS)));

        assertThat(first).extracting(TopicResult::getErrorCode).containsExactly(ErrorCode.TOPIC_ALREADY_EXISTS);
        assertThat(o.toVerify()).isEmpty();
    }

    @Test
    void anotherFailureOfTheRequestIsKeptWithTheMismatches() {
        CreateOutcomes o = outcomes();
        o.attempt(Set.of("a"));
        o.sortOut(List.of(result("a", ErrorCode.REQUEST_TIMED_OUT)));
        o.attempt(Set.of("a"));
        o.sortOut(List.of(result("a", ErrorCode.TOPIC_ALREADY_EXISTS)));
        RuntimeException other = new IllegalStateException("b: invalid config");

        assertThatThrownBy(() -> o.verify(Map.of(), other)).isSameAs(other)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }
}
