/**
 * Replication. {@code io.brook.replication.raft}: Brook's own Raft, one group per partition, whose log
 * is the partition's segment log; a deterministic state machine driven by the partition's owner
 * thread. {@code io.brook.replication.control}: the cluster metadata (brokers, topics, replica
 * assignments, leaders), replicated by the controller voters in a metadata log that runs on that same
 * Raft, behind {@link io.brook.replication.control.ClusterMetadata}. Depends on storage; knows nothing
 * of Netty requests (the broker supplies transports and runs the logs).
 */
package io.brook.replication;
