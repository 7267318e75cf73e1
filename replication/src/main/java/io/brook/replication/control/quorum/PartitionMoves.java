package io.brook.replication.control.quorum;

import io.brook.replication.control.MetadataResult;
import io.brook.replication.control.MetadataResult.Error;
import io.brook.replication.control.PartitionAssignment;
import io.brook.replication.control.Reassignment;
import io.brook.replication.control.TopicImage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of replica moves as the state machine applies them: validating a reassignment, the assignment a
 * reassignment or a completion leads to. Pure functions of their arguments (so deterministic on every controller
 * replica); {@link MetadataState} stores what they return.
 */
final class PartitionMoves {

    private PartitionMoves() {
    }

    /**
     * @param registered the ids of the registered brokers
     * @return null when every move is valid, else the error naming the first bad entry
     */
    static MetadataResult validate(List<Reassignment> moves, Map<String, TopicImage> topics, Set<Integer> registered) {
        Set<String> seen = new HashSet<>();
        for (Reassignment m : moves) {
            String where = "partition " + m.partition() + " of topic '" + m.topic() + "'";
            TopicImage t = topics.get(m.topic());
            if (t == null) {
                return new MetadataResult(Error.UNKNOWN_TOPIC, "Topic '" + m.topic() + "' does not exist.");
            }
            if (m.partition() < 0 || m.partition() >= t.partitions().size()) {
                return new MetadataResult(Error.UNKNOWN_TOPIC, "Topic '" + m.topic() + "' has no partition " + m.partition() + ".");
            }
            if (!seen.add(m.topic() + "\u0000" + m.partition())) {
                return invalid("The request moves " + where + " twice.");
            }
            if (m.targetReplicas().isEmpty()) {
                return invalid("The target replicas of " + where + " are empty.");
            }
            if (new HashSet<>(m.targetReplicas()).size() != m.targetReplicas().size()) {
                return invalid("The target replicas " + m.targetReplicas() + " of " + where + " name a broker twice.");
            }
            for (int id : m.targetReplicas()) {
                if (!registered.contains(id)) {
                    return invalid("The target replicas " + m.targetReplicas() + " of " + where + " name broker " + id
                            + ", which is not registered.");
                }
            }
            if (m.throttleBytesPerSec() < 0) {
                return invalid("The throttle of " + where + " is negative: " + m.throttleBytesPerSec() + ".");
            }
        }
        return null;
    }

    /** The assignment after a validated move ({@code p} itself when nothing changes). */
    static PartitionAssignment reassigned(PartitionAssignment p, Reassignment m) {
        List<Integer> target = m.targetReplicas();
        if (!p.moving()) {
            if (target.equals(p.replicas())) {
                return p;
            }
            if (sameMembers(target, p.replicas())) {
                // a new order of the same group: only the preferred leader changes, nothing to move
                return new PartitionAssignment(p.partition(), target, p.leader(), p.leaderTerm());
            }
        }
        // a new move, or a new target (a cancel when it is the replicas) for a running one
        return new PartitionAssignment(p.partition(), p.replicas(), p.leader(), p.leaderTerm(), target, m.throttleBytesPerSec());
    }

    /**
     * The assignment after a completion report, or null when the report is stale (no move runs, or its target
     * has other members). The caller checks the topic id.
     */
    static PartitionAssignment completed(PartitionAssignment p, MetadataCommand.CompleteReassignment c) {
        if (!p.moving() || !sameMembers(p.targetReplicas(), c.replicas())) {
            return null;
        }
        boolean newer = c.term() >= p.leaderTerm();
        return new PartitionAssignment(p.partition(), p.targetReplicas(), newer ? c.leaderId() : p.leader(),
                newer ? c.term() : p.leaderTerm());
    }

    /** Whether two replica lists have the same members (each list free of duplicates). */
    static boolean sameMembers(List<Integer> a, List<Integer> b) {
        return a.size() == b.size() && new HashSet<>(a).equals(new HashSet<>(b));
    }

    private static MetadataResult invalid(String message) {
        return new MetadataResult(Error.INVALID_REPLICA_ASSIGNMENT, message);
    }
}
