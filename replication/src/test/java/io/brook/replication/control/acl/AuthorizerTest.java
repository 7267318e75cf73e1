package io.brook.replication.control.acl;

import static io.brook.replication.control.acl.Operation.ALTER;
import static io.brook.replication.control.acl.Operation.CREATE;
import static io.brook.replication.control.acl.Operation.DELETE;
import static io.brook.replication.control.acl.Operation.DESCRIBE;
import static io.brook.replication.control.acl.Operation.READ;
import static io.brook.replication.control.acl.Operation.WRITE;
import static io.brook.replication.control.acl.ResourceType.GROUP;
import static io.brook.replication.control.acl.ResourceType.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

    private static final String ALICE = "User:alice";
    private static final String BOB = "User:bob";

    private static Authorizer of(AclBinding... bindings) {
        return Authorizer.of(List.of(bindings), Set.of());
    }

    /** @return those of {@code names} on which {@code principal} is allowed {@code op} */
    private static List<String> allowedNames(Authorizer authorizer, String principal, ResourceType type, Operation op, String... names) {
        return Stream.of(names).filter(name -> authorizer.authorize(principal, type, name, op)).toList();
    }

    /** @return those of {@code principals} allowed {@code op} on the topic {@code name} */
    private static List<String> allowedPrincipals(Authorizer authorizer, String name, Operation op, String... principals) {
        return Stream.of(principals).filter(principal -> authorizer.authorize(principal, TOPIC, name, op)).toList();
    }

    @Test
    void without_bindings_everything_is_denied() {
        // given
        Authorizer authorizer = Authorizer.empty();
        // when / then
        for (Operation op : Operation.values()) {
            assertThat(authorizer.authorize(ALICE, TOPIC, "orders", op)).as(op.name()).isFalse();
        }
        assertThat(authorizer.authorizeCluster(ALICE, ALTER)).isFalse();
    }

    @Test
    void an_allow_grants_only_its_principal_resource_and_operation() {
        // given
        Authorizer authorizer = of(AclBinding.allow(ALICE, ResourcePattern.literal(TOPIC, "orders"), WRITE));
        // when / then
        assertThat(authorizer.authorize(ALICE, TOPIC, "orders", WRITE)).isTrue();
        assertThat(authorizer.authorize(BOB, TOPIC, "orders", WRITE)).isFalse();
        assertThat(authorizer.authorize(ALICE, TOPIC, "orders2", WRITE)).isFalse();
        assertThat(authorizer.authorize(ALICE, GROUP, "orders", WRITE)).isFalse();
        assertThat(authorizer.authorize(ALICE, TOPIC, "orders", READ)).isFalse();
    }

    @Test
    void a_matching_deny_beats_an_allow() {
        // given
        ResourcePattern orders = ResourcePattern.literal(TOPIC, "orders");
        Authorizer authorizer = of(AclBinding.allow(ALICE, orders, READ), AclBinding.deny(ALICE, orders, READ));
        // when
        boolean allowed = authorizer.authorize(ALICE, TOPIC, "orders", READ);
        // then
        assertThat(allowed).isFalse();
    }

    @Test
    void a_deny_through_any_pattern_or_wildcard_beats_a_literal_allow() {
        ResourcePattern orders = ResourcePattern.literal(TOPIC, "orders-eu");
        AclBinding allow = AclBinding.allow(ALICE, orders, READ);

        assertThat(of(allow, AclBinding.deny(ALICE, ResourcePattern.prefixed(TOPIC, "orders-"), READ))
                .authorize(ALICE, TOPIC, "orders-eu", READ)).as("prefixed deny").isFalse();
        assertThat(of(allow, AclBinding.deny(ALICE, ResourcePattern.wildcard(TOPIC), READ))
                .authorize(ALICE, TOPIC, "orders-eu", READ)).as("wildcard resource deny").isFalse();
        assertThat(of(allow, AclBinding.deny("User:*", orders, READ))
                .authorize(ALICE, TOPIC, "orders-eu", READ)).as("wildcard principal deny").isFalse();
        assertThat(of(allow, AclBinding.deny(BOB, orders, READ))
                .authorize(ALICE, TOPIC, "orders-eu", READ)).as("someone else's deny").isTrue();
    }

    @Test
    void a_super_user_is_allowed_without_bindings_and_despite_denies() {
        // given
        Authorizer authorizer = Authorizer.of(List.of(AclBinding.deny("User:admin", ResourcePattern.wildcard(TOPIC), DELETE)),
                Set.of("User:admin"));
        // when / then
        assertThat(authorizer.isSuperUser("User:admin")).isTrue();
        assertThat(authorizer.authorize("User:admin", TOPIC, "orders", DELETE)).isTrue();
        assertThat(authorizer.authorize("User:admin", GROUP, "g", READ)).isTrue();
        assertThat(authorizer.authorizeCluster("User:admin", ALTER)).isTrue();
        assertThat(authorizer.authorize(ALICE, TOPIC, "orders", DELETE)).isFalse();
    }

    @Test
    void a_prefix_covers_the_names_that_start_with_it_only() {
        // given
        Authorizer authorizer = of(AclBinding.allow(ALICE, ResourcePattern.prefixed(TOPIC, "orders-"), READ));
        // when
        List<String> allowed = allowedNames(authorizer, ALICE, TOPIC, READ, "orders-eu", "orders-", "order", "orders", "my-orders-eu");
        // then
        assertThat(allowed).containsExactly("orders-eu", "orders-");
    }

    @Test
    void nested_prefixes_all_apply_and_the_longer_deny_wins_only_below_it() {
        // given
        Authorizer authorizer = of(AclBinding.allow(ALICE, ResourcePattern.prefixed(TOPIC, "orders-"), WRITE),
                AclBinding.deny(ALICE, ResourcePattern.prefixed(TOPIC, "orders-eu-"), WRITE),
                AclBinding.allow(ALICE, ResourcePattern.prefixed(TOPIC, "orders-eu"), READ),
                AclBinding.allow(ALICE, ResourcePattern.prefixed(TOPIC, "orders-a"), READ));
        // when
        List<String> writable = allowedNames(authorizer, ALICE, TOPIC, WRITE, "orders-us", "orders-eu", "orders-eu-west");
        List<String> readable = allowedNames(authorizer, ALICE, TOPIC, READ, "orders-eu-west", "orders-a1", "orders-b", "orders-e");
        // then
        assertThat(writable).containsExactly("orders-us", "orders-eu");
        assertThat(readable).containsExactly("orders-eu-west", "orders-a1");
    }

    @Test
    void the_literal_wildcard_covers_every_resource_of_its_type_only() {
        // given
        Authorizer authorizer = of(AclBinding.allow(ALICE, ResourcePattern.wildcard(TOPIC), DESCRIBE));
        // when / then
        assertThat(authorizer.authorize(ALICE, TOPIC, "anything", DESCRIBE)).isTrue();
        assertThat(authorizer.authorize(ALICE, TOPIC, "*", DESCRIBE)).isTrue();
        assertThat(authorizer.authorize(ALICE, GROUP, "anything", DESCRIBE)).isFalse();
    }

    @Test
    void the_user_wildcard_principal_covers_every_user_but_not_other_types() {
        // given
        Authorizer authorizer = of(AclBinding.allow("User:*", ResourcePattern.literal(TOPIC, "public"), READ));
        // when
        List<String> allowed = allowedPrincipals(authorizer, "public", READ, ALICE, BOB, "Group:ops", "Userx:alice", "alice");
        // then
        assertThat(allowed).containsExactly(ALICE, BOB);
    }

    @Test
    void a_wildcard_principal_deny_beats_a_named_allow() {
        ResourcePattern orders = ResourcePattern.literal(TOPIC, "orders");
        Authorizer authorizer = of(AclBinding.allow(ALICE, orders, WRITE), AclBinding.deny("User:*", orders, WRITE));

        assertThat(authorizer.authorize(ALICE, TOPIC, "orders", WRITE)).isFalse();
    }

    @Test
    void read_write_delete_and_alter_imply_describe_but_create_does_not() {
        ResourcePattern orders = ResourcePattern.literal(TOPIC, "orders");
        for (Operation granted : List.of(READ, WRITE, DELETE, ALTER)) {
            // given
            Authorizer authorizer = of(AclBinding.allow(ALICE, orders, granted));
            // when / then
            assertThat(authorizer.authorize(ALICE, TOPIC, "orders", DESCRIBE)).as(granted.name()).isTrue();
        }
        assertThat(of(AclBinding.allow(ALICE, orders, CREATE)).authorize(ALICE, TOPIC, "orders", DESCRIBE)).isFalse();
    }

    @Test
    void an_allow_grants_its_own_operation_and_nothing_but_describe_besides() {
        Map<Operation, Set<Operation>> expected = Map.of(READ, EnumSet.of(READ, DESCRIBE), WRITE, EnumSet.of(WRITE, DESCRIBE),
                CREATE, EnumSet.of(CREATE), DELETE, EnumSet.of(DELETE, DESCRIBE), ALTER, EnumSet.of(ALTER, DESCRIBE),
                DESCRIBE, EnumSet.of(DESCRIBE));
        for (Operation granted : Operation.values()) {
            // given
            Authorizer authorizer = of(AclBinding.allow(ALICE, ResourcePattern.literal(TOPIC, "orders"), granted));
            // when
            Set<Operation> allowed = EnumSet.noneOf(Operation.class);
            for (Operation op : Operation.values()) {
                if (authorizer.authorize(ALICE, TOPIC, "orders", op)) {
                    allowed.add(op);
                }
            }
            // then
            assertThat(allowed).as(granted.name()).isEqualTo(expected.get(granted));
        }
    }

    @Test
    void a_deny_refuses_only_its_own_operation_and_not_the_implied_describe() {
        ResourcePattern orders = ResourcePattern.literal(TOPIC, "orders");

        assertThat(of(AclBinding.allow(ALICE, orders, READ), AclBinding.deny(ALICE, orders, WRITE))
                .authorize(ALICE, TOPIC, "orders", DESCRIBE)).as("deny WRITE, describe through READ").isTrue();
        assertThat(of(AclBinding.allow(ALICE, orders, READ), AclBinding.deny(ALICE, orders, DESCRIBE))
                .authorize(ALICE, TOPIC, "orders", DESCRIBE)).as("deny DESCRIBE").isFalse();
        assertThat(of(AclBinding.allow(ALICE, orders, READ), AclBinding.deny(ALICE, orders, DESCRIBE))
                .authorize(ALICE, TOPIC, "orders", READ)).as("deny DESCRIBE, READ itself").isTrue();
    }

    @Test
    void the_cluster_resource_is_authorized_apart_from_topics_named_cluster() {
        // given
        Authorizer authorizer = of(AclBinding.allow(ALICE, ResourcePattern.cluster(), ALTER));
        // when / then
        assertThat(authorizer.authorizeCluster(ALICE, ALTER)).isTrue();
        assertThat(authorizer.authorize(ALICE, ResourceType.CLUSTER, "cluster", DESCRIBE)).isTrue();
        assertThat(authorizer.authorizeCluster(ALICE, CREATE)).isFalse();
        assertThat(authorizer.authorizeCluster(BOB, ALTER)).isFalse();
        assertThat(authorizer.authorize(ALICE, TOPIC, "cluster", ALTER)).isFalse();
    }

    @Test
    void a_wildcard_or_malformed_super_user_is_refused() {
        assertThatThrownBy(() -> Authorizer.of(List.of(), Set.of("User:*")))
                .isInstanceOf(InvalidAclException.class).hasMessageContaining("authorization.enabled=false");
        assertThatThrownBy(() -> Authorizer.of(List.of(), Set.of("admin")))
                .isInstanceOf(InvalidAclException.class).hasMessageContaining("Type:name");
    }

    @Test
    void duplicate_bindings_count_once() {
        AclBinding binding = AclBinding.allow(ALICE, ResourcePattern.literal(TOPIC, "orders"), READ);

        assertThat(Authorizer.of(List.of(binding, binding), Set.of()).size()).isEqualTo(1);
    }
}
