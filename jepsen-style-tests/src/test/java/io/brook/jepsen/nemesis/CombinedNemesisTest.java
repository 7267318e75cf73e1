package io.brook.jepsen.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.jepsen.db.LocalCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two faults at once: the second avoids the first's victims, and both are undone, last first. */
class CombinedNemesisTest {

    /** Strikes one random broker (never started: only the choice matters) and records what happens. */
    private static final class Striker implements Nemesis {
        final String name;
        final List<String> log;
        int struck = -1;
        boolean failStop;

        Striker(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String start(FaultContext ctx) {
            struck = ctx.randomBroker().id();
            log.add("start " + name + " " + struck);
            return name + " " + struck;
        }

        @Override
        public void stop(FaultContext ctx) {
            log.add("stop " + name);
            if (failStop) {
                throw new IllegalStateException("cannot undo " + name);
            }
        }

        @Override
        public Set<Integer> victims() {
            return Set.of(struck);
        }
    }

    @TempDir
    Path dir;

    @Test
    void the_second_fault_strikes_another_broker_and_both_are_undone_in_reverse() throws Exception {
        LocalCluster cluster = new LocalCluster(3, dir, Map.of());
        for (long seed = 0; seed < 50; seed++) {
            List<String> log = new ArrayList<>();
            Striker first = new Striker("a", log);
            Striker second = new Striker("b", log);
            CombinedNemesis both = new CombinedNemesis("a+b", first, second);
            FaultContext ctx = new FaultContext(cluster, null, new Random(seed), "t", 1, 1_000);

            String what = both.start(ctx);
            both.stop(ctx);

            assertThat(second.struck).as("seed %d", seed).isNotEqualTo(first.struck);
            assertThat(what).isEqualTo("a " + first.struck + "; b " + second.struck);
            assertThat(both.victims()).containsExactlyInAnyOrder(first.struck, second.struck);
            assertThat(log.subList(2, 4)).containsExactly("stop b", "stop a");
        }
    }

    @Test
    void the_first_fault_is_undone_even_when_undoing_the_second_fails() {
        LocalCluster cluster = new LocalCluster(3, dir, Map.of());
        List<String> log = new ArrayList<>();
        Striker second = new Striker("b", log);
        second.failStop = true;
        CombinedNemesis both = new CombinedNemesis("a+b", new Striker("a", log), second);
        FaultContext ctx = new FaultContext(cluster, null, new Random(1), "t", 1, 1_000);

        assertThatThrownBy(() -> {
            both.start(ctx);
            both.stop(ctx);
        }).hasMessageContaining("cannot undo b");
        assertThat(log).endsWith("stop b", "stop a");
    }

    @Test
    void a_context_spares_the_brokers_it_is_told_to() {
        LocalCluster cluster = new LocalCluster(3, dir, Map.of());
        FaultContext ctx = new FaultContext(cluster, null, new Random(3), "t", 1, 1_000).sparing(Set.of(1)).sparing(Set.of(3));

        for (int i = 0; i < 20; i++) {
            assertThat(ctx.randomBroker().id()).isEqualTo(2);
        }
        assertThat(ctx.randomBrokers(1)).extracting(b -> b.id()).containsExactly(2);
        assertThatThrownBy(() -> ctx.sparing(Set.of(2)).randomBroker()).isInstanceOf(IllegalStateException.class);
    }
}
