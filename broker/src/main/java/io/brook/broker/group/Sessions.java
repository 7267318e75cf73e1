package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the coordinator knows of each member's liveness and is not recorded in {@code __groups}: its
 * last heartbeat time, the partitions it last reported owning, and since when it has been told to
 * revoke partitions (with its rebalance timeout). A new coordinator starts every
 * member's session afresh at the time it takes over, as Kafka's does. Not thread-safe: owned by the
 * group's coordinator thread.
 */
final class Sessions {

    private final long timeoutMs;
    private final TreeMap<String, Long> lastHeartbeatMs = new TreeMap<>();
    private final TreeMap<String, Set<TopicPartition>> owned = new TreeMap<>();
    private final TreeMap<String, Long> revokingSinceMs = new TreeMap<>();
    private final TreeMap<String, Long> rebalanceTimeoutMs = new TreeMap<>();

    Sessions(long timeoutMs) {
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("session timeout must be positive, was " + timeoutMs);
        }
        this.timeoutMs = timeoutMs;
    }

    /** Records a heartbeat at {@code nowMs}; {@code reported} (null: not reported) replaces the owned partitions. */
    void heartbeat(String memberId, long nowMs, Set<TopicPartition> reported) {
        lastHeartbeatMs.put(memberId, nowMs);
        if (reported != null) {
            owned.put(memberId, reported);
        }
    }

    /** The partitions the member last reported owning, or null if it never did. */
    Set<TopicPartition> owned(String memberId) {
        return owned.get(memberId);
    }

    Long lastHeartbeatMs(String memberId) {
        return lastHeartbeatMs.get(memberId);
    }

    /** The members whose last heartbeat is older than the timeout at {@code nowMs}, in id order. */
    List<String> expired(long nowMs) {
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Long> entry : lastHeartbeatMs.entrySet()) {
            if (nowMs - entry.getValue() > timeoutMs) {
                expired.add(entry.getKey());
            }
        }
        return expired;
    }

    /** The member's rebalance timeout, as its last heartbeat gave it; {@code <= 0} keeps the one it had. */
    void rebalanceTimeout(String memberId, long timeoutMs) {
        if (timeoutMs > 0) {
            rebalanceTimeoutMs.put(memberId, timeoutMs);
        }
    }

    /**
     * Whether the member has partitions pending revocation: the clock of its rebalance timeout starts
     * when it is first told to revoke and stops when it holds nothing pending.
     */
    void revoking(String memberId, boolean pending, long nowMs) {
        if (!pending) {
            revokingSinceMs.remove(memberId);
        } else {
            revokingSinceMs.putIfAbsent(memberId, nowMs);
        }
    }

    /**
     * The members whose revocation has been pending longer than their rebalance timeout, in id order;
     * a member that never gave a rebalance timeout has none.
     */
    List<String> revocationOverdue(long nowMs) {
        List<String> overdue = new ArrayList<>();
        for (Map.Entry<String, Long> entry : revokingSinceMs.entrySet()) {
            Long limit = rebalanceTimeoutMs.get(entry.getKey());
            if (limit != null && nowMs - entry.getValue() > limit) {
                overdue.add(entry.getKey());
            }
        }
        return overdue;
    }

    /** A static member's new id takes over the old one's session. */
    void rename(String oldMemberId, String newMemberId) {
        Long last = lastHeartbeatMs.remove(oldMemberId);
        if (last != null) {
            lastHeartbeatMs.put(newMemberId, last);
        }
        owned.remove(oldMemberId);
        Long since = revokingSinceMs.remove(oldMemberId);
        if (since != null) {
            revokingSinceMs.put(newMemberId, since);
        }
        Long rebalance = rebalanceTimeoutMs.remove(oldMemberId);
        if (rebalance != null) {
            rebalanceTimeoutMs.put(newMemberId, rebalance);
        }
    }

    void forget(String memberId) {
        lastHeartbeatMs.remove(memberId);
        owned.remove(memberId);
        revokingSinceMs.remove(memberId);
        rebalanceTimeoutMs.remove(memberId);
    }
}
