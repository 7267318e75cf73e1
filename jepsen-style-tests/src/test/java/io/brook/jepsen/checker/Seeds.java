package io.brook.jepsen.checker;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds for randomized tests. A run draws a fresh base seed and prints it; a failure names the
 * failing seed, and {@code -Dbrook.seed=<seed>} replays exactly that seed (and only it).
 */
final class Seeds {

    static final String PROPERTY = "brook.seed";

    /** The body of one seeded iteration; {@code random} is {@code new Random(seed)}. */
    @FunctionalInterface
    interface SeededCheck {
        void run(long seed, Random random) throws Exception;
    }

    private Seeds() {}

    /**
     * Runs {@code check} once per seed: {@code count} consecutive seeds from a random base, or only
     * the seed given with {@code -Dbrook.seed}. Any throwable becomes an {@link AssertionError}
     * naming the seed to replay.
     */
    static void forEach(String name, int count, SeededCheck check) {
        String replay = System.getProperty(PROPERTY);
        long base;
        int n;
        if (replay != null && !replay.isBlank()) {
            base = Long.parseLong(replay.trim());
            n = 1;
            System.out.println(name + ": replaying seed " + base);
        } else {
            base = ThreadLocalRandom.current().nextLong();
            n = count;
            System.out.println(name + ": seeds " + base + " .. " + (base + n - 1)
                    + " (replay one with -D" + PROPERTY + "=<seed>)");
        }
        for (int i = 0; i < n; i++) {
            long seed = base + i;
            try {
                check.run(seed, new Random(seed));
            } catch (Throwable t) {
                String message = name + " failed for seed " + seed + "; replay with -D" + PROPERTY + "=" + seed;
                System.out.println(message);
                throw new AssertionError(message + ": " + t, t);
            }
        }
    }
}
