package io.brook.replication.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulations of 3- and 5-node groups under message loss, delay, duplication, reordering,
 * partitions, crashes that lose unflushed data, damage that loses flushed data on a minority,
 * retention and leadership transfers, checking election safety, log matching, leader completeness,
 * state-machine safety, that every acknowledged proposal survives, and that damaged nodes finish
 * recovering. {@code -Dbrook.raft.seeds=N} sets how many seeds run (default 2000) from
 * {@code -Dbrook.raft.firstSeed} (default 1);
 * {@code -Dbrook.seed=S} runs exactly one, replaying a failure.
 */
class RaftSimulationTest {

    private static final int SEEDS = Integer.getInteger("brook.raft.seeds", 2000);
    private static final Long ONLY = Long.getLong("brook.seed");
    private static final long FIRST = Long.getLong("brook.raft.firstSeed", 1L);
    /** Seeds the run without gating may take to lose a committed entry (it took 28 when written). */
    private static final int UNGATED_SEEDS = 400;
    private static final Pattern SAFETY = Pattern.compile("leader completeness|acknowledged proposal|state machine safety|"
            + "log matching|election safety");

    @Test
    void every_seed_keeps_raft_safe_and_loses_no_acknowledged_write() {
        long first = ONLY != null ? ONLY : FIRST;
        int count = ONLY != null ? 1 : SEEDS;
        long totalAcked = 0;
        long totalElections = 0;
        long totalDamages = 0;
        long totalRecoveries = 0;
        for (long seed = first; seed < first + count; seed++) {
            int size = size(seed);
            SimCluster sim = new SimCluster(seed, size);
            try {
                sim.run(2_000, 3_000);
            } catch (Throwable t) {
                throw new AssertionError("Raft simulation failed for seed " + seed + " (" + size + " nodes); replay with -Dbrook.seed="
                        + seed + " (full trace in " + writeTrace(seed, sim.trace) + ")\n" + tail(sim.trace), t);
            }
            totalAcked += sim.acknowledged();
            totalElections += sim.elections;
            totalDamages += sim.damages;
            totalRecoveries += sim.recoveries;
        }
        System.out.println("Raft simulation: " + count + " seeds, " + totalAcked + " acknowledged proposals, " + totalElections
                + " elections, " + totalDamages + " damaged restarts, " + totalRecoveries + " recoveries completed");
        assertThat(totalAcked).as("the simulation must make progress").isPositive();
        if (count >= 100) {
            assertThat(totalDamages).as("damage was injected").isPositive();
            assertThat(totalRecoveries).as("damaged nodes recovered").isPositive();
        }
    }

    /**
     * The same faults without gating (a damaged node votes and campaigns at once) lose committed
     * entries: proof that the damage fault reaches what gating protects, and that the checks see it.
     * Runs without gating can also fail to settle (a damaged follower below the leader's log start
     * that the leader still believes caught up); those seeds are skipped, only a safety violation ends
     * the search.
     */
    @Test
    void without_gating_damage_loses_committed_entries() {
        int unsettled = 0;
        for (long seed = 1; seed <= UNGATED_SEEDS; seed++) {
            SimCluster sim = new SimCluster(seed, size(seed), false);
            try {
                sim.run(2_000, 3_000);
            } catch (AssertionError e) {
                String first = e.getMessage().lines().findFirst().orElse("");
                if (!SAFETY.matcher(first).find()) {
                    unsettled++;
                    continue;
                }
                System.out.println("Raft simulation without gating: seed " + seed + " (" + size(seed) + " nodes) failed after "
                        + unsettled + " seeds that did not settle: " + first);
                return;
            }
        }
        throw new AssertionError("no seed in 1.." + UNGATED_SEEDS + " lost a committed entry without gating");
    }

    /**
     * The same faults with quiescence and lazily synced terms and votes, as the broker runs them: the
     * client pauses now and then for long enough that the group quiesces (heartbeats every 30 ticks
     * instead of 2), liveness follows crashes and partitions, and a term or vote is synced a few
     * milliseconds after it is saved (a crash before loses it) while every message sent after it waits.
     */
    @Test
    void with_quiescent_idle_groups_every_seed_keeps_raft_safe_and_loses_no_acknowledged_write() {
        long first = ONLY != null ? ONLY : FIRST;
        int count = ONLY != null ? 1 : Math.max(1, SEEDS / 4);
        long totalAcked = 0;
        long quiescent = 0;
        for (long seed = first; seed < first + count; seed++) {
            int size = size(seed);
            SimCluster sim = new SimCluster(seed, size, true, false, true, true);
            try {
                sim.run(2_000, 3_000);
            } catch (Throwable t) {
                throw new AssertionError("Raft simulation with quiescence failed for seed " + seed + " (" + size
                        + " nodes); replay with -Dbrook.seed=" + seed + " (full trace in " + writeTrace(seed, sim.trace) + ")\n"
                        + tail(sim.trace), t);
            }
            totalAcked += sim.acknowledged();
            quiescent += sim.quiescentLeaderTicks;
        }
        System.out.println("Raft simulation with quiescence: " + count + " seeds, " + totalAcked + " acknowledged proposals, "
                + quiescent + " ticks of quiescent leaders");
        assertThat(totalAcked).as("the simulation must make progress").isPositive();
        assertThat(quiescent).as("groups quiesced").isPositive();
    }

    private static int size(long seed) {
        return seed % 2 == 0 ? 3 : 5;
    }

    private static Path writeTrace(long seed, StringBuilder trace) {
        Path file = Path.of("target", "raft-simulation-" + seed + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, trace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toAbsolutePath();
    }

    private static String tail(StringBuilder trace) {
        int from = Math.max(0, trace.length() - 4000);
        return trace.substring(from);
    }
}
