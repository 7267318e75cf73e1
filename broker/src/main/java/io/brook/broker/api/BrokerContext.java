package io.brook.broker.api;

import io.brook.broker.config.BrokerConfig;
import io.brook.broker.meta.TopicManager;
import io.brook.broker.partition.PartitionManager;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What handlers need of the broker.
 *
 * @param port the port clients are told to use (the bound port unless advertised otherwise)
 */
public record BrokerContext(BrokerConfig config, TopicManager topics, PartitionManager partitions, LongSupplier clock,
                            IntSupplier port) {

    public int brokerId() {
        return config.brokerId();
    }

    public String host() {
        return config.advertisedHost();
    }

    /** The term single-node brokers stamp into batches (replication assigns real Raft terms). */
    public int leaderTerm() {
        return 0;
    }
}
