package io.brook.replication.control.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random principals, resource names and bindings from small alphabets, so that random bindings and random
 * requests often meet: names over {@code a}, {@code b} and {@code -} share prefixes, and a few principals
 * of two types stand beside their wildcards.
 */
final class RandomAcls {

    static final String[] PRINCIPALS = {"User:alice", "User:bob", "User:carol", "Group:ops", "Group:dev"};
    static final String[] WILDCARDS = {"User:*", "Group:*"};
    private static final String ALPHABET = "ab-";

    final Random random;
    private final int maxNameLength;

    RandomAcls(long seed, int maxNameLength) {
        this.random = new Random(seed);
        this.maxNameLength = maxNameLength;
    }

    /**
     * The seeds of a randomized test, printed so a failure can be replayed: {@code -Dbrook.seed=N} runs
     * only seed N, otherwise {@code count} seeds from a fresh base.
     */
    static long[] seeds(String test, int count) {
        String replay = System.getProperty("brook.seed");
        long first = replay == null ? System.nanoTime() : Long.parseLong(replay);
        long[] seeds = new long[replay == null ? count : 1];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = first + i;
        }
        System.out.printf("%s: seeds %d..%d, replay one with -Dbrook.seed=<seed>%n", test, first, first + seeds.length - 1);
        return seeds;
    }

    <E> E pick(E[] values) {
        return values[random.nextInt(values.length)];
    }

    String principal() {
        return random.nextInt(5) == 0 ? pick(WILDCARDS) : pick(PRINCIPALS);
    }

    String name() {
        int length = 1 + random.nextInt(maxNameLength);
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return name.toString();
    }

    ResourcePattern pattern() {
        ResourceType type = pick(ResourceType.values());
        if (type == ResourceType.CLUSTER) {
            return ResourcePattern.cluster();
        }
        int kind = random.nextInt(10);
        if (kind == 0) {
            return ResourcePattern.wildcard(type);
        }
        return kind < 6 ? ResourcePattern.literal(type, name()) : ResourcePattern.prefixed(type, name());
    }

    AclBinding binding() {
        return new AclBinding(principal(), pattern(), pick(Operation.values()), pick(Permission.values()));
    }

    List<AclBinding> bindings(int count) {
        List<AclBinding> bindings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bindings.add(binding());
        }
        return bindings;
    }
}
