/**
 * The Brook broker. {@link io.brook.broker.Broker} starts and stops one; its configuration is
 * {@link io.brook.broker.config.BrokerConfig}. Sub-packages: {@code network} (Netty server, framing,
 * dispatch), {@code api} (one handler per API), {@code partition} (partition logs and the threads that
 * own them), {@code meta} (topic metadata and its local store), {@code config}. Depends on protocol,
 * storage, Netty and RocksDB; nothing depends on the broker but the CLI and tests.
 */
package io.brook.broker;
