package io.brook.client.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.AclEntry;
import io.brook.protocol.message.Acl;
import io.brook.protocol.message.AclOperation;
import io.brook.protocol.message.AclPatternType;
import io.brook.protocol.message.AclPermission;
import io.brook.protocol.message.AclResourceType;
import org.junit.jupiter.api.Test;

/**
 * The client's ACL enums against the wire numbers (AclAdmin maps them by ordinal + 1, as the broker's
 * AclMessages does: AclMessagesTest pins that side), and a null filter field as ANY.
 */
class AclWireTest {

    @Test
    void every_value_goes_out_as_its_wire_number_and_comes_back() {
        for (AclEntry.ResourceType t : AclEntry.ResourceType.values()) {
            for (AclEntry.Operation op : AclEntry.Operation.values()) {
                AclEntry e = new AclEntry("User:a", t, "n", AclEntry.PatternType.PREFIXED, op, AclEntry.Permission.DENY);
                assertThat(AclAdmin.fromWire(AclAdmin.toWire(AclEntry.Filter.of(e)))).isEqualTo(e);
            }
        }
        Acl w = AclAdmin.toWire(AclEntry.Filter.of(new AclEntry("User:a", AclEntry.ResourceType.GROUP, "g", AclEntry.PatternType.LITERAL,
                AclEntry.Operation.DESCRIBE, AclEntry.Permission.ALLOW)));
        assertThat(w.getResourceType()).isEqualTo(AclResourceType.ACL_RESOURCE_GROUP);
        assertThat(w.getPatternType()).isEqualTo(AclPatternType.ACL_PATTERN_LITERAL);
        assertThat(w.getOperation()).isEqualTo(AclOperation.ACL_OPERATION_DESCRIBE);
        assertThat(w.getPermission()).isEqualTo(AclPermission.ACL_PERMISSION_ALLOW);
    }

    @Test
    void unset_filter_fields_are_sent_as_any() {
        Acl w = AclAdmin.toWire(AclEntry.Filter.ANY);

        assertThat(w.getPrincipal()).isEmpty();
        assertThat(w.getResourceName()).isEmpty();
        assertThat(w.getResourceType()).isEqualTo(AclResourceType.ACL_RESOURCE_ANY);
        assertThat(w.getOperation()).isEqualTo(AclOperation.ACL_OPERATION_ANY);
    }
}
