package io.brook.client.internal.coordinator;

import io.brook.client.BrookException;
import io.brook.client.GroupIdNotFoundException;
import io.brook.client.GroupNotEmptyException;
import io.brook.client.InvalidGroupIdException;
import io.brook.client.internal.ErrorMapping;
import io.brook.protocol.GroupIds;
import io.brook.protocol.message.ErrorCode;

/**
 * The exceptions of a group operation, with messages that name the group: the group's own errors
 * here, every other code as {@link ErrorMapping} maps it. Stateless.
 */
public final class GroupErrors {

    private static final String RULE = ": use 1 to 249 characters from [a-zA-Z0-9._-]";

    private GroupErrors() {}

    /**
     * @param code a code other than {@code NONE}
     * @param brokerMessage the broker's text, may be empty or {@code null}
     */
    public static BrookException toException(ErrorCode code, String brokerMessage, String groupId) {
        String detail = brokerMessage == null || brokerMessage.isEmpty() ? "" : " (broker: " + brokerMessage + ")";
        return switch (code) {
            // the code says all there is to say: the broker's text would repeat it
            case GROUP_ID_NOT_FOUND -> new GroupIdNotFoundException("group '" + groupId + "' does not exist"
                    + ": `brook group list` lists the groups there are", null, code);
            case NON_EMPTY_GROUP -> new GroupNotEmptyException("group '" + groupId + "' still has members"
                    + ": stop its consumers first (`brook group describe " + groupId + "` lists them)", null, code);
            case INVALID_GROUP_ID -> new InvalidGroupIdException("group id '" + groupId + "' is invalid" + detail + RULE,
                    null, code);
            default -> ErrorMapping.toException(code, brokerMessage, null, -1, -1);
        };
    }

    /** Checks a group id before anything is sent. @throws InvalidGroupIdException with error code NONE */
    public static void check(String groupId) {
        String problem = GroupIds.check(groupId);
        if (problem != null) {
            throw new InvalidGroupIdException(problem + (problem.contains("allowed") ? "" : RULE), null, ErrorCode.NONE);
        }
    }
}
