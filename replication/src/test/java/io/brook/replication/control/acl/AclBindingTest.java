package io.brook.replication.control.acl;

import static io.brook.replication.control.acl.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AclBindingTest {

    private static final ResourcePattern ORDERS = ResourcePattern.literal(TOPIC, "orders");

    private static AclBinding readFor(String principal) {
        return AclBinding.allow(principal, ORDERS, Operation.READ);
    }

    @Test
    void principals_of_the_form_type_colon_name_are_accepted() {
        assertThat(readFor("User:alice").principal()).isEqualTo("User:alice");
        assertThat(readFor("Group:ops2").principal()).isEqualTo("Group:ops2");
        assertThat(readFor("User:CN=alice,O=acme:eu").principal()).isEqualTo("User:CN=alice,O=acme:eu");
        assertThat(readFor("User:alice").isWildcardPrincipal()).isFalse();
    }

    @Test
    void the_user_wildcard_principal_is_accepted() {
        AclBinding binding = readFor("User:*");

        assertThat(binding.isWildcardPrincipal()).isTrue();
    }

    @Test
    void a_principal_without_a_type_or_a_name_is_refused() {
        for (String bad : new String[] {"alice", ":alice", "User:", "", ":"}) {
            assertThatThrownBy(() -> readFor(bad)).as(bad).isInstanceOf(InvalidAclException.class).hasMessageContaining("Type:name");
        }
        assertThatThrownBy(() -> readFor(null)).isInstanceOf(InvalidAclException.class).hasMessageContaining("missing");
    }

    @Test
    void a_principal_type_must_be_a_letter_then_letters_or_digits() {
        for (String bad : new String[] {"1User:alice", "Us-er:alice", "*:alice", "Us er:alice"}) {
            assertThatThrownBy(() -> readFor(bad)).as(bad).isInstanceOf(InvalidAclException.class).hasMessageContaining("type");
        }
    }

    @Test
    void a_star_inside_a_principal_name_is_refused() {
        assertThatThrownBy(() -> readFor("User:al*")).isInstanceOf(InvalidAclException.class).hasMessageContaining("'*'");
        assertThatThrownBy(() -> readFor("User:**")).isInstanceOf(InvalidAclException.class);
    }

    @Test
    void an_overlong_principal_or_one_with_a_control_character_is_refused() {
        assertThatThrownBy(() -> readFor("User:" + "a".repeat(1020))).isInstanceOf(InvalidAclException.class).hasMessageContaining("1025 chars");
        assertThatThrownBy(() -> readFor("User:al\tice")).isInstanceOf(InvalidAclException.class);
        assertThat(readFor("User:" + "a".repeat(1019)).principal()).hasSize(1024);
    }

    @Test
    void a_binding_without_pattern_operation_or_permission_is_refused() {
        assertThatThrownBy(() -> new AclBinding("User:alice", null, Operation.READ, Permission.ALLOW)).isInstanceOf(InvalidAclException.class);
        assertThatThrownBy(() -> new AclBinding("User:alice", ORDERS, null, Permission.ALLOW)).isInstanceOf(InvalidAclException.class);
        assertThatThrownBy(() -> new AclBinding("User:alice", ORDERS, Operation.READ, null)).isInstanceOf(InvalidAclException.class);
    }

    @Test
    void allow_and_deny_build_their_permission() {
        assertThat(AclBinding.allow("User:a", ORDERS, Operation.WRITE))
                .isEqualTo(new AclBinding("User:a", ORDERS, Operation.WRITE, Permission.ALLOW));
        assertThat(AclBinding.deny("User:a", ORDERS, Operation.WRITE).permission()).isEqualTo(Permission.DENY);
    }
}
