package io.brook.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Seeded simulations of 3- and 5-node groups under message loss, delay, duplication, reordering,
 * partitions, crashes that lose unflushed data, retention and leadership transfers, checking election
 * safety, log matching, leader completeness, state-machine safety, and that every acknowledged
 * proposal survives. {@code -Dbrook.raft.seeds=N} sets how many seeds run (default 2000) from
 * {@code -Dbrook.raft.firstSeed} (default 1);
 * {@code -Dbrook.seed=S} runs exactly one, replaying a failure.
 */
class RaftSimulationTest {

    private static final int SEEDS = Integer.getInteger("brook.raft.seeds", 2000);
    private static final Long ONLY = Long.getLong("brook.seed");
    private static final long FIRST = Long.getLong("brook.raft.firstSeed", 1L);

    @Test
    void every_seed_keeps_raft_safe_and_loses_no_acknowledged_write() {
        long first = ONLY != null ? ONLY : FIRST;
        int count = ONLY != null ? 1 : SEEDS;
        long totalAcked = 0;
        long totalElections = 0;
        for (long seed = first; seed < first + count; seed++) {
            int size = seed % 2 == 0 ? 3 : 5;
            SimCluster sim = new SimCluster(seed, size);
            try {
                sim.run(2_000, 3_000);
            } catch (Throwable t) {
                throw new AssertionError("Raft simulation failed for seed " + seed + " (" + size + " nodes); replay with -Dbrook.seed="
                        + seed + "\n" + tail(sim.trace), t);
            }
            totalAcked += sim.acknowledged();
            totalElections += sim.elections;
        }
        System.out.println("Raft simulation: " + count + " seeds, " + totalAcked + " acknowledged proposals, " + totalElections + " elections");
        assertThat(totalAcked).as("the simulation must make progress").isPositive();
    }

    private static String tail(StringBuilder trace) {
        int from = Math.max(0, trace.length() - 4000);
        return trace.substring(from);
    }
}
