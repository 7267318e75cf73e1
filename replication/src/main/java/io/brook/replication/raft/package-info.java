/**
 * Brook's data-plane Raft: one group per partition, whose log is the partition's segment log (each
 * batch carries its term; nothing is written twice).
 *
 * <p>{@link io.brook.replication.raft.RaftNode} is a deterministic state machine without threads,
 * clocks or I/O of its own. Its inputs are messages ({@link io.brook.replication.raft.RaftNode#handle}),
 * ticks ({@link io.brook.replication.raft.RaftNode#tick}), completed flushes
 * ({@link io.brook.replication.raft.RaftNode#onFlushed}) and leader appends; its outputs go through
 * small interfaces the driver supplies: messages to send ({@link io.brook.replication.raft.Outbox}),
 * log changes and flush requests ({@link io.brook.replication.raft.RaftLog}), durable term and vote
 * ({@link io.brook.replication.raft.HardStateStore}) and events ({@link io.brook.replication.raft.RaftListener}).
 * The broker drives it from the partition's owner thread; the simulation test drives many of them
 * from one seeded loop.
 *
 * <p>Offsets are record offsets; "end" offsets are exclusive (the offset after the last record).
 * Implemented: pre-vote, randomized election timeouts, log matching with truncation of a follower's
 * divergent suffix, commit = highest end fsynced on a majority with an entry of the current term,
 * pipelined AppendEntries (several in flight per follower, many batches per request), catch-up and
 * reset of followers behind the leader's log start, check-quorum step-down, leadership transfer,
 * and gating of a node whose log lost entries it had acknowledged (it neither votes, campaigns nor
 * counts towards commits until it has caught up; see {@link io.brook.replication.raft.Recovery}),
 * and membership changes: configurations ({@link io.brook.replication.raft.Membership}: voters and
 * non-voting learners) are batches of the log, in effect as soon as they are in a node's log, changed
 * one voter at a time by the leader ({@link io.brook.replication.raft.RaftNode#proposeMembership}) and
 * kept beside the log by the store ({@link io.brook.replication.raft.MembershipHistory}).
 */
package io.brook.replication.raft;
