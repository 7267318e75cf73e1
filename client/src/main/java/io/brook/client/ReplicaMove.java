package io.brook.client;

import java.util.List;

/**
 * One partition's move in a plan the broker computed ({@link Admin#decommissionBroker},
 * {@link Admin#rebalanceReplicas}).
 *
 * @param from its replicas before (the target of a move in progress, else its replicas)
 * @param to its target replicas, preferred leader first (the same members in another order: only the
 *     preferred leader changes)
 */
public record ReplicaMove(TopicPartition partition, List<Integer> from, List<Integer> to) {

    public ReplicaMove {
        from = List.copyOf(from);
        to = List.copyOf(to);
    }
}
