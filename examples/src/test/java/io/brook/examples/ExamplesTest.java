package io.brook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.Broker;
import io.brook.broker.config.BrokerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the examples against a broker started in this JVM, configured as {@code brook dev} is (topics auto-created). */
class ExamplesTest {

    private static Path dataDir;
    private static Broker broker;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() throws IOException {
        dataDir = Files.createTempDirectory("brook-examples");
        broker = Broker.start(BrokerConfig.of(Map.of(
                BrokerConfig.LISTENER, "127.0.0.1:0",
                BrokerConfig.DATA_DIR, dataDir.toString(),
                BrokerConfig.AUTO_CREATE_TOPICS, "true",
                BrokerConfig.DEFAULT_PARTITIONS, "3")));
        bootstrap = "127.0.0.1:" + broker.address().getPort();
    }

    @AfterAll
    static void stopBroker() throws IOException {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void hello_brook_reads_back_the_record_it_sent_whichever_partition_its_key_hashes_to() {
        // given a topic of three partitions (auto-created with default.partitions=3)
        // when README's example runs
        String out = capturingStdout(() -> HelloBrook.main(new String[] {bootstrap}));

        // then it printed the record it read back
        assertThat(out).containsPattern("sent to partition \\d+ at offset \\d+")
                .containsPattern("read paid 1\\.00 at \\d+ at offset \\d+");
    }

    @Test
    void consumer_example_reads_every_record_the_producer_example_sent() {
        // given ten records sent over the topic's partitions
        ProducerExample.main(new String[] {bootstrap, "examples-test", "10"});

        // when the consumer example reads the topic until it is idle
        long read = ConsumerExample.readAll(bootstrap, "examples-test", 1_000);

        // then it read all ten
        assertThat(read).isEqualTo(10);
    }

    @Test
    void readme_shows_hello_brook_unchanged() throws IOException {
        // given the repository's README, when this project is built inside the repository
        Path readme = Path.of("..", "README.md");
        Assumptions.assumeTrue(Files.exists(readme), "not inside Brook's repository: no README.md beside it");

        // then README's Java example is this project's HelloBrook, character for character
        String example = Files.readString(Path.of("src", "main", "java", "io", "brook", "examples", "HelloBrook.java"));
        assertThat(Files.readString(readme)).contains("```java\n" + example + "```\n");
    }

    private static String capturingStdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
