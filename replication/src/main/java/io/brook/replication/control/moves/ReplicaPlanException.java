package io.brook.replication.control.moves;

/** A plan cannot be made: a broker that is not registered, or a replica that no live broker can take. */
public final class ReplicaPlanException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReplicaPlanException(String message) {
        super(message);
    }
}
