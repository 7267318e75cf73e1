package io.brook.replication.raft;

/**
 * Durable storage of a node's current term and vote. {@link #save} returns only once the state is
 * on disk: a node never answers a message based on a term or vote it could forget in a crash.
 */
public interface HardStateStore {

    /** Term and vote as last saved; term 0 and vote -1 for a new node. */
    record HardState(int term, int votedFor) {
        public static final HardState INITIAL = new HardState(0, -1);
    }

    HardState load();

    void save(HardState state);
}
