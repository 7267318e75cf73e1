/**
 * The control plane: cluster metadata replicated by a controller quorum (atomix-raft 3.1.12 hidden
 * behind {@link io.brook.replication.control.ClusterMetadata}). Brokers register and heartbeat,
 * administrators create, alter and delete topics, the state machine assigns replicas, and every broker
 * follows the resulting {@link io.brook.replication.control.MetadataImage}. Bytes between members
 * travel over a {@link io.brook.replication.control.ControlTransport} that the broker implements on
 * its Netty server. This package holds only interfaces and values (JDK only);
 * {@code control.atomix} implements them ({@code AtomixClusterMetadata}) and is the only package that
 * sees atomix; {@code control.memory} is an in-process transport for tests.
 */
package io.brook.replication.control;
