/**
 * The consumer-group coordinator service: the broker side of the group APIs (FindCoordinator,
 * GroupHeartbeat, OffsetCommit, OffsetFetch, ListGroups, DescribeGroups, DeleteGroups) and the
 * persistence of groups and committed offsets in the internal topic {@code __groups}.
 *
 * <p>{@link io.brook.broker.coordinator.CoordinatorService} owns, on one thread ("group-coordinator"),
 * the groups of every {@code __groups} partition this broker leads: it loads them by replaying the
 * partition when it becomes leader, unloads them when it stops, runs the timers (session and
 * rebalance timeouts, retention), and appends every change through the partition leader's acks=all
 * append path before the request that made it is answered. The record format is
 * {@code group_records.proto} (docs/formats.md).
 *
 * <p>Depends on the pure state machine ({@code broker.group}), the partitions ({@code
 * broker.partition}), configuration, topic administration ({@code broker.meta}), the protocol and the
 * storage log API; the network handlers ({@code broker.api}) and the metrics (through
 * {@link io.brook.broker.coordinator.CoordinatorService#summaries()}) depend on it, not the reverse.
 */
package io.brook.broker.coordinator;
