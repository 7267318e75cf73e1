package io.brook.client.internal.admin;

import io.brook.client.BrookException;
import io.brook.client.NewTopic;
import io.brook.client.TopicDescription;
import io.brook.client.TopicExistsException;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.TopicResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * What one topic creation request learned about each topic across its attempts. A topic is sent again
 * only when the previous attempt left its outcome unknown (a retriable error for it, no answer, a
 * closed connection): it may have been created anyway (the controller committed it after the broker
 * gave up waiting). When a retry then finds it existing, that is no failure of this request unless the
 * topic differs from what was asked, which {@link #verify} checks against a description. Used by one
 * request at a time (its attempts run one after another).
 */
final class CreateOutcomes {

    private final Map<String, NewTopic> asked;
    /** Sent in an earlier attempt (and so with an unknown outcome, being sent again). */
    private final Set<String> sentBefore = new HashSet<>();
    private Set<String> sending = Set.of();
    private final Map<String, NewTopic> toVerify = new LinkedHashMap<>();

    CreateOutcomes(Map<String, NewTopic> asked) {
        this.asked = Map.copyOf(asked);
    }

    /** An attempt is about to send {@code names} (those still without a final answer). */
    void attempt(Set<String> names) {
        sentBefore.addAll(sending);
        sending = Set.copyOf(names);
    }

    /** Answers "created" in place of "exists" for the topics an earlier attempt sent too (to be verified). */
    List<TopicResult> sortOut(List<TopicResult> results) {
        List<TopicResult> out = new ArrayList<>(results.size());
        for (TopicResult r : results) {
            String name = r.getName();
            if (r.getErrorCode() == ErrorCode.TOPIC_ALREADY_EXISTS && sentBefore.contains(name) && asked.containsKey(name)) {
                toVerify.put(name, asked.get(name));
                out.add(r.toBuilder().setErrorCode(ErrorCode.NONE).clearErrorMessage().build());
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** The topics a retry found existing after an earlier attempt's outcome was unknown. */
    Map<String, NewTopic> toVerify() {
        return toVerify;
    }

    /**
     * Throws when a topic to verify differs from what was asked (or was not described), joined with the
     * request's other failure, if any; returns when every one matches and nothing else failed.
     *
     * @param found descriptions of {@link #toVerify()}'s topics (missing ones count as not matching)
     * @param failure how the request failed otherwise, or {@code null}
     */
    void verify(Map<String, TopicDescription> found, Throwable failure) {
        List<BrookException> mismatched = new ArrayList<>();
        toVerify.forEach((name, want) -> {
            TopicDescription d = found.get(name);
            if (d == null || d.partitions().size() != want.partitions() || d.replicationFactor() != want.replicationFactor()) {
                String what = d == null ? "and could not be described"
                        : "with " + d.partitions().size() + " partition(s) and replication factor " + d.replicationFactor()
                                + ", not the " + want.partitions() + " and " + want.replicationFactor() + " asked for";
                mismatched.add(new TopicExistsException("topic '" + name + "' already exists " + what + " (an earlier attempt"
                        + " of this request ended without an answer for it, so another client may have created it)", null, ErrorCode.TOPIC_ALREADY_EXISTS));
            }
        });
        Throwable first = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        if (first == null && mismatched.isEmpty()) {
            return;
        }
        if (first == null) {
            first = mismatched.remove(0);
        }
        for (BrookException e : mismatched) {
            first.addSuppressed(e);
        }
        throw first instanceof RuntimeException re ? re : new CompletionException(first);
    }
}
