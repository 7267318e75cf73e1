package io.brook.client;

import java.util.List;
import java.util.Objects;

/**
 * A consumer group as {@link Admin#describeGroups} describes it.
 *
 * @param groupId the group's id
 * @param state its state ({@link GroupState#DEAD} when its coordinator does not know it)
 * @param groupEpoch the epoch of the group's current target assignment
 * @param assignor the assignor that computes the target assignment ({@code uniform} or {@code range})
 * @param coordinatorId the id of the broker that coordinates the group
 * @param members the members, in the coordinator's order
 */
public record GroupDescription(String groupId, GroupState state, int groupEpoch, String assignor, int coordinatorId,
                               List<MemberDescription> members) {

    public GroupDescription {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(state, "state");
        assignor = Objects.requireNonNullElse(assignor, "");
        members = List.copyOf(members);
    }
}
