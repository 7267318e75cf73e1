package io.brook.broker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.protocol.message.Acl;
import io.brook.protocol.message.AclOperation;
import io.brook.protocol.message.AclPatternType;
import io.brook.protocol.message.AclPermission;
import io.brook.protocol.message.AclResourceType;
import io.brook.replication.control.acl.AclBinding;
import io.brook.replication.control.acl.InvalidAclException;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.PatternType;
import io.brook.replication.control.acl.Permission;
import io.brook.replication.control.acl.ResourcePattern;
import io.brook.replication.control.acl.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire numbers of the ACL enums (security.proto) against the control plane's enums: AclMessages maps
 * them by ordinal + 1, so a reordered enum on either side would silently change what an ACL means.
 * The client's AclAdmin pins its own enums the same way (AclWireTest).
 */
class AclMessagesTest {

    @Test
    void each_wire_number_means_the_same_value_on_both_sides() {
        assertThat(List.of(ResourceType.values())).containsExactly(ResourceType.CLUSTER, ResourceType.TOPIC, ResourceType.GROUP);
        assertThat(List.of(AclResourceType.ACL_RESOURCE_CLUSTER.getNumber(), AclResourceType.ACL_RESOURCE_TOPIC.getNumber(),
                AclResourceType.ACL_RESOURCE_GROUP.getNumber())).containsExactly(1, 2, 3);
        assertThat(List.of(PatternType.values())).containsExactly(PatternType.LITERAL, PatternType.PREFIXED);
        assertThat(List.of(AclPatternType.ACL_PATTERN_LITERAL.getNumber(), AclPatternType.ACL_PATTERN_PREFIXED.getNumber()))
                .containsExactly(1, 2);
        assertThat(List.of(Operation.values())).containsExactly(Operation.READ, Operation.WRITE, Operation.CREATE, Operation.DELETE,
                Operation.ALTER, Operation.DESCRIBE);
        assertThat(List.of(AclOperation.ACL_OPERATION_READ.getNumber(), AclOperation.ACL_OPERATION_WRITE.getNumber(),
                AclOperation.ACL_OPERATION_CREATE.getNumber(), AclOperation.ACL_OPERATION_DELETE.getNumber(),
                AclOperation.ACL_OPERATION_ALTER.getNumber(), AclOperation.ACL_OPERATION_DESCRIBE.getNumber()))
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(List.of(Permission.values())).containsExactly(Permission.ALLOW, Permission.DENY);
        assertThat(List.of(AclPermission.ACL_PERMISSION_ALLOW.getNumber(), AclPermission.ACL_PERMISSION_DENY.getNumber()))
                .containsExactly(1, 2);
    }

    @Test
    void a_binding_survives_the_wire_and_a_filter_with_any_matches_it() {
        AclBinding b = AclBinding.deny("User:bob", ResourcePattern.prefixed(ResourceType.GROUP, "ops-"), Operation.DELETE);

        Acl wire = AclMessages.toWire(b);

        assertThat(wire.getResourceType()).isEqualTo(AclResourceType.ACL_RESOURCE_GROUP);
        assertThat(wire.getPatternType()).isEqualTo(AclPatternType.ACL_PATTERN_PREFIXED);
        assertThat(wire.getOperation()).isEqualTo(AclOperation.ACL_OPERATION_DELETE);
        assertThat(wire.getPermission()).isEqualTo(AclPermission.ACL_PERMISSION_DENY);
        assertThat(AclMessages.binding(wire)).isEqualTo(b);
        assertThat(AclMessages.filter(Acl.newBuilder().setPrincipal("User:bob").build()).matches(b)).isTrue();
    }

    @Test
    void a_binding_with_an_any_field_is_refused() {
        Acl any = AclMessages.toWire(AclBinding.allow("User:a", ResourcePattern.literal(ResourceType.TOPIC, "t"), Operation.READ))
                .toBuilder().setOperation(AclOperation.ACL_OPERATION_ANY).build();

        assertThatThrownBy(() -> AclMessages.binding(any)).isInstanceOf(InvalidAclException.class).hasMessageContaining("ANY");
    }
}
