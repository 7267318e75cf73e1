package io.brook.replication.raft;

/**
 * A configuration and where it entered the log.
 *
 * @param offset base offset of the configuration batch; for a configuration that is not a batch of
 *     the log (the one a group was created with, or the one a leader named when it reset this node's
 *     log) an offset below the log start: -1, or the reset log's start - 1
 * @param term the batch's term (0 for the creation configuration)
 */
public record MembershipEntry(long offset, int term, Membership membership) {}
