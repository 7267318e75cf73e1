package io.brook.jepsen.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.jepsen.client.Recorder;
import io.brook.jepsen.nemesis.FaultContext;
import io.brook.jepsen.nemesis.Nemeses;
import io.brook.jepsen.nemesis.Nemesis;
import io.brook.jepsen.report.FaultWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fault schedule: nemeses take turns, each start is healed before the next, recovery is awaited after each heal. */
class GeneratorTest {

    /** Records what was done to it; fails its first start when told to. */
    private static final class Fake implements Nemesis {
        final String name;
        final List<String> log;
        boolean failFirstStart;

        Fake(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String start(FaultContext ctx) {
            log.add("start " + name);
            if (failFirstStart) {
                failFirstStart = false;
                throw new IllegalStateException("no leader");
            }
            return "did " + name;
        }

        @Override
        public void stop(FaultContext ctx) {
            log.add("stop " + name);
        }
    }

    @Test
    void nemeses_take_turns_and_each_fault_is_healed_and_recovered_from_before_the_next() throws Exception {
        List<String> log = new ArrayList<>();
        Fake a = new Fake("a", log);
        Fake b = new Fake("b", log);
        a.failFirstStart = true;
        AtomicInteger recoveryChecks = new AtomicInteger();
        FaultContext ctx = new FaultContext(null, null, new Random(7), "t", 1, 1_000);
        Generator g = new Generator(List.of(a, b), ctx, new Recorder(null, System.nanoTime()), 60, 20, 1_000,
                () -> () -> recoveryChecks.incrementAndGet() > 0);

        List<FaultWindow> windows = g.run(1_000);

        assertThat(windows).hasSizeGreaterThanOrEqualTo(4);
        for (int i = 0; i < windows.size(); i++) {
            assertThat(windows.get(i).name()).isEqualTo(windows.get(0).name().equals("a") == (i % 2 == 0) ? "a" : "b");
            assertThat(log.get(2 * i)).isEqualTo("start " + windows.get(i).name());
            assertThat(log.get(2 * i + 1)).isEqualTo("stop " + windows.get(i).name());
            if (i > 0) {
                assertThat(windows.get(i).startNanos()).isGreaterThanOrEqualTo(windows.get(i - 1).endNanos());
            }
        }
        assertThat(log).hasSize(2 * windows.size());
        assertThat(g.recoveryMs()).hasSize(windows.size()).allMatch(ms -> ms >= 0);
        assertThat(recoveryChecks.get()).isEqualTo(windows.size());
    }

    @Test
    void every_nemesis_gets_a_turn_even_when_recoveries_outlast_the_run() throws Exception {
        List<String> log = new ArrayList<>();
        List<Fake> fakes = List.of(new Fake("a", log), new Fake("b", log), new Fake("c", log), new Fake("d", log));
        FaultContext ctx = new FaultContext(null, null, new Random(11), "t", 1, 1_000);
        // each recovery takes 200 ms (its checks answer false until then): a 300 ms run fits one cycle
        Generator g = new Generator(List.copyOf(fakes), ctx, new Recorder(null, System.nanoTime()), 20, 10, 5_000, () -> {
            long until = System.nanoTime() + 200_000_000L;
            return () -> System.nanoTime() >= until;
        });

        List<FaultWindow> windows = g.run(300);

        assertThat(windows.stream().map(FaultWindow::name).distinct().toList()).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(g.recoveryMs()).allMatch(ms -> ms >= 200);
    }

    @Test
    void nemesis_names_parse_to_all_one_list_or_none() {
        assertThat(Nemeses.parse("all")).isEqualTo(Nemeses.NAMES);
        assertThat(Nemeses.parse("none")).isEmpty();
        assertThat(Nemeses.parse("kill-leader, partition-bridge")).containsExactly("kill-leader", "partition-bridge");
        assertThat(Nemeses.NAMES).allSatisfy(n -> assertThat(Nemeses.byName(n).name()).isEqualTo(n));
        assertThatThrownBy(() -> Nemeses.parse("kill-leader,bogus")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown nemesis 'bogus'");
    }
}
