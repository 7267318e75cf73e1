package io.brook.replication.control.quorum;

/** Seeds for the randomized tests: {@code -Dbrook.seed=N} replays one, otherwise a fresh base is printed. */
final class Seeds {

    private Seeds() {
    }

    /** @return {@code count} seeds starting at the replayed or a random base, after printing the base */
    static long[] of(String test, int count) {
        String fixed = System.getProperty("brook.seed");
        long base = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
        int n = fixed != null ? 1 : count;
        System.out.println(test + ": seeds " + base + ".." + (base + n - 1) + " (replay one with -Dbrook.seed=<seed>)");
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = base + i;
        }
        return seeds;
    }
}
