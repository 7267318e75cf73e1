package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.Objects;
import java.util.SortedSet;

/** The content of a heartbeat response: either the member's epoch and assignment, or a typed error. */
public sealed interface HeartbeatResult {

    /**
     * The heartbeat was accepted.
     *
     * @param memberId the member's id (after a static replacement, the new one)
     * @param memberEpoch the member's epoch now; the leave epochs echo a leave
     * @param assigned what the member may consume now: it must stop consuming anything else it owns
     *     and say so in a later heartbeat
     */
    record Accepted(String memberId, int memberEpoch, SortedSet<TopicPartition> assigned) implements HeartbeatResult {
        public Accepted {
            Objects.requireNonNull(memberId, "memberId");
            assigned = Partitions.of(assigned);
        }
    }

    /** The heartbeat was refused; {@code message} says why, for logs. */
    record Rejected(GroupError error, String message) implements HeartbeatResult {
        public Rejected {
            Objects.requireNonNull(error, "error");
        }
    }
}
