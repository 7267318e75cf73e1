package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code brook topic ...} against a real broker, in table and JSON output. */
class TopicCommandsTest {

    private static CliBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = new CliBroker(Map.of());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static Cli.Result brook(String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--bootstrap";
        full[args.length + 1] = broker.bootstrap();
        Cli.Result r = Cli.run(full);
        return r;
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = brook(args);
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    /** Waits until every partition of the topic has a leader (at once on a single broker). */
    @SuppressWarnings("unchecked")
    private static void awaitLeaders(String topic) {
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> ((List<Object>) describeJson(topic).get("partitions")).stream()
                .allMatch(p -> ((Map<String, Object>) p).get("leader").equals(0L)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> describeJson(String topic) {
        List<Object> topics = MiniJson.array(ok("topic", "describe", topic, "--output", "json").out());
        assertThat(topics).hasSize(1);
        return (Map<String, Object>) topics.get(0);
    }

    @Test
    void create_reports_the_new_topic_in_a_sentence() {
        Cli.Result r = ok("topic", "create", "t-create", "--partitions", "3");
        assertThat(r.out()).isEqualTo("Created topic t-create with 3 partition(s), replication factor 1." + System.lineSeparator());
    }

    @Test
    void create_with_json_output_reports_partitions_and_configs() {
        Cli.Result r = ok("topic", "create", "t-create-json", "-p", "2", "-c", "retention.ms=3600000", "-o", "json");
        Map<String, Object> created = MiniJson.object(r.out());
        assertThat(created).containsEntry("topic", "t-create-json").containsEntry("partitions", 2L)
                .containsEntry("replication_factor", 1L).containsEntry("configs", Map.of("retention.ms", "3600000"));
    }

    @Test
    void list_prints_one_name_per_line_sorted_or_a_json_array() {
        ok("topic", "create", "t-list-b");
        ok("topic", "create", "t-list-a");
        List<String> lines = ok("topic", "list").outLines();
        assertThat(lines).contains("t-list-a", "t-list-b").isSorted();
        assertThat(MiniJson.array(ok("topic", "list", "-o", "json").out())).contains("t-list-a", "t-list-b");
    }

    @Test
    void an_empty_partition_ends_at_offset_1_because_of_its_term_marker_and_its_first_record_is_at_offset_1() throws IOException {
        // given a new topic: its leader wrote the term marker of its first term at offset 0
        ok("topic", "create", "t-marker", "-p", "1");
        awaitLeaders("t-marker");
        assertThat(ok("topic", "describe", "t-marker").outLines().get(3).split("\\s+")[6]).as("LOG-END").isEqualTo("1");

        // when a record is produced and read back with its metadata
        ok("produce", "t-marker", "--file", Files.writeString(dir.resolve("in.txt"), "only\n").toString());
        List<String> read = ok("consume", "t-marker", "--from-beginning", "--max", "1", "--print-metadata").outLines();

        // then the consumer skipped the marker, and the record is at offset 1
        assertThat(read).singleElement().asString().startsWith("0\t1\t").endsWith("\tonly");
    }

    @Test
    void describe_shows_configs_overrides_and_a_partition_table() {
        ok("topic", "create", "t-describe", "-p", "2", "-c", "retention.ms=3600000");
        awaitLeaders("t-describe");
        List<String> lines = ok("topic", "describe", "t-describe").outLines();
        assertThat(lines.get(0)).startsWith("Topic: t-describe  id: ").endsWith("partitions: 2  replication factor: 1");
        assertThat(lines.get(1)).startsWith("Configs:").contains("retention.ms=3600000 (override)")
                .contains("segment.bytes=1073741824").doesNotContain("segment.bytes=1073741824 (override)");
        assertThat(lines.get(2).split("\\s+")).containsExactly("PARTITION", "LEADER", "TERM", "REPLICAS", "ISR", "LOG-START",
                "LOG-END", "HIGH-WATERMARK", "SIZE", "SEGMENTS");
        assertThat(lines).hasSize(7);
        assertThat(lines.get(6)).as("the term markers are explained where the offsets are shown")
                .isEqualTo(TopicDescribeCommand.OFFSETS_NOTE);
        String[] row = lines.get(3).split("\\s+");
        assertThat(row.length).as("cells (SIZE is two words)").isEqualTo(11);
        assertThat(row[0]).as("partition").isEqualTo("0");
        assertThat(row[1]).as("leader").isEqualTo("0");
        assertThat(row[3]).as("replicas").isEqualTo("[0]");
        assertThat(row[4]).as("in-sync replicas").isEqualTo("[0]");
        assertThat(row[6]).as("log end equals the high watermark").isEqualTo(row[7]);
    }

    @Test
    @SuppressWarnings("unchecked")
    void describe_json_holds_configs_and_partitions_with_offsets() {
        ok("topic", "create", "t-describe-json", "-p", "3", "-c", "segment.bytes=1048576");
        awaitLeaders("t-describe-json");
        Map<String, Object> t = describeJson("t-describe-json");
        assertThat(t).containsEntry("name", "t-describe-json").containsEntry("replication_factor", 1L).containsKey("id");
        assertThat((Map<String, Object>) t.get("configs")).containsEntry("segment.bytes", "1048576").containsKeys("retention.ms",
                "retention.bytes", "segment.ms", "max.batch.bytes");
        List<Object> partitions = (List<Object>) t.get("partitions");
        assertThat(partitions).hasSize(3).allSatisfy(p -> assertThat((Map<String, Object>) p)
                .containsEntry("leader", 0L).containsEntry("replicas", List.of(0L)).containsEntry("in_sync_replicas", List.of(0L))
                .containsKeys("log_start_offset", "log_end_offset", "high_watermark", "leader_term", "size_bytes", "segments"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void alter_adds_partitions_and_sets_and_deletes_overrides() {
        ok("topic", "create", "t-alter", "-p", "1");

        Cli.Result grown = ok("topic", "alter", "t-alter", "--partitions", "4", "--config", "retention.bytes=1000000");
        assertThat(grown.out()).isEqualTo("Altered topic t-alter." + System.lineSeparator());
        Map<String, Object> t = describeJson("t-alter");
        assertThat((List<Object>) t.get("partitions")).hasSize(4);
        assertThat((Map<String, Object>) t.get("configs")).containsEntry("retention.bytes", "1000000");

        ok("topic", "alter", "t-alter", "--delete-config", "retention.bytes");
        assertThat((Map<String, Object>) describeJson("t-alter").get("configs")).containsEntry("retention.bytes", "-1");
        assertThat(ok("topic", "describe", "t-alter").outLines().get(1)).doesNotContain("(override)");
    }

    @Test
    void alter_without_a_change_is_a_usage_error() {
        ok("topic", "create", "t-alter-nothing");
        Cli.Result r = brook("topic", "alter", "t-alter-nothing");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("nothing to change");
    }

    @Test
    void delete_removes_the_topic() {
        ok("topic", "create", "t-delete");
        Cli.Result r = ok("topic", "delete", "t-delete");
        assertThat(r.out()).isEqualTo("Deleted t-delete." + System.lineSeparator());
        assertThat(ok("topic", "list").outLines()).doesNotContain("t-delete");
    }

    @Test
    void creating_an_existing_topic_fails_with_one_line() {
        ok("topic", "create", "t-twice");
        Cli.Result r = brook("topic", "create", "t-twice");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: ").contains("t-twice").contains("already exists");
    }

    @Test
    void invalid_topic_config_fails_naming_the_key() {
        Cli.Result r = brook("topic", "create", "t-badconfig", "-c", "retention.ms=soon");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: ").contains("retention.ms");
    }
}
