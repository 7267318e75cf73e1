/**
 * The Brook broker. {@link io.brook.broker.Broker} starts and stops one; its configuration is
 * {@link io.brook.broker.config.BrokerConfig}. Sub-packages: {@code network} (Netty server, framing,
 * dispatch), {@code api} (one handler per API), {@code partition} (partition logs and the threads that
 * own them), {@code meta} (topic metadata and its local store), {@code config}, {@code metrics} (the
 * Prometheus registry and the /metrics and /health endpoints). Depends on protocol, storage, Netty,
 * RocksDB and the Prometheus Java client; nothing depends on the broker but the CLI and tests.
 */
package io.brook.broker;
