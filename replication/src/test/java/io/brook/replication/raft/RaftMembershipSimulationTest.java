package io.brook.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Seeded simulations in which leaders also change the group's configuration while the faults of
 * {@link RaftSimulationTest} (but no disk damage) go on: learners come and go, learners are promoted,
 * voters are demoted or removed (a leader hands leadership over before it would remove itself), with
 * two nodes that start outside the group; never fewer than two voters (a single voter commits before
 * its flush, see {@link RaftNode#onLeaderAppended}). The same safety checks hold, and at the end every member of
 * the final configuration holds the committed log. {@code -Dbrook.raft.membershipSeeds=N} (default
 * 2000) from {@code -Dbrook.raft.firstSeed}; {@code -Dbrook.seed=S} replays one.
 */
class RaftMembershipSimulationTest {

    private static final int SEEDS = Integer.getInteger("brook.raft.membershipSeeds", 2000);
    private static final Long ONLY = Long.getLong("brook.seed");
    private static final long FIRST = Long.getLong("brook.raft.firstSeed", 1L);

    @Test
    void configuration_changes_under_faults_keep_raft_safe() {
        long first = ONLY != null ? ONLY : FIRST;
        int count = ONLY != null ? 1 : SEEDS;
        long acked = 0;
        long changes = 0;
        for (long seed = first; seed < first + count; seed++) {
            int size = seed % 3 == 0 ? 2 : 3;
            SimCluster sim = new SimCluster(seed, size, true, true);
            try {
                sim.run(2_000, 3_000);
            } catch (Throwable t) {
                throw new AssertionError("Raft membership simulation failed for seed " + seed + " (" + size + " voters + 2); replay with -Dbrook.seed="
                        + seed + "\n" + tail(sim.trace), t);
            }
            acked += sim.acknowledged();
            changes += sim.membershipChanges;
        }
        System.out.println("Raft membership simulation: " + count + " seeds, " + acked + " acknowledged proposals, " + changes
                + " configuration changes started");
        assertThat(acked).as("the simulation must make progress").isPositive();
        assertThat(changes).as("configurations changed").isGreaterThanOrEqualTo(count);
    }

    private static String tail(StringBuilder trace) {
        return trace.substring(Math.max(0, trace.length() - 6000));
    }
}
