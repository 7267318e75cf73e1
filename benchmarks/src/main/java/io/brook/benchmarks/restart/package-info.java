/**
 * Restart after a crash (issue 15): {@link io.brook.benchmarks.restart.RestartProbe} measures when a
 * broker restarted after kill -9 (or SIGTERM) acknowledges a produce and answers a fetch again, for
 * Brook and Apache Kafka; benchmarks/restart-recovery.sh fills the log, kills and restarts the broker.
 */
package io.brook.benchmarks.restart;
