/**
 * Operating a growing cluster (issue 16), Brook against Apache Kafka on the same machine:
 * {@link io.brook.benchmarks.move.MoveBench} times the move of a large partition to another broker
 * and what it does to the produce latency of other partitions (throttled and not), and, in its
 * {@code rolling} mode, the longest time without an acknowledged record per partition while three
 * brokers restart one at a time (SIGTERM, start again, wait until fully replicated). Each system is
 * reached through {@link io.brook.benchmarks.move.MoveSystem}; benchmarks/compare-moves.sh starts the
 * clusters and alternates the systems.
 */
package io.brook.benchmarks.move;
