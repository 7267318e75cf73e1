package io.brook.replication.raft;

/** Role and commit events of a node, called on the node's thread. */
public interface RaftListener {

    /** This node leads {@code term}; it has appended its term marker. */
    default void onLeader(int term) {}

    /** This node follows in {@code term}; {@code leaderId} is -1 while unknown. */
    default void onFollower(int term, int leaderId) {}

    /** Every offset below {@code commitEnd} is committed (stored on a majority). */
    default void onCommit(long commitEnd) {}

    /**
     * A {@linkplain RaftNode#park() parked} node has work again (an input unparked it): tick it every tick
     * from now on. Called on the node's thread, from within the input.
     */
    default void onUnparked() {}
}
