/**
 * The broker's metrics and its HTTP endpoint for them: a Prometheus registry per broker
 * ({@link io.brook.broker.metrics.BrokerMetrics}; several brokers may share a JVM, so never the
 * library's global one), the counters and histograms that request dispatch, produce, fetch and the
 * log threads update on the hot path (label children created once, so an update is a lookup-free
 * increment), gauges read from the partition manager only when scraped, the consumer groups' gauges
 * (lag, committed offsets, members, state) from a copy the group coordinator makes once per scrape, and
 * {@link io.brook.broker.metrics.MetricsEndpoint}, which serves {@code /metrics}, {@code /health/live}
 * and {@code /health/ready} on {@code metrics.listener}. The exposition formats are the Prometheus Java
 * client's; nothing here writes them by hand. docs/metrics.md lists every metric.
 *
 * <p>May depend on the network, partition and coordinator packages (to observe them) and on the protocol's record
 * layout; the api handlers depend on it, never the reverse.
 */
package io.brook.broker.metrics;
