package io.brook.replication.control;

/**
 * The outcome of a metadata change.
 *
 * @param error NONE, or why the change was refused
 */
public record MetadataResult(Error error, String message) {

    /** Why a change was refused. */
    public enum Error {
        NONE,
        TOPIC_ALREADY_EXISTS,
        UNKNOWN_TOPIC,
        INVALID_PARTITION_COUNT,
        INVALID_REPLICATION_FACTOR,
        /** No controller quorum could be reached in time: retriable (a change may still have been applied). */
        CONTROLLER_NOT_AVAILABLE,
        /** A heartbeat from a broker that never registered: the broker should register again. */
        UNKNOWN_BROKER,
        /** Every producer id was given out (after 2^63 ids; not expected to happen). */
        PRODUCER_IDS_EXHAUSTED,
        /** The user, or the user's credential for the mechanism, does not exist. */
        USER_NOT_FOUND,
        /** A replica move names no broker, a broker twice, or a broker that is not registered. */
        INVALID_REPLICA_ASSIGNMENT
    }

    public static final MetadataResult OK = new MetadataResult(Error.NONE, "");

    public boolean ok() {
        return error == Error.NONE;
    }
}
