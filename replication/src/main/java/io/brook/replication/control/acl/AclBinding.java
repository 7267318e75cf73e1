package io.brook.replication.control.acl;

/**
 * One ACL: {@code principal} is allowed or denied {@code operation} on the resources of {@code pattern}.
 * The principal is {@code Type:name} ({@code User:alice}); {@code User:*} stands for every principal of
 * type {@code User} (any {@code Type:*} likewise). Unlike Kafka's, a binding has no host: Brook does not
 * restrict by client address, so every binding applies from every host (Kafka's host {@code *}). Adding a
 * host later is a new field under a new {@link AclCodec} version. Building one throws
 * {@link InvalidAclException} when the principal is not {@code Type:name} or a field is missing.
 */
public record AclBinding(String principal, ResourcePattern pattern, Operation operation, Permission permission) {

    public AclBinding {
        Principals.check(principal, "principal");
        if (pattern == null || operation == null || permission == null) {
            throw new InvalidAclException("binding for " + principal + " needs a resource pattern, an operation and a permission, got "
                    + pattern + ", " + operation + ", " + permission);
        }
    }

    /** @return an ALLOW of {@code operation} on {@code pattern} for {@code principal} */
    public static AclBinding allow(String principal, ResourcePattern pattern, Operation operation) {
        return new AclBinding(principal, pattern, operation, Permission.ALLOW);
    }

    /** @return a DENY of {@code operation} on {@code pattern} for {@code principal} */
    public static AclBinding deny(String principal, ResourcePattern pattern, Operation operation) {
        return new AclBinding(principal, pattern, operation, Permission.DENY);
    }

    /** @return whether the principal is a {@code Type:*} wildcard */
    public boolean isWildcardPrincipal() {
        return Principals.isWildcard(principal);
    }
}
