/**
 * The control plane: cluster metadata replicated by the controller quorum, behind
 * {@link io.brook.replication.control.ClusterMetadata}. Brokers register and heartbeat, administrators
 * create, alter and delete topics, the state machine assigns replicas, and every broker follows the
 * resulting {@link io.brook.replication.control.MetadataImage}. Bytes between brokers travel over a
 * {@link io.brook.replication.control.ControlTransport} that the broker implements on its Netty server.
 * This package holds only interfaces and values (JDK only); {@code control.quorum} implements them on
 * Brook's own Raft ({@code QuorumClusterMetadata}); {@code control.memory} is an in-process transport for
 * tests; {@code control.moves} plans replica moves (decommission, rebalance) from an image.
 */
package io.brook.replication.control;
