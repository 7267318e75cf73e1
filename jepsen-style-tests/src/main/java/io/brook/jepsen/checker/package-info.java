/**
 * Checkers over a history, with Jepsen's names: lost-write, unseen, duplicate, inconsistent-offsets,
 * nonmonotonic-poll, poll-skip, unexpected, aborted-read, lost-admin-change, producer-order, the
 * consumer group's group-lost, commit-backwards and group-skip (over group-poll and commit ops), and
 * split-brain over the replicas' final logs; {@link io.brook.jepsen.checker.Checkers} runs them all. Each is a pure function of its inputs
 * that reports every anomaly it finds, with up to 20 examples naming values and positions ({@code
 * p2@41}: partition 2, offset 41).
 *
 * <p>Shared rules: reads are the records of ok polls and ok final reads (a group member's ok
 * group-polls are the group checkers' own); an acknowledgement is an ok
 * send (with the partition and offset the broker gave); offsets increase but need not be contiguous
 * (a new leader's control batch takes an offset no consumer sees), so an offset nobody has a record
 * for is never an anomaly. Each checker is one or two passes with hash maps keyed by value or
 * position (poll-skip adds a sorted offset array per partition), so they stay near-linear for
 * histories of millions of ops.
 *
 * <p>Depends on {@code io.brook.jepsen.history} and the JDK only.
 */
package io.brook.jepsen.checker;
