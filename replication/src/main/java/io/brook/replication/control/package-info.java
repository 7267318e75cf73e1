/**
 * The control plane: cluster metadata replicated by a controller quorum (atomix-raft 3.1.12 hidden
 * behind {@link io.brook.replication.control.ClusterMetadata}). Brokers register and heartbeat,
 * administrators create, alter and delete topics, the state machine assigns replicas, and every broker
 * follows the resulting {@link io.brook.replication.control.MetadataImage}. Bytes between members
 * travel over a {@link io.brook.replication.control.ControlTransport} that the broker implements on
 * its Netty server.
 */
package io.brook.replication.control;
