package io.brook.replication.control.acl;

import static io.brook.replication.control.acl.ResourceType.GROUP;
import static io.brook.replication.control.acl.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AclFilterTest {

    private static final AclBinding BINDING = AclBinding.allow("User:alice", ResourcePattern.prefixed(TOPIC, "orders-"), Operation.READ);

    @Test
    void the_any_filter_matches_every_binding() {
        List<AclBinding> bindings = new RandomAcls(42, 4).bindings(200);

        assertThat(bindings).allMatch(AclFilter.ANY::matches);
    }

    @Test
    void each_field_given_must_equal_the_bindings() {
        // given
        List<AclFilter> matching = List.of(AclFilter.ANY.withPrincipal("User:alice"), AclFilter.ANY.withResourceType(TOPIC),
                AclFilter.ANY.withResourceName("orders-"), AclFilter.ANY.withPatternType(PatternType.PREFIXED),
                AclFilter.ANY.withOperation(Operation.READ), AclFilter.ANY.withPermission(Permission.ALLOW));
        List<AclFilter> other = List.of(AclFilter.ANY.withPrincipal("User:bob"), AclFilter.ANY.withResourceType(GROUP),
                AclFilter.ANY.withResourceName("orders"), AclFilter.ANY.withPatternType(PatternType.LITERAL),
                AclFilter.ANY.withOperation(Operation.WRITE), AclFilter.ANY.withPermission(Permission.DENY));
        // when / then
        assertThat(matching).allMatch(f -> f.matches(BINDING));
        assertThat(other).noneMatch(f -> f.matches(BINDING));
    }

    @Test
    void fields_combine_with_and() {
        AclFilter filter = AclFilter.ANY.withPrincipal("User:alice").withOperation(Operation.WRITE);

        assertThat(filter.matches(BINDING)).isFalse();
        assertThat(filter.withOperation(Operation.READ).matches(BINDING)).isTrue();
    }

    @Test
    void the_filter_of_a_binding_matches_it_and_no_other() {
        // given
        AclFilter filter = AclFilter.of(BINDING);
        // when / then
        assertThat(filter.matches(BINDING)).isTrue();
        for (AclBinding other : new RandomAcls(7, 4).bindings(500)) {
            assertThat(filter.matches(other)).as(other.toString()).isEqualTo(other.equals(BINDING));
        }
    }

    @Test
    void a_filter_compares_stored_fields_and_does_not_match_them_as_patterns() {
        AclBinding literal = AclBinding.allow("User:alice", ResourcePattern.literal(TOPIC, "orders-eu"), Operation.READ);
        AclBinding wildcardUser = AclBinding.allow("User:*", ResourcePattern.literal(TOPIC, "orders-eu"), Operation.READ);

        assertThat(AclFilter.ANY.withResourceName("orders-").matches(literal)).isFalse();
        assertThat(AclFilter.ANY.withPrincipal("User:*").matches(literal)).isFalse();
        assertThat(AclFilter.ANY.withPrincipal("User:*").matches(wildcardUser)).isTrue();
        assertThat(AclFilter.ANY.withPrincipal("User:alice").matches(wildcardUser)).isFalse();
    }

    @Test
    void a_malformed_principal_or_empty_name_in_a_filter_is_refused() {
        assertThatThrownBy(() -> AclFilter.ANY.withPrincipal("alice")).isInstanceOf(InvalidAclException.class);
        assertThatThrownBy(() -> AclFilter.ANY.withResourceName("")).isInstanceOf(InvalidAclException.class);
    }
}
