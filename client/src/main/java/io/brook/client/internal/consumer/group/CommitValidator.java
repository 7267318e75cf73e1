package io.brook.client.internal.consumer.group;

import io.brook.client.OffsetAndMetadata;
import io.brook.client.TopicPartition;
import io.brook.client.internal.consumer.OffsetLookup;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Checks committed offsets against the partitions' leaders before a member resumes from them (as
 * Kafka's KIP-320 validation): a commit at offset c with term t is valid when the leader's log holds
 * term t (or an earlier term) up to at least c. When it ends before c, the records the commit points
 * after were truncated away by a leader change, and the commit diverges at that end. Commits with
 * term -1 (unknown) are not checked.
 *
 * <p>Thread safety: stateless; callable from any thread.
 */
final class CommitValidator {

    /** Where a commit and the leader's log part: the end of the committed term there, and that term (-1 if none). */
    record Divergence(long offset, int term) {
    }

    private final OffsetLookup lookup;

    CommitValidator(OffsetLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * @param committed per partition its commit, or {@code null} when it has none
     * @return the divergent commits among {@code committed}, by partition; empty when every one is valid
     */
    CompletableFuture<Map<TopicPartition, Divergence>> check(Map<TopicPartition, OffsetAndMetadata> committed, long timeoutMs) {
        Map<TopicPartition, Integer> terms = new HashMap<>();
        committed.forEach((tp, o) -> {
            if (o != null && o.term() >= 0 && o.offset() > 0) {
                terms.put(tp, o.term());
            }
        });
        if (terms.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return lookup.endOfTerms(terms, timeoutMs).thenApply(ends -> {
            Map<TopicPartition, Divergence> out = new HashMap<>();
            ends.forEach((tp, end) -> {
                long c = committed.get(tp).offset();
                if (end.endOffset() < c) {
                    out.put(tp, new Divergence(Math.max(0, end.endOffset()), end.term()));
                }
            });
            return out;
        });
    }
}
