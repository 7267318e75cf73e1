package io.brook.protocol;

import io.brook.protocol.message.ErrorCode;

/** What clients may do about each {@link ErrorCode}. */
public final class Errors {

    private Errors() {}

    /**
     * Whether the same request may succeed if sent again later (possibly to another broker, after a
     * metadata refresh). Non-retriable errors fail the operation at once.
     */
    public static boolean isRetriable(ErrorCode code) {
        return switch (code) {
            case UNKNOWN_SERVER_ERROR, UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER, LEADER_NOT_AVAILABLE,
                    REQUEST_TIMED_OUT, NOT_ENOUGH_REPLICAS, BROKER_SHUTTING_DOWN, CONTROLLER_NOT_AVAILABLE,
                    TOPIC_DELETION_IN_PROGRESS, THROTTLED, BROKER_NOT_AVAILABLE, NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE,
                    COORDINATOR_LOAD_IN_PROGRESS -> true;
            default -> false;
        };
    }

    /** Whether the client should refresh its metadata before retrying (leadership may have moved). */
    public static boolean needsMetadataRefresh(ErrorCode code) {
        return switch (code) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER, LEADER_NOT_AVAILABLE, BROKER_SHUTTING_DOWN, BROKER_NOT_AVAILABLE -> true;
            default -> false;
        };
    }
}
