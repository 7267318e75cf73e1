package io.brook.broker.api;

import io.brook.protocol.message.Acl;
import io.brook.protocol.message.AclOperation;
import io.brook.protocol.message.AclPatternType;
import io.brook.protocol.message.AclPermission;
import io.brook.protocol.message.AclResourceType;
import io.brook.replication.control.acl.AclBinding;
import io.brook.replication.control.acl.AclFilter;
import io.brook.replication.control.acl.InvalidAclException;
import io.brook.replication.control.acl.Operation;
import io.brook.replication.control.acl.PatternType;
import io.brook.replication.control.acl.Permission;
import io.brook.replication.control.acl.ResourcePattern;
import io.brook.replication.control.acl.ResourceType;

/**
 * Converts between the wire's {@link Acl} and the control plane's {@link AclBinding} and {@link AclFilter}.
 * A wire ACL for a binding must set every field; in a filter, ANY values and empty strings match all.
 * Stateless.
 */
final class AclMessages {

    private AclMessages() {
    }

    /** @throws InvalidAclException with the reason, for a field missing or out of its rules */
    static AclBinding binding(Acl a) {
        ResourceType type = resourceType(a.getResourceType());
        PatternType pattern = patternType(a.getPatternType());
        Operation op = operation(a.getOperation());
        Permission permission = permission(a.getPermission());
        if (type == null || pattern == null || op == null || permission == null) {
            throw new InvalidAclException("an ACL needs its principal, resource type, resource name, pattern type, operation and "
                    + "permission (none may be ANY)");
        }
        return new AclBinding(a.getPrincipal(), new ResourcePattern(type, a.getResourceName(), pattern), op, permission);
    }

    static AclFilter filter(Acl a) {
        return new AclFilter(a.getPrincipal().isEmpty() ? null : a.getPrincipal(), resourceType(a.getResourceType()),
                a.getResourceName().isEmpty() ? null : a.getResourceName(), patternType(a.getPatternType()), operation(a.getOperation()),
                permission(a.getPermission()));
    }

    static Acl toWire(AclBinding b) {
        return Acl.newBuilder().setPrincipal(b.principal())
                .setResourceType(AclResourceType.forNumber(b.pattern().type().ordinal() + 1))
                .setResourceName(b.pattern().name())
                .setPatternType(AclPatternType.forNumber(b.pattern().patternType().ordinal() + 1))
                .setOperation(AclOperation.forNumber(b.operation().ordinal() + 1))
                .setPermission(AclPermission.forNumber(b.permission().ordinal() + 1))
                .build();
    }

    /** The enums' wire numbers are their ordinals + 1 (0 = ANY); {@code AclMessagesTest} pins that. */
    private static ResourceType resourceType(AclResourceType t) {
        return t.getNumber() <= 0 || t.getNumber() > ResourceType.values().length ? null : ResourceType.values()[t.getNumber() - 1];
    }

    private static PatternType patternType(AclPatternType t) {
        return t.getNumber() <= 0 || t.getNumber() > PatternType.values().length ? null : PatternType.values()[t.getNumber() - 1];
    }

    private static Operation operation(AclOperation t) {
        return t.getNumber() <= 0 || t.getNumber() > Operation.values().length ? null : Operation.values()[t.getNumber() - 1];
    }

    private static Permission permission(AclPermission t) {
        return t.getNumber() <= 0 || t.getNumber() > Permission.values().length ? null : Permission.values()[t.getNumber() - 1];
    }
}
