package io.brook.client;

import java.util.List;

/**
 * The result of {@link Admin#describeCluster()}.
 *
 * @param controllerId id of the broker acting as controller, or -1 when unknown
 */
public record ClusterDescription(String clusterId, int controllerId, List<BrokerNode> brokers) {

    public ClusterDescription {
        brokers = List.copyOf(brokers);
    }
}
