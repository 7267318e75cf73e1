package io.brook.replication.control;

import java.util.Map;

/**
 * An immutable snapshot of the cluster metadata at one version of the controller's state machine.
 *
 * @param version increases with every change applied
 * @param brokers registered brokers by id
 * @param lastHeartbeatMs per broker id, the controller-log time of its last heartbeat
 * @param topics by name
 * @param nowMs the controller-log time of the newest entry applied (compare with lastHeartbeatMs)
 */
public record MetadataImage(long version, Map<Integer, BrokerRegistration> brokers, Map<Integer, Long> lastHeartbeatMs,
                            Map<String, TopicImage> topics, long nowMs) {

    public static final MetadataImage EMPTY = new MetadataImage(0, Map.of(), Map.of(), Map.of(), 0);

    public MetadataImage {
        brokers = Map.copyOf(brokers);
        lastHeartbeatMs = Map.copyOf(lastHeartbeatMs);
        topics = Map.copyOf(topics);
    }

    /** Whether the broker heartbeated within {@code timeoutMs} of the newest applied entry. */
    public boolean isAlive(int brokerId, long timeoutMs) {
        Long last = lastHeartbeatMs.get(brokerId);
        return last != null && nowMs - last <= timeoutMs;
    }
}
