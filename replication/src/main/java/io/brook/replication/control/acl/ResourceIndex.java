package io.brook.replication.control.acl;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bindings of one resource type, indexed for {@link Authorizer}: literal names in a hash map, the
 * wildcard apart, prefixes in a sorted map. Under each pattern, a hash map from principal (or
 * {@code Type:*}) to two bit sets over {@link Operation#ordinal()}: the operations allowed and those denied.
 * Filled by {@link #add} while the authorizer is built, then only read; it is published through the
 * authorizer's final fields, so readers on any thread see it complete.
 */
final class ResourceIndex {

    static final int NO_MATCH = 0;
    static final int ALLOWED = 1;
    static final int DENIED = 2;

    private static final int DENY_SHIFT = 16;

    private final Map<String, Map<String, Integer>> literal = new HashMap<>();
    private final TreeMap<String, Map<String, Integer>> prefixed = new TreeMap<>();
    private final Map<String, Integer> wildcard = new HashMap<>();

    void add(AclBinding binding) {
        ResourcePattern pattern = binding.pattern();
        Map<String, Integer> grants;
        if (pattern.isWildcard()) {
            grants = wildcard;
        } else if (pattern.patternType() == PatternType.PREFIXED) {
            grants = prefixed.computeIfAbsent(pattern.name(), k -> new HashMap<>());
        } else {
            grants = literal.computeIfAbsent(pattern.name(), k -> new HashMap<>());
        }
        int bit = 1 << binding.operation().ordinal();
        int mask = binding.permission() == Permission.DENY ? bit << DENY_SHIFT : bit;
        grants.merge(binding.principal(), mask, (a, b) -> a | b);
    }

    /**
     * @param wildcardPrincipal {@code Type:*} for {@code principal}, or null when it has no type
     * @param allowMask the bits of the operations whose ALLOW allows {@code operation}
     * @return {@link #DENIED} when a matching binding denies {@code operation}, else {@link #ALLOWED} when
     *     one allows it, else {@link #NO_MATCH}
     */
    int decide(String principal, String wildcardPrincipal, String name, Operation operation, int allowMask) {
        int denyMask = (1 << operation.ordinal()) << DENY_SHIFT;
        int seen = masks(wildcard, principal, wildcardPrincipal) | masks(literal.get(name), principal, wildcardPrincipal);
        if ((seen & denyMask) != 0) {
            return DENIED;
        }
        // The greatest key <= query is either a prefix of it or shares its first `common` chars; in the
        // latter case no longer prefix of the query is a key (it would sort between that key and the query),
        // so the walk goes on with query[0, common). Every step shortens the query.
        String query = name;
        while (!query.isEmpty()) {
            Map.Entry<String, Map<String, Integer>> floor = prefixed.floorEntry(query);
            if (floor == null) {
                break;
            }
            String key = floor.getKey();
            int common = commonPrefixLength(key, query);
            if (common == key.length()) {
                seen |= masks(floor.getValue(), principal, wildcardPrincipal);
                if ((seen & denyMask) != 0) {
                    return DENIED;
                }
                common--;
            }
            query = query.substring(0, common);
        }
        return (seen & allowMask) != 0 ? ALLOWED : NO_MATCH;
    }

    private static int masks(Map<String, Integer> grants, String principal, String wildcardPrincipal) {
        if (grants == null) {
            return 0;
        }
        int bits = grants.getOrDefault(principal, 0);
        return wildcardPrincipal == null ? bits : bits | grants.getOrDefault(wildcardPrincipal, 0);
    }

    private static int commonPrefixLength(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
