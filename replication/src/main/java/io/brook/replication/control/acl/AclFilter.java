package io.brook.replication.control.acl;

/**
 * Selects bindings to list or remove: each field is either null, matching any value, or a value the
 * binding's field must equal. Fields are compared as stored, not matched as patterns: a filter with
 * resource name {@code orders-} and pattern type PREFIXED selects the bindings on that prefix, not the
 * literal bindings on topics starting with it, and principal {@code User:*} selects the wildcard bindings,
 * not every user's. Start from {@link #ANY} and narrow with the {@code with} methods. Building one throws
 * {@link InvalidAclException} when a principal or resource name is given but malformed, so that a typo
 * fails instead of silently matching nothing.
 */
public record AclFilter(String principal, ResourceType resourceType, String resourceName, PatternType patternType,
        Operation operation, Permission permission) {

    /** Matches every binding. */
    public static final AclFilter ANY = new AclFilter(null, null, null, null, null, null);

    public AclFilter {
        if (principal != null) {
            Principals.check(principal, "filter principal");
        }
        if (resourceName != null) {
            ResourcePattern.checkName(resourceName, "filter resource name");
        }
    }

    /** @return the filter matching exactly {@code binding} (and its equals) */
    public static AclFilter of(AclBinding binding) {
        ResourcePattern p = binding.pattern();
        return new AclFilter(binding.principal(), p.type(), p.name(), p.patternType(), binding.operation(), binding.permission());
    }

    public AclFilter withPrincipal(String value) {
        return new AclFilter(value, resourceType, resourceName, patternType, operation, permission);
    }

    public AclFilter withResourceType(ResourceType value) {
        return new AclFilter(principal, value, resourceName, patternType, operation, permission);
    }

    public AclFilter withResourceName(String value) {
        return new AclFilter(principal, resourceType, value, patternType, operation, permission);
    }

    public AclFilter withPatternType(PatternType value) {
        return new AclFilter(principal, resourceType, resourceName, value, operation, permission);
    }

    public AclFilter withOperation(Operation value) {
        return new AclFilter(principal, resourceType, resourceName, patternType, value, permission);
    }

    public AclFilter withPermission(Permission value) {
        return new AclFilter(principal, resourceType, resourceName, patternType, operation, value);
    }

    /** @return whether every non-null field of this filter equals the binding's */
    public boolean matches(AclBinding binding) {
        ResourcePattern p = binding.pattern();
        return (principal == null || principal.equals(binding.principal()))
                && (resourceType == null || resourceType == p.type())
                && (resourceName == null || resourceName.equals(p.name()))
                && (patternType == null || patternType == p.patternType())
                && (operation == null || operation == binding.operation())
                && (permission == null || permission == binding.permission());
    }
}
