package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.jepsen.checker.LostWriteChecker;
import io.brook.jepsen.checker.UnseenChecker;
import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.LocalCluster;
import io.brook.jepsen.nemesis.FaultContext;
import io.brook.jepsen.nemesis.Nemesis;
import io.brook.jepsen.runner.JepsenRun;
import io.brook.jepsen.runner.RunOptions;
import io.brook.jepsen.runner.RunResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shows that the suite catches real loss: acks=1 lets a leader acknowledge what only it holds. The
 * nemesis cuts partition 0's leader off from the other brokers (clients still reach it), lets the
 * producers write to it with acks=1 until it notices it lost its quorum, then kills it -9 and waits
 * until the others have elected a new leader before restarting it; the old leader's acknowledged
 * suffix is truncated when it rejoins. The checkers must report those writes as lost or unseen.
 */
class AcksOneLossTest {

    /** Isolate the leader of partition 0, then kill it; heal and restart it only once another leads. */
    static final class IsolateThenKillLeader implements Nemesis {
        private BrokerProcess leader;

        @Override
        public String name() {
            return "isolate-then-kill-leader";
        }

        @Override
        public String start(FaultContext ctx) {
            leader = ctx.leaderOr(0);
            ctx.network().isolate(leader.id());
            return "isolated broker " + leader.id() + " (leader of partition 0)";
        }

        @Override
        public void stop(FaultContext ctx) {
            leader.kill();
            ctx.network().heal();
            int now = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ctx.probe().leaderOf(ctx.topic(), 0), l -> l > 0 && l != leader.id());
            System.out.println("partition 0: broker " + now + " leads after the kill of broker " + leader.id());
            ctx.restart(leader);
        }
    }

    private static final Path RESULTS = Path.of("target", "jepsen", "acks-1-loss");

    /** The run is invalid by design, so the harness keeps the brokers' data: not needed here. */
    @AfterEach
    void deleteClusterData() {
        LocalCluster.deleteTree(RESULTS.resolve("cluster"));
    }

    @Test
    void acks_1_writes_acknowledged_by_an_isolated_leader_are_reported_lost() throws Exception {
        long seed = Long.getLong("brook.seed", System.nanoTime());
        System.out.println("AcksOneLossTest: seed " + seed);
        RunOptions options = RunOptions.builder().acks("1").timeSeconds(8).faultMs(3_000).quietMs(2_000).seed(seed)
                .nemeses(List.of()).results(RESULTS).build();
        RunResult result = new JepsenRun(options, List.of(new IsolateThenKillLeader())).run();

        long lost = result.result(LostWriteChecker.NAME).anomalies() + result.result(UnseenChecker.NAME).anomalies();
        assertThat(lost).as("acknowledged acks=1 writes reported lost or unseen (seed %d, %s)", seed, result.folder())
                .isPositive();
        assertThat(result.valid()).isFalse();
    }
}
