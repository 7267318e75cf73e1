package io.brook.broker.group;

import io.brook.broker.partition.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the coordinator knows of each member's liveness and is not recorded in {@code __groups}: its
 * last heartbeat time and the partitions it last reported owning. A new coordinator starts every
 * member's session afresh at the time it takes over, as Kafka's does. Not thread-safe: owned by the
 * group's coordinator thread.
 */
final class Sessions {

    private final long timeoutMs;
    private final TreeMap<String, Long> lastHeartbeatMs = new TreeMap<>();
    private final TreeMap<String, Set<TopicPartition>> owned = new TreeMap<>();

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

    /** A static member's new id takes over the old one's session. */
    void rename(String oldMemberId, String newMemberId) {
        Long last = lastHeartbeatMs.remove(oldMemberId);
        if (last != null) {
            lastHeartbeatMs.put(newMemberId, last);
        }
        owned.remove(oldMemberId);
    }

    void forget(String memberId) {
        lastHeartbeatMs.remove(memberId);
        owned.remove(memberId);
    }
}
