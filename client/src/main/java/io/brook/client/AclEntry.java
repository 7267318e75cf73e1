package io.brook.client;

import java.util.Objects;

/**
 * One ACL: {@code permission} for {@code principal} (e.g. {@code User:alice}, {@code User:*}) to perform
 * {@code operation} on the resources {@code resourceType} named {@code resourceName}, literally or as a
 * prefix ({@code patternType}). The cluster resource is named {@value #CLUSTER_NAME}; the literal name
 * {@code *} means every resource of the type. The broker validates the rest (see docs/security.md).
 */
public record AclEntry(String principal, ResourceType resourceType, String resourceName, PatternType patternType,
                       Operation operation, Permission permission) {

    /** The name of the cluster resource. */
    public static final String CLUSTER_NAME = "cluster";

    public enum ResourceType { CLUSTER, TOPIC, GROUP }

    public enum PatternType { LITERAL, PREFIXED }

    public enum Operation { READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE }

    public enum Permission { ALLOW, DENY }

    public AclEntry {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceName, "resourceName");
        Objects.requireNonNull(patternType, "patternType");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(permission, "permission");
    }

    /**
     * Selects ACLs to list or remove: a null field matches any value, a set one must be equal (names are
     * compared as stored, not matched as patterns).
     */
    public record Filter(String principal, ResourceType resourceType, String resourceName, PatternType patternType,
                         Operation operation, Permission permission) {

        /** Matches every ACL. */
        public static final Filter ANY = new Filter(null, null, null, null, null, null);

        /** The filter matching exactly {@code acl}. */
        public static Filter of(AclEntry acl) {
            return new Filter(acl.principal(), acl.resourceType(), acl.resourceName(), acl.patternType(), acl.operation(), acl.permission());
        }
    }
}
