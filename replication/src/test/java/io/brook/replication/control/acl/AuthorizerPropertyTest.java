package io.brook.replication.control.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The index of {@link Authorizer} decides as a scan of every binding would: the scan below is the rules of
 * the class javadoc written out plainly, with the pattern and principal matching and the DESCRIBE
 * implication spelled out here rather than taken from the classes under test.
 */
class AuthorizerPropertyTest {

    private static final Set<Operation> IMPLY_DESCRIBE = EnumSet.of(Operation.READ, Operation.WRITE, Operation.DELETE,
            Operation.ALTER);

    @Test
    void random_bindings_decide_as_a_scan_of_all_bindings() {
        for (long seed : RandomAcls.seeds("authorizer vs scan", 300)) {
            RandomAcls random = new RandomAcls(seed, 4);
            checkAgainstScan(seed, random, random.bindings(random.random.nextInt(80)), 400, 5);
        }
    }

    @Test
    void thousands_of_bindings_over_long_names_decide_as_a_scan() {
        for (long seed : RandomAcls.seeds("authorizer vs scan, large", 8)) {
            RandomAcls random = new RandomAcls(seed, 12);
            checkAgainstScan(seed, random, random.bindings(3_000), 2_000, 14);
        }
    }

    private static void checkAgainstScan(long seed, RandomAcls random, List<AclBinding> bindings, int queries, int maxQueryLength) {
        // given
        Set<String> superUsers = new HashSet<>();
        if (random.random.nextInt(3) == 0) {
            superUsers.add(random.pick(RandomAcls.PRINCIPALS));
        }
        Authorizer authorizer = Authorizer.of(bindings, superUsers);
        RandomAcls names = new RandomAcls(seed ^ 0x5DEECE66DL, maxQueryLength);
        for (int i = 0; i < queries; i++) {
            String principal = random.random.nextInt(10) == 0 ? random.pick(new String[] {"Svc:x", "User:*"}) : random.pick(RandomAcls.PRINCIPALS);
            ResourceType type = random.pick(ResourceType.values());
            String name = type == ResourceType.CLUSTER ? ResourcePattern.CLUSTER_NAME : names.name();
            Operation operation = random.pick(Operation.values());
            // when
            boolean decided = authorizer.authorize(principal, type, name, operation);
            // then
            assertThat(decided).as("seed %d: %s %s %s '%s' over %d bindings", seed, principal, operation, type, name, bindings.size())
                    .isEqualTo(scan(bindings, superUsers, principal, type, name, operation));
        }
    }

    private static boolean scan(List<AclBinding> bindings, Set<String> superUsers, String principal, ResourceType type, String name,
            Operation operation) {
        if (superUsers.contains(principal)) {
            return true;
        }
        boolean allowed = false;
        for (AclBinding b : bindings) {
            if (!covers(b.pattern(), type, name) || !appliesTo(b.principal(), principal)) {
                continue;
            }
            if (b.permission() == Permission.DENY && b.operation() == operation) {
                return false;
            }
            if (b.permission() == Permission.ALLOW
                    && (b.operation() == operation || (operation == Operation.DESCRIBE && IMPLY_DESCRIBE.contains(b.operation())))) {
                allowed = true;
            }
        }
        return allowed;
    }

    private static boolean covers(ResourcePattern pattern, ResourceType type, String name) {
        if (pattern.type() != type) {
            return false;
        }
        if (pattern.patternType() == PatternType.PREFIXED) {
            return name.startsWith(pattern.name());
        }
        return pattern.name().equals("*") || pattern.name().equals(name);
    }

    private static boolean appliesTo(String bound, String principal) {
        if (bound.equals(principal)) {
            return true;
        }
        return bound.endsWith(":*") && principal.startsWith(bound.substring(0, bound.length() - 1));
    }
}
