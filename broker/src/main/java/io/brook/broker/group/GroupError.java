package io.brook.broker.group;

/** Why the coordinator refused a heartbeat; each tells the member what to do next. */
public enum GroupError {
    /** The member id is not in the group (never joined, left, fenced or replaced): rejoin with epoch 0. */
    UNKNOWN_MEMBER_ID,
    /**
     * The member epoch is neither the member's epoch nor an acceptable previous one: the member has
     * been removed; it must give up all its partitions at once and rejoin with epoch 0.
     */
    FENCED_MEMBER_EPOCH,
    /** The heartbeat is malformed (blank member id, a join without topics, a static leave from a dynamic member). */
    INVALID_REQUEST
}
