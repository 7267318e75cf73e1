package io.brook.client;

import java.util.Locale;

/** The state of a consumer group, as its coordinator reports it. */
public enum GroupState {
    /** No members: only committed offsets (an application using {@code assign()}, or a group whose consumers stopped). */
    EMPTY,
    /** Every member has the partitions the assignor gave it. */
    STABLE,
    /** Some member is still moving toward its target assignment (giving up or receiving partitions). */
    RECONCILING,
    /** The group does not exist (any more). */
    DEAD,
    /** A state this client does not know (a newer broker). */
    UNKNOWN;

    /** The state named by the wire protocol's lower-case label; {@link #UNKNOWN} for any other. */
    public static GroupState fromLabel(String label) {
        for (GroupState s : values()) {
            if (s != UNKNOWN && s.label().equals(label)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /** The lower-case label used on the wire and by the command line ({@code stable}, ...). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
