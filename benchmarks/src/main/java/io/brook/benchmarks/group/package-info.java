/**
 * The consumer-group benchmark of issue 12, run side by side against Brook and Apache Kafka 4.4:
 * how long a group of consumers takes to have every partition owned and consuming again after a
 * member joins, leaves cleanly or is killed with SIGKILL, what the partitions that do not move lose
 * meanwhile, and the latency and rate of synchronous offset commits. {@link
 * io.brook.benchmarks.group.RebalanceBench} is the entry point; {@code benchmarks/compare-groups.sh}
 * starts the clusters and alternates the systems.
 *
 * <p>Each system is reached through {@link io.brook.benchmarks.group.GroupSystem}; the Kafka one is
 * the only code in the project that uses kafka-clients, the Brook one uses Brook's public client API
 * only. Nothing depends on this package.
 */
package io.brook.benchmarks.group;
