package io.brook.replication.raft;

/** Where a node's outgoing messages go; the driver delivers them (and may coalesce them per destination). */
public interface Outbox {

    /** Sends {@code message} to node {@code to}; ownership of any entries passes to the outbox. */
    void send(int to, RaftMessage message);
}
