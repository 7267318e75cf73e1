package io.brook.replication.control;

import io.brook.replication.control.acl.AclBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the cluster metadata at one version of the controller's state machine.
 *
 * @param version increases with every change applied
 * @param brokers registered brokers by id
 * @param lastHeartbeatMs per broker id, the controller-log time of its last heartbeat
 * @param topics by name
 * @param nowMs the controller-log time of the newest entry applied (compare with lastHeartbeatMs)
 * @param nextProducerId the first producer id not yet given to any broker
 * @param producerIdBlocks per broker id, the first id of the newest block of {@link #PRODUCER_ID_BLOCK_SIZE}
 *     producer ids given to it (a broker hands out ids of its block to idempotent producers)
 * @param users per user name, its credentials by SASL mechanism name
 * @param acls every ACL binding, in the order they were created
 */
public record MetadataImage(long version, Map<Integer, BrokerRegistration> brokers, Map<Integer, Long> lastHeartbeatMs,
                            Map<String, TopicImage> topics, long nowMs, long nextProducerId,
                            Map<Integer, Long> producerIdBlocks, Map<String, Map<String, StoredCredential>> users,
                            List<AclBinding> acls) {

    /** Producer ids per block the controller allocates to a broker. */
    public static final int PRODUCER_ID_BLOCK_SIZE = 1000;

    public static final MetadataImage EMPTY = new MetadataImage(0, Map.of(), Map.of(), Map.of(), 0);

    public MetadataImage {
        brokers = Map.copyOf(brokers);
        lastHeartbeatMs = Map.copyOf(lastHeartbeatMs);
        topics = Map.copyOf(topics);
        producerIdBlocks = Map.copyOf(producerIdBlocks);
        Map<String, Map<String, StoredCredential>> u = new HashMap<>();
        users.forEach((name, byMechanism) -> u.put(name, Map.copyOf(byMechanism)));
        users = Map.copyOf(u);
        acls = List.copyOf(acls);
    }

    /** An image without users or ACLs (as written before they existed). */
    public MetadataImage(long version, Map<Integer, BrokerRegistration> brokers, Map<Integer, Long> lastHeartbeatMs,
                         Map<String, TopicImage> topics, long nowMs, long nextProducerId, Map<Integer, Long> producerIdBlocks) {
        this(version, brokers, lastHeartbeatMs, topics, nowMs, nextProducerId, producerIdBlocks, Map.of(), List.of());
    }

    /** An image in which no producer ids were allocated yet. */
    public MetadataImage(long version, Map<Integer, BrokerRegistration> brokers, Map<Integer, Long> lastHeartbeatMs,
                         Map<String, TopicImage> topics, long nowMs) {
        this(version, brokers, lastHeartbeatMs, topics, nowMs, 0, Map.of());
    }

    /** Whether the broker heartbeated within {@code timeoutMs} of the newest applied entry. */
    public boolean isAlive(int brokerId, long timeoutMs) {
        Long last = lastHeartbeatMs.get(brokerId);
        return last != null && nowMs - last <= timeoutMs;
    }
}
