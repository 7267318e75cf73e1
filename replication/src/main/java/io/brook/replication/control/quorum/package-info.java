/**
 * The control plane on Brook's own Raft: the controller voters replicate a metadata log (a partition
 * log their brokers run, committed on a majority and fsynced like any {@code acks=all} data) and apply
 * it to a deterministic state machine; every broker forwards its changes to the leader and keeps an image.
 * {@link io.brook.replication.control.quorum.QuorumClusterMetadata} is the public face and
 * {@link io.brook.replication.control.quorum.MetadataLog} what a voter's broker provides;
 * {@code MetadataState} is the state machine, {@code MetadataApplier} drives it over the log,
 * {@code ControllerChannel} routes changes and images; {@code MetadataRecords}, {@code CommandCodec},
 * {@code ImageCodec}, {@code MetadataSnapshot} and {@code ControlMessages} are the byte formats.
 * Depends on the control package's interfaces, the storage log (reads) and the record batch format;
 * never on {@code io.brook.replication.raft}, which the broker wires to the log.
 */
package io.brook.replication.control.quorum;
