package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code brook cluster rebalance --leaders} against three in-process brokers whose automatic leader
 * balancing is off, so that only the command moves leaders (replica plans: {@link ReplicaMoveCommandsTest}).
 */
class ClusterRebalanceCommandTest {

    private static final String TOPIC = "moved";
    private static final int PARTITIONS = 6;

    private CliCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void leaders_prints_the_plan_and_with_execute_moves_every_partition_back_to_its_preferred_leader() throws Exception {
        cluster = new CliCluster();
        String bootstrap = cluster.bootstrap();
        // retried until all three brokers have registered (replication factor 3)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Cli.Result created = Cli.run("topic", "create", TOPIC, "-p", String.valueOf(PARTITIONS), "-r", "3", "-b", bootstrap);
            assertThat(created.exitCode() == 0 || created.err().contains("already exists")).as("%s", created).isTrue();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, PARTITIONS).allMatch(p -> leaderOf(p) > 0));
        // given broker 2 stopped (its leaderships went to the others) and back, leading nothing
        cluster.stop(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, PARTITIONS).allMatch(p -> leaderOf(p) > 0));
        cluster.start(2);
        List<Integer> preferredBy2 = IntStream.range(0, PARTITIONS).filter(p -> replicas(p).get(0) == 2).boxed().toList();
        assertThat(preferredBy2).isNotEmpty();

        // when the plan is asked for: once broker 2 caught up, its partitions are planned, and nothing moves
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Cli.Result plan = Cli.run("cluster", "rebalance", "--leaders", "-b", bootstrap, "-o", "json");
            assertThat(plan.exitCode()).as("%s", plan).isZero();
            assertThat(plannedPartitions(plan.out())).containsAll(preferredBy2);
        });
        assertThat(IntStream.range(0, PARTITIONS).filter(p -> leaderOf(p) == 2)).isEmpty();

        // then --execute starts the transfers and prints them, and every partition ends with its preferred leader
        Cli.Result moved = Cli.run("cluster", "rebalance", "--leaders", "--execute", "-b", bootstrap);
        assertThat(moved.exitCode()).as("%s", moved).isZero();
        assertThat(moved.outLines().get(0).split("\\s+")).containsExactly("TOPIC", "PARTITION", "FROM", "TO", "OUTCOME");
        for (int p : preferredBy2) {
            assertThat(moved.out()).containsPattern("(?m)^" + TOPIC + "\\s+" + p + "\\s+[13]\\s+2\\s+transfer started");
        }
        // A transfer gives up after an election timeout when the target does not take over (seen in CI: broker 2,
        // back 0.2 s earlier, still counted as caught up by the leader's progress of before its stop, missed the
        // TimeoutNow); the command is idempotent, so the operator's remedy, running it again, is what this does.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            if (IntStream.range(0, PARTITIONS).anyMatch(p -> leaderOf(p) != replicas(p).get(0))) {
                Cli.run("cluster", "rebalance", "--leaders", "--execute", "-b", bootstrap);
            }
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(leaderOf(p)).as("leader of partition %d", p).isEqualTo(replicas(p).get(0));
            }
        });
        Cli.Result after = Cli.run("cluster", "rebalance", "--leaders", "-b", bootstrap);
        assertThat(after.out()).contains("Every partition is led by its preferred leader.");
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> plannedPartitions(String json) {
        List<Integer> planned = new ArrayList<>();
        for (Object o : (List<Object>) MiniJson.object(json).get("moves")) {
            Map<String, Object> m = (Map<String, Object>) o;
            if ("planned".equals(m.get("outcome")) && ((Long) m.get("to")) == 2) {
                planned.add(((Long) m.get("partition")).intValue());
            }
        }
        return planned;
    }

    private int leaderOf(int partition) {
        return cluster.leaderOf(TOPIC, partition);
    }

    private List<Integer> replicas(int partition) {
        return cluster.brokers().get(1).partitions().get(TOPIC, partition).replicas();
    }
}
