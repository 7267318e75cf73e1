/**
 * The consumer's group membership: finding the group's coordinator
 * ({@link io.brook.client.internal.consumer.group.Coordinator}), heartbeats and the member's epoch
 * on the network event loop ({@link io.brook.client.internal.consumer.group.MembershipManager}),
 * offset commits and fetches ({@link io.brook.client.internal.consumer.group.OffsetRequests}), and on
 * the application thread the reconciliation of a new assignment inside {@code poll}
 * ({@link io.brook.client.internal.consumer.group.Reconciler}), the commits made for the
 * application and by auto-commit ({@link io.brook.client.internal.consumer.group.Committer}) and
 * what the consumer subscribes to ({@link io.brook.client.internal.consumer.group.GroupSubscription}).
 * Depends on the consumer, metadata and network packages; see docs/groups.md for the protocol.
 */
package io.brook.client.internal.consumer.group;
