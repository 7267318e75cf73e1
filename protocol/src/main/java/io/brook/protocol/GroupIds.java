package io.brook.protocol;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Consumer group ids: the same rules as topic names (1 to {@value TopicNames#MAX_LENGTH} characters
 * from {@code [a-zA-Z0-9._-]}), and the partition of the internal topic {@value #GROUPS_TOPIC} that
 * holds a group.
 */
public final class GroupIds {

    /** The internal replicated topic whose partitions hold groups, their members and committed offsets. */
    public static final String GROUPS_TOPIC = "__groups";

    private GroupIds() {}

    /** @return {@code null} when {@code groupId} is valid, otherwise why it is not */
    public static String check(String groupId) {
        return TopicNames.check("group id", groupId);
    }

    /**
     * The partition of {@value #GROUPS_TOPIC} that holds {@code groupId}: CRC32C of its UTF-8 bytes
     * modulo the partition count. Fixed forever for a given count: a group's records are only ever
     * read back from the partition this names.
     */
    public static int partitionFor(String groupId, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be > 0, got " + partitions);
        }
        CRC32C crc = new CRC32C();
        crc.update(groupId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }
}
