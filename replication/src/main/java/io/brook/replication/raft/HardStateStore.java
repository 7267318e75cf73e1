package io.brook.replication.raft;

import java.util.List;

/**
 * Durable storage of a node's current term and vote. {@link #save} returns only once the state is
 * on disk: a node never answers a message based on a term or vote it could forget in a crash.
 *
 * <p>It also carries the node's <em>recovering</em> state (see {@link RaftNode}): the driver, which
 * records how far the node has acknowledged its log, tells the node at construction that its log
 * now ends below that ({@link #damagedAcknowledgedEnd()}), and the node reports when it has caught
 * up ({@link #recovered}).
 */
public interface HardStateStore {

    /** Term and vote as last saved; term 0 and vote -1 for a new node. */
    record HardState(int term, int votedFor) {
        public static final HardState INITIAL = new HardState(0, -1);
    }

    HardState load();

    void save(HardState state);

    /**
     * When this node's log lost entries it had acknowledged (on opening it, the driver found it ends
     * below the end it had recorded as acknowledged, or a recovery was still under way): that
     * recorded end. -1 when the log holds everything it acknowledged. Read once, at construction.
     */
    default long damagedAcknowledgedEnd() {
        return -1;
    }

    /**
     * The recovering node has caught up from a leader: record durably that it is no longer
     * recovering and that {@code acknowledgedEnd} (fsynced and matching the leader) is the end it has
     * acknowledged now. Returns once that is on disk.
     */
    default void recovered(long acknowledgedEnd) {}

    /**
     * The configurations last saved with {@link #saveMembership}, oldest first; empty for a node that
     * never saved any (the group's creation configuration applies).
     */
    default List<MembershipEntry> loadMembership() {
        return List.of();
    }

    /**
     * Records the node's configurations (see {@link MembershipHistory}); returns once they are on
     * disk. Called when a configuration batch enters or leaves the log, before the node acts on it.
     */
    default void saveMembership(List<MembershipEntry> entries) {}
}
