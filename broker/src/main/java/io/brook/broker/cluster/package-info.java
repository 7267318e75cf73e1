/**
 * What brokers say to each other: outbound connections to peers ({@link io.brook.broker.cluster.PeerConnection}),
 * the controller quorum's transport ({@link io.brook.broker.cluster.BrokerControlTransport}, API
 * CONTROL) and the data-plane Raft transport ({@link io.brook.broker.cluster.RaftTransport}, API RAFT:
 * messages of every partition two brokers share, coalesced into one frame per destination and
 * flush, record batches sent from the segment files with zero copy).
 */
package io.brook.broker.cluster;
