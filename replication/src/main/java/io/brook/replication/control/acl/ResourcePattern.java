package io.brook.replication.control.acl;

import java.util.Objects;

/**
 * The resources a binding applies to: a type and a name matched literally or as a prefix. Rules, checked
 * when built: a {@link ResourceType#CLUSTER} pattern is the literal {@value #CLUSTER_NAME}; a name is 1 to
 * {@value #MAX_NAME_LENGTH} chars without control characters or unpaired surrogates; the literal name
 * {@value #WILDCARD} is the wildcard, every resource of the type (a prefixed {@code *} is refused, since
 * it would read as a prefix of names that start with a star). Names are not held to the topic naming
 * rules here: a pattern no topic can have simply matches nothing. Building one that breaks a rule above
 * throws {@link InvalidAclException}.
 *
 * @param name the literal name, the prefix, or {@value #WILDCARD}
 */
public record ResourcePattern(ResourceType type, String name, PatternType patternType) {

    /** The only name of the cluster resource. */
    public static final String CLUSTER_NAME = "cluster";
    /** As a literal name: every resource of the type. */
    public static final String WILDCARD = "*";
    /** The longest name or prefix, in chars, as for topic names. */
    public static final int MAX_NAME_LENGTH = 249;

    public ResourcePattern {
        if (type == null || patternType == null) {
            throw new InvalidAclException("resource pattern needs a resource type and a pattern type, got "
                    + type + " and " + patternType);
        }
        checkName(name, "resource name");
        if (type == ResourceType.CLUSTER && (patternType != PatternType.LITERAL || !name.equals(CLUSTER_NAME))) {
            throw new InvalidAclException("the cluster resource is the literal name '" + CLUSTER_NAME + "', got "
                    + patternType + " '" + name + "'");
        }
        if (patternType == PatternType.PREFIXED && name.equals(WILDCARD)) {
            throw new InvalidAclException("a prefixed '" + WILDCARD + "' is not a pattern: use the literal '" + WILDCARD
                    + "' for every " + type + " resource");
        }
    }

    /** @return the resource {@code type} named exactly {@code name} ({@value #WILDCARD} is the wildcard) */
    public static ResourcePattern literal(ResourceType type, String name) {
        return new ResourcePattern(type, name, PatternType.LITERAL);
    }

    /** @return every resource of {@code type} whose name starts with {@code prefix} */
    public static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }

    /** @return every resource of {@code type}; not for {@link ResourceType#CLUSTER}, which has only one */
    public static ResourcePattern wildcard(ResourceType type) {
        return literal(type, WILDCARD);
    }

    /** @return the cluster resource */
    public static ResourcePattern cluster() {
        return literal(ResourceType.CLUSTER, CLUSTER_NAME);
    }

    /** @return whether this is the literal {@value #WILDCARD} */
    public boolean isWildcard() {
        return patternType == PatternType.LITERAL && name.equals(WILDCARD);
    }

    /** @return whether the resource of {@code resourceType} named {@code resourceName} is one this pattern covers */
    public boolean matches(ResourceType resourceType, String resourceName) {
        Objects.requireNonNull(resourceName, "resourceName");
        if (resourceType != type) {
            return false;
        }
        if (patternType == PatternType.PREFIXED) {
            return resourceName.startsWith(name);
        }
        return isWildcard() || resourceName.equals(name);
    }

    static String checkName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new InvalidAclException(what + " is empty: use 1 to " + MAX_NAME_LENGTH + " chars");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidAclException(what + " has " + name.length() + " chars, more than " + MAX_NAME_LENGTH);
        }
        if (!Principals.isClean(name)) {
            throw new InvalidAclException(what + " '" + name + "' contains a control character or an unpaired surrogate");
        }
        return name;
    }
}
