/**
 * Reaching a consumer group's coordinator: {@link io.brook.client.internal.coordinator.CoordinatorFinder}
 * asks any broker which one coordinates a group (FindCoordinator), and
 * {@link io.brook.client.internal.coordinator.GroupErrors} turns a coordinator's error codes into
 * exceptions that name the group. Shared by the admin client and the consumer; depends on the
 * metadata and network packages and the protocol messages.
 */
package io.brook.client.internal.coordinator;
