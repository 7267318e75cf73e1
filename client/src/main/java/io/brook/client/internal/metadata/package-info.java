/**
 * The client's view of the cluster: an immutable {@link io.brook.client.internal.metadata.Cluster}
 * snapshot (brokers, controller, partitions and leaders) and the
 * {@link io.brook.client.internal.metadata.Metadata} that refreshes it with Metadata requests.
 * Depends on the network package and the protocol messages.
 */
package io.brook.client.internal.metadata;
