package io.brook.replication.control.acl;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The authorization decision over one snapshot of the ACL bindings and the super users. Rules, in order:
 * <ol>
 * <li>a super user is allowed everything, with or without bindings;</li>
 * <li>a binding applies when its pattern {@linkplain ResourcePattern#matches matches} the resource and its
 * principal is the caller's or the caller type's wildcard ({@code User:*} for {@code User:alice});</li>
 * <li>an applying DENY of the operation refuses it, whatever ALLOWs exist;</li>
 * <li>otherwise an applying ALLOW of the operation, or of one that {@linkplain Operation#allowedBy implies}
 * it (READ, WRITE, DELETE, ALTER imply DESCRIBE), allows it;</li>
 * <li>anything else is refused.</li>
 * </ol>
 * This is the decision with {@code authorization.enabled}; with it off the caller does not ask.
 *
 * <p><b>Cost.</b> Building takes O(n log n) time and O(n) memory for n bindings. They are indexed by resource
 * type; under a type, literal names are in a hash map, the wildcard {@code *} apart, and prefixes in a
 * sorted map (p of them); under each pattern, a hash map from principal to the allowed and the denied
 * operations as bit sets. Deciding on a name of L chars takes two principal look-ups (the caller and its
 * {@code Type:*}) under each pattern found: the wildcard, the literal name (one hash look-up of the name),
 * and the prefixes of the name that have bindings. Those are found by a walk down the sorted map: each step
 * is one floor look-up of O(log p) comparisons and either finds a prefix of the name or shortens the query
 * to what it shares with the key found, so a walk takes at most L + 1 steps and often one per matching
 * prefix plus one. So a decision costs O(L) hashing plus O(m + 1) to O(L + 1) floor look-ups for m
 * matching prefixes, whatever the number of literal bindings and of other principals' bindings, where a
 * scan of all bindings costs O(n). It allocates the {@code Type:*} string and a substring per walk step.
 *
 * <p>Immutable and thread-safe: build a new one when the bindings or the super users change.
 */
public final class Authorizer {

    /** By operation ordinal: the bits of the operations whose ALLOW allows it. */
    private static final int[] ALLOW_MASKS = allowMasks();
    private static final Authorizer EMPTY = of(Set.of(), Set.of());

    private final Set<String> superUsers;
    private final Map<ResourceType, ResourceIndex> byType;
    private final int size;

    private Authorizer(Set<String> superUsers, Map<ResourceType, ResourceIndex> byType, int size) {
        this.superUsers = superUsers;
        this.byType = byType;
        this.size = size;
    }

    /**
     * @param bindings duplicates count once
     * @param superUsers principals {@code Type:name} allowed everything; a wildcard is refused, since it
     *     would switch authorization off for a whole type ({@code authorization.enabled=false} says that)
     * @throws InvalidAclException when a super user is malformed or a wildcard
     */
    public static Authorizer of(Collection<AclBinding> bindings, Set<String> superUsers) {
        Set<String> supers = new HashSet<>();
        for (String user : superUsers) {
            Principals.check(user, "super user");
            if (Principals.isWildcard(user)) {
                throw new InvalidAclException("super user '" + user + "' is a wildcard: name each super user,"
                        + " or set authorization.enabled=false to allow everyone everything");
            }
            supers.add(user);
        }
        Set<AclBinding> distinct = new HashSet<>(bindings);
        Map<ResourceType, ResourceIndex> byType = new EnumMap<>(ResourceType.class);
        for (AclBinding binding : distinct) {
            byType.computeIfAbsent(binding.pattern().type(), t -> new ResourceIndex()).add(binding);
        }
        return new Authorizer(Set.copyOf(supers), byType, distinct.size());
    }

    /** @return an authorizer with no bindings and no super users: it refuses everything */
    public static Authorizer empty() {
        return EMPTY;
    }

    /**
     * @param principal the authenticated caller, {@code Type:name}; a string without a type matches no
     *     binding and no super user, so it is refused
     * @param name the resource's name; {@value ResourcePattern#CLUSTER_NAME} for {@link ResourceType#CLUSTER}
     * @return whether {@code principal} may do {@code operation} on the resource, by the rules above
     */
    public boolean authorize(String principal, ResourceType type, String name, Operation operation) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operation, "operation");
        if (superUsers.contains(principal)) {
            return true;
        }
        ResourceIndex index = byType.get(type);
        if (index == null) {
            return false;
        }
        String wildcard = Principals.wildcardOf(principal);
        return index.decide(principal, wildcard, name, operation, ALLOW_MASKS[operation.ordinal()]) == ResourceIndex.ALLOWED;
    }

    /** @return {@link #authorize} on the cluster resource */
    public boolean authorizeCluster(String principal, Operation operation) {
        return authorize(principal, ResourceType.CLUSTER, ResourcePattern.CLUSTER_NAME, operation);
    }

    /** @return whether {@code principal} is one of the super users */
    public boolean isSuperUser(String principal) {
        return superUsers.contains(principal);
    }

    /** @return how many distinct bindings this snapshot holds */
    public int size() {
        return size;
    }

    private static int[] allowMasks() {
        Operation[] all = Operation.values();
        int[] masks = new int[all.length];
        for (Operation requested : all) {
            for (Operation granted : all) {
                if (requested.allowedBy(granted)) {
                    masks[requested.ordinal()] |= 1 << granted.ordinal();
                }
            }
        }
        return masks;
    }
}
