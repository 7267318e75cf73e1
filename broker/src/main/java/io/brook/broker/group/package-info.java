/**
 * The consumer-group coordinator's assignment state machine, in the manner of Kafka's KIP-848: a
 * pure, deterministic, single-threaded component with no I/O, no networking and no system clock
 * (the caller passes the time in milliseconds). {@link io.brook.broker.group.GroupCoordinator}
 * takes heartbeats, leaves, session ticks and topic metadata for one group, decides, and records
 * every state change as a small immutable {@link io.brook.broker.group.GroupEvent}; {@link
 * io.brook.broker.group.GroupState} is rebuilt by applying those events alone, so that they can be
 * appended to the internal {@code __groups} topic and replayed by a new coordinator. The target
 * assignment comes from an {@link io.brook.broker.group.Assignor} (uniform-sticky by default, range
 * as an option); {@link io.brook.broker.group.Reconciler} moves one member one step toward its
 * target, giving a partition to its new owner only once its previous owner has revoked it.
 *
 * <p>Depends on the JDK and on the value type {@link io.brook.broker.partition.TopicPartition} only:
 * nothing of Netty, the wire protocol, storage or replication. The wire handler and the {@code
 * __groups} persistence will depend on this package, never the reverse.
 */
package io.brook.broker.group;
