package io.brook.broker;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.ConsumerConfig;
import io.brook.client.OffsetResetStrategy;
import io.brook.client.ProducerConfig;

/**
 * Real client configurations for talking to a {@link BrokerFixture}: short timeouts, so that a
 * broken broker fails a test in seconds rather than in the clients' production defaults.
 */
final class TestClients {

    private TestClients() {}

    static ProducerConfig.Builder producer(BrokerFixture broker) {
        return ProducerConfig.builder()
                .bootstrapServers(broker.bootstrap())
                .clientId("test-producer")
                .maxBlockMs(15_000)
                .requestTimeoutMs(15_000)
                .deliveryTimeoutMs(30_000)
                .retryBackoffMs(20)
                .retryBackoffMaxMs(200);
    }

    static ConsumerConfig.Builder consumer(BrokerFixture broker) {
        return ConsumerConfig.builder()
                .bootstrapServers(broker.bootstrap())
                .clientId("test-consumer")
                .autoOffsetReset(OffsetResetStrategy.EARLIEST)
                .requestTimeoutMs(15_000)
                .defaultApiTimeoutMs(15_000)
                .retryBackoffMs(20)
                .retryBackoffMaxMs(200);
    }

    static Admin admin(BrokerFixture broker) {
        return new Admin(AdminConfig.builder()
                .bootstrapServers(broker.bootstrap())
                .clientId("test-admin")
                .requestTimeoutMs(15_000)
                .defaultApiTimeoutMs(15_000)
                .retryBackoffMs(20)
                .retryBackoffMaxMs(200)
                .build());
    }
}
