package io.brook.replication.control.acl;

import static io.brook.replication.control.acl.ResourceType.CLUSTER;
import static io.brook.replication.control.acl.ResourceType.GROUP;
import static io.brook.replication.control.acl.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourcePatternTest {

    @Test
    void a_prefix_matches_the_names_starting_with_it() {
        // given
        ResourcePattern pattern = ResourcePattern.prefixed(TOPIC, "orders-");
        // when / then
        assertThat(pattern.matches(TOPIC, "orders-eu")).isTrue();
        assertThat(pattern.matches(TOPIC, "orders-")).isTrue();
        assertThat(pattern.matches(TOPIC, "order")).isFalse();
        assertThat(pattern.matches(TOPIC, "orders")).isFalse();
        assertThat(pattern.matches(GROUP, "orders-eu")).isFalse();
    }

    @Test
    void a_literal_matches_its_own_name_only() {
        ResourcePattern pattern = ResourcePattern.literal(GROUP, "billing");

        assertThat(pattern.matches(GROUP, "billing")).isTrue();
        assertThat(pattern.matches(GROUP, "billing-2")).isFalse();
        assertThat(pattern.matches(GROUP, "*")).isFalse();
        assertThat(pattern.matches(TOPIC, "billing")).isFalse();
    }

    @Test
    void the_literal_wildcard_matches_every_name_of_its_type() {
        // given
        ResourcePattern pattern = ResourcePattern.wildcard(TOPIC);
        // when / then
        assertThat(pattern.isWildcard()).isTrue();
        assertThat(pattern.matches(TOPIC, "anything")).isTrue();
        assertThat(pattern.matches(TOPIC, "*")).isTrue();
        assertThat(pattern.matches(GROUP, "anything")).isFalse();
        assertThat(ResourcePattern.prefixed(TOPIC, "a").isWildcard()).isFalse();
    }

    @Test
    void the_cluster_pattern_is_the_literal_cluster_name() {
        ResourcePattern cluster = ResourcePattern.cluster();

        assertThat(cluster).isEqualTo(new ResourcePattern(CLUSTER, "cluster", PatternType.LITERAL));
        assertThat(cluster.matches(CLUSTER, "cluster")).isTrue();
        assertThat(cluster.matches(TOPIC, "cluster")).isFalse();
    }

    @Test
    void a_cluster_pattern_with_another_name_a_prefix_or_the_wildcard_is_refused() {
        assertThatThrownBy(() -> ResourcePattern.literal(CLUSTER, "prod"))
                .isInstanceOf(InvalidAclException.class).hasMessageContaining("'cluster'");
        assertThatThrownBy(() -> ResourcePattern.prefixed(CLUSTER, "cluster")).isInstanceOf(InvalidAclException.class);
        assertThatThrownBy(() -> ResourcePattern.wildcard(CLUSTER)).isInstanceOf(InvalidAclException.class);
    }

    @Test
    void a_prefixed_wildcard_is_refused() {
        assertThatThrownBy(() -> ResourcePattern.prefixed(TOPIC, "*"))
                .isInstanceOf(InvalidAclException.class).hasMessageContaining("literal '*'");
    }

    @Test
    void an_empty_or_missing_name_is_refused() {
        assertThatThrownBy(() -> ResourcePattern.literal(TOPIC, "")).isInstanceOf(InvalidAclException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ResourcePattern.prefixed(TOPIC, null)).isInstanceOf(InvalidAclException.class);
    }

    @Test
    void a_name_is_at_most_249_chars() {
        String longest = "t".repeat(ResourcePattern.MAX_NAME_LENGTH);

        assertThat(ResourcePattern.literal(TOPIC, longest).name()).hasSize(249);
        assertThatThrownBy(() -> ResourcePattern.literal(TOPIC, longest + "t"))
                .isInstanceOf(InvalidAclException.class).hasMessageContaining("250 chars");
    }

    @Test
    void a_name_with_a_control_character_or_an_unpaired_surrogate_is_refused() {
        assertThatThrownBy(() -> ResourcePattern.literal(TOPIC, "a\nb")).isInstanceOf(InvalidAclException.class);
        assertThatThrownBy(() -> ResourcePattern.literal(TOPIC, "a\uD83D")).isInstanceOf(InvalidAclException.class);
        assertThatThrownBy(() -> ResourcePattern.literal(TOPIC, "\uDE00a")).isInstanceOf(InvalidAclException.class);
        assertThat(ResourcePattern.literal(TOPIC, "caf\u00e9-\uD83D\uDE00").name()).endsWith("\uD83D\uDE00");
    }

    @Test
    void a_missing_type_is_refused() {
        assertThatThrownBy(() -> new ResourcePattern(null, "orders", PatternType.LITERAL)).isInstanceOf(InvalidAclException.class);
        assertThatThrownBy(() -> new ResourcePattern(TOPIC, "orders", null)).isInstanceOf(InvalidAclException.class);
    }
}
