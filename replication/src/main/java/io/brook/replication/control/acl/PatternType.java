package io.brook.replication.control.acl;

/** How a {@link ResourcePattern}'s name is matched against a resource name. */
public enum PatternType {
    /** The name must be equal, except that the literal {@value ResourcePattern#WILDCARD} matches every name. */
    LITERAL,
    /** The resource name must start with the pattern's name (an equal name matches too). */
    PREFIXED
}
