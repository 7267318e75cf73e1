package io.brook.broker.group;

import io.brook.broker.group.HeartbeatResult.Accepted;
import io.brook.broker.group.HeartbeatResult.Rejected;
import io.brook.broker.partition.TopicPartition;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A consumer process as the simulation plays it: it consumes exactly its {@code owned} partitions,
 * reports them in each heartbeat, starts consuming what it is given at once, and stops consuming what
 * it is no longer given either at once or, when told to be late, only after a few more heartbeats.
 *
 * <p>A consumer whose fencing answer was lost is a <em>zombie</em> until its next heartbeat tells it: it
 * goes on consuming partitions the coordinator has already freed (and may give to another member). No
 * coordinator can prevent that, since it never learns the answer was lost; as in Kafka's KIP-848, what
 * protects the group from a zombie is that its offset commits carry its stale member epoch and are
 * refused (to be built with offsets). The simulation's ownership checks therefore skip zombies.
 */
final class SimulatedConsumer {

    final String memberId;
    final Optional<String> instanceId;
    final TreeSet<TopicPartition> owned = Partitions.builder();
    private final TreeMap<TopicPartition, Integer> lateRevocations = new TreeMap<>(Partitions.ORDER);
    TreeSet<String> subscription;
    int epoch = HeartbeatRequest.JOIN_EPOCH;
    boolean alive = true;
    /** Fenced, but the answer saying so was lost: it does not know yet. */
    boolean zombie;

    /** Short enough that late revocations sometimes pass it, so members are fenced for it too. */
    static final long REBALANCE_TIMEOUT_MS = 4_000;
    long lastHeartbeatMs;

    SimulatedConsumer(String memberId, Optional<String> instanceId, Set<String> subscription) {
        this.memberId = memberId;
        this.instanceId = instanceId;
        this.subscription = new TreeSet<>(subscription);
    }

    /**
     * One heartbeat. {@code late} makes it keep consuming newly revoked partitions for one to three
     * more heartbeats; {@code loseResponse} drops the response (the coordinator acted on the request).
     */
    void heartbeat(GroupCoordinator coordinator, long nowMs, Random random, boolean late, boolean loseResponse) {
        HeartbeatRequest request = new HeartbeatRequest(memberId, instanceId, epoch, subscription, owned);
        HeartbeatResult result = coordinator.heartbeat(request, REBALANCE_TIMEOUT_MS, nowMs);
        lastHeartbeatMs = nowMs;
        lateRevocations.replaceAll((partition, beats) -> beats - 1);
        lateRevocations.entrySet().removeIf(entry -> {
            if (entry.getValue() <= 0) {
                owned.remove(entry.getKey());
                return true;
            }
            return false;
        });
        if (loseResponse) {
            zombie |= result instanceof Rejected;
            return;
        }
        zombie = false;
        if (result instanceof Rejected) {
            owned.clear();
            lateRevocations.clear();
            epoch = HeartbeatRequest.JOIN_EPOCH;
            return;
        }
        Accepted accepted = (Accepted) result;
        epoch = accepted.memberEpoch();
        for (TopicPartition partition : Set.copyOf(owned)) {
            if (!accepted.assigned().contains(partition)) {
                if (late) {
                    lateRevocations.putIfAbsent(partition, 1 + random.nextInt(3));
                } else if (!lateRevocations.containsKey(partition)) {
                    owned.remove(partition);
                }
            }
        }
        lateRevocations.keySet().removeAll(accepted.assigned());
        owned.addAll(accepted.assigned());
    }

    /** The process dies: it consumes nothing from now on. */
    void kill() {
        alive = false;
        owned.clear();
        lateRevocations.clear();
    }
}
