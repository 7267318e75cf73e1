package io.brook.client;

import java.util.Objects;

/**
 * One consumer group as {@link Admin#listGroups()} lists it.
 *
 * @param groupId the group's id
 * @param state its state on its coordinator
 * @param memberCount how many members it has
 */
public record GroupListing(String groupId, GroupState state, int memberCount) {

    public GroupListing {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(state, "state");
    }
}
