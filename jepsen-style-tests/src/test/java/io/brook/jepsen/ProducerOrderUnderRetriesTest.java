package io.brook.jepsen;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.jepsen.checker.CheckResult;
import io.brook.jepsen.checker.DuplicateChecker;
import io.brook.jepsen.checker.ProducerOrderChecker;
import io.brook.jepsen.db.BrokerProcess;
import io.brook.jepsen.db.LocalCluster;
import io.brook.jepsen.nemesis.ClientProxy;
import io.brook.jepsen.nemesis.FaultContext;
import io.brook.jepsen.nemesis.Nemesis;
import io.brook.jepsen.runner.JepsenRun;
import io.brook.jepsen.runner.RunOptions;
import io.brook.jepsen.runner.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a producer's retries do to order and duplicates, with and without idempotence. The nemesis
 * loses the response to one produce request of partition 0's leader that acknowledged every batch in
 * it (the client's traffic goes through a {@link ClientProxy}): the broker appended those batches,
 * the producer never hears so. Its other requests on that connection (up to 5 in flight) are answered,
 * so its later sends to the same partitions are acknowledged; after {@code request.timeout.ms} (5 s)
 * the lost request times out, the connection closes and the producer sends the batches again.
 *
 * <p>Nothing here depends on timing: the loss happens to a response the proxy has in hand, the later
 * sends are acknowledged while the lost request waits out its time-out, and the retry comes after
 * them (a send worker keeps 8 sends in flight, so its producer sends to every partition every few
 * milliseconds).
 * <ul>
 * <li>Idempotence off: the retried batches are written a second time, after the later ones:
 * {@code producer-order} and {@code duplicate} must both report them.</li>
 * <li>Idempotence on: the broker recognises the retried batches by producer id and sequence number
 * and answers with their first offsets: every checker must find nothing. This needs the idempotent
 * producer (client ids and sequence numbers, broker de-duplication, issue 11); without it the
 * retries are written again and this test fails with the anomalies of the first one.</li>
 * </ul>
 * Seeds are printed ({@code -Dbrook.seed=} replays the run's choices).
 */
class ProducerOrderUnderRetriesTest {

    /** Loses one acknowledging produce response of partition 0's leader per fault. */
    static final class LoseProduceAck implements Nemesis {
        final List<String> lost = new CopyOnWriteArrayList<>();
        private ClientProxy proxy;

        @Override
        public String name() {
            return "lose-produce-ack";
        }

        @Override
        public boolean needsClientProxies() {
            return true;
        }

        @Override
        public String start(FaultContext ctx) throws Exception {
            BrokerProcess leader = ctx.leaderOr(0);
            proxy = ctx.clientProxy(leader);
            // under load a produce response comes every few milliseconds
            String what = proxy.loseNextProduceAck().get(30, TimeUnit.SECONDS);
            lost.add(what);
            return what;
        }

        @Override
        public void stop(FaultContext ctx) {
            proxy.disarm();
        }
    }

    private static final Path RESULTS = Path.of("target", "jepsen", "producer-order");

    /** An invalid run keeps the brokers' data: not needed here. */
    @AfterEach
    void deleteClusterData() {
        LocalCluster.deleteTree(RESULTS.resolve("idempotence-off").resolve("cluster"));
        LocalCluster.deleteTree(RESULTS.resolve("idempotence-on").resolve("cluster"));
    }

    private static RunResult run(boolean idempotence, LoseProduceAck nemesis) throws Exception {
        long seed = Long.getLong("brook.seed", System.nanoTime());
        System.out.println("ProducerOrderUnderRetriesTest, idempotence " + idempotence + ": seed " + seed);
        RunOptions options = RunOptions.builder().idempotence(idempotence).timeSeconds(10).faultMs(2_000).quietMs(2_000)
                .seed(seed).results(RESULTS.resolve(idempotence ? "idempotence-on" : "idempotence-off")).build();
        return new JepsenRun(options, List.of(nemesis)).run();
    }

    @SuppressWarnings("unchecked")
    private static Object parameter(RunResult result, String name) {
        return ((Map<String, Object>) result.summary().get("parameters")).get(name);
    }

    @Test
    void without_idempotence_a_retried_batch_is_written_again_after_later_ones() throws Exception {
        // given
        LoseProduceAck nemesis = new LoseProduceAck();
        // when
        RunResult result = run(false, nemesis);
        // then
        assertThat(parameter(result, "idempotence")).isEqualTo(false);
        assertThat(nemesis.lost).as("acknowledging produce responses lost").isNotEmpty();
        CheckResult order = result.result(ProducerOrderChecker.NAME);
        CheckResult duplicate = result.result(DuplicateChecker.NAME);
        assertThat(order.anomalies()).as("sends overtaken by later ones (%s), see %s", order.examples(), result.folder())
                .isPositive();
        assertThat(duplicate.anomalies()).as("values written twice (%s), see %s", duplicate.examples(), result.folder())
                .isPositive();
        assertThat(result.results()).filteredOn(r -> !r.valid()).extracting(CheckResult::name)
                .as("only order and duplicates are wrong").containsOnly(ProducerOrderChecker.NAME, DuplicateChecker.NAME);
    }

    @Test
    void with_idempotence_a_retried_batch_is_acknowledged_at_its_first_offsets() throws Exception {
        // given
        LoseProduceAck nemesis = new LoseProduceAck();
        // when
        RunResult result = run(true, nemesis);
        // then
        assertThat(parameter(result, "idempotence")).isEqualTo(true);
        assertThat(nemesis.lost).as("acknowledging produce responses lost").isNotEmpty();
        assertThat(result.results()).as("checkers, see %s", result.folder())
                .allSatisfy(r -> assertThat(r.valid()).as("%s: %s", r.name(), r.examples()).isTrue());
    }
}
