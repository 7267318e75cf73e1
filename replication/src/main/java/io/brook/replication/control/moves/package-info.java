/**
 * Planning replica moves: which partitions to reassign, and where, to empty a broker (decommission) or to
 * even out the replicas and preferred leaders per broker (rebalance). Pure functions of a
 * {@link io.brook.replication.control.MetadataImage}; the plans are carried out by
 * {@link io.brook.replication.control.ClusterMetadata#reassignPartitions}. Depends only on the control
 * plane's interfaces and the JDK.
 */
package io.brook.replication.control.moves;
