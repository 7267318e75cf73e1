package io.brook.client.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Murmur2Test {

    /** Values printed by Kafka 4.4.0's {@code Utils.murmur2} and {@code toPositive(h) % 6}. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|275646681|3",
        "a|-1563381124|4",
        "ab|316155434|2",
        "abc|479470107|3",
        "abcd|-1323649548|2",
        "hello world|1221641059|1",
        "21|-973932308|0",
        "key-0|29210041|1",
        "brook|1899505514|2"})
    void matchesKafkasPublishedValues(String key, int hash, int partitionOfSix) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);

        assertThat(Murmur2.hash(bytes)).isEqualTo(hash);
        assertThat(Murmur2.partition(bytes, 6)).isEqualTo(partitionOfSix);
    }

    @Test
    void agreesWithKafkaOnRandomKeysOfEveryTailLength() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[random.nextInt(40)];
            random.nextBytes(key);
            int partitions = 1 + random.nextInt(1000);

            assertThat(Murmur2.hash(key)).as("seed %d, key %d", seed, i).isEqualTo(Utils.murmur2(key));
            assertThat(Murmur2.partition(key, partitions)).as("seed %d, key %d", seed, i)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
        }
    }

    @Test
    void toPositiveClearsTheSignBitInsteadOfNegating() {
        assertThat(Murmur2.toPositive(Integer.MIN_VALUE)).isZero();
        assertThat(Murmur2.toPositive(-1)).isEqualTo(Integer.MAX_VALUE);
        assertThat(Murmur2.toPositive(42)).isEqualTo(42);
    }
}
