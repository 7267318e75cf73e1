package io.brook.storage.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ProducerIdMap} against {@link HashMap} over random adds, removes and lookups. */
class ProducerIdMapTest {

    private static final long FIRST_SEED = Long.getLong("brook.seed", 20261207L);
    private static final int CASES = Integer.getInteger("brook.property.cases", 200);

    @Test
    void behaves_like_a_hash_map_over_random_operations() {
        for (int c = 0; c < CASES; c++) {
            long seed = FIRST_SEED + c;
            try {
                runCase(new Random(seed));
            } catch (Throwable t) {
                throw new AssertionError("failed for seed " + seed + " (replay: -Dbrook.seed=" + seed
                        + " -Dbrook.property.cases=1)", t);
            }
        }
    }

    private static void runCase(Random random) {
        // given ids from a small range (collisions and probe runs) or consecutive ones (as brokers assign them)
        ProducerIdMap map = new ProducerIdMap();
        Map<Long, Producer> expected = new HashMap<>();
        int range = 1 + random.nextInt(random.nextBoolean() ? 50 : 5000);
        long base = random.nextBoolean() ? 0 : random.nextLong() >>> 2;
        for (int op = 0; op < 2000; op++) {
            long id = base + random.nextInt(range);
            // when
            if (random.nextInt(3) > 0) {
                if (!expected.containsKey(id)) {
                    Producer p = new Producer(id, (short) 0);
                    map.add(p);
                    expected.put(id, p);
                }
            } else {
                map.remove(id);
                expected.remove(id);
            }
            // then
            assertThat(map.size()).isEqualTo(expected.size());
            long probe = base + random.nextInt(range);
            assertThat(map.get(probe)).isSameAs(expected.get(probe));
        }
        for (Map.Entry<Long, Producer> e : expected.entrySet()) {
            assertThat(map.get(e.getKey())).isSameAs(e.getValue());
        }
        assertThat(map.toArray()).containsExactlyInAnyOrderElementsOf(expected.values());
    }
}
