package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.Admin;
import io.brook.client.AdminConfig;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.PartitionOffsets;
import io.brook.client.Producer;
import io.brook.client.ProducerConfig;
import io.brook.client.ProducerRecord;
import io.brook.client.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code brook group ...} against a real broker, in table and JSON output. */
class GroupCommandsTest {

    /** The records of partition 0 are one minute apart from this time (2026-01-01T00:00:00Z). */
    private static final long TIME_BASE = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);

    private static CliBroker broker;
    private static Admin admin;
    /** The log start and high watermark of events-0 (10 records) and events-1 (4 records). */
    private static PartitionOffsets log0;
    private static PartitionOffsets log1;

    @BeforeAll
    static void startBrokerAndProduce() throws Exception {
        broker = new CliBroker(Map.of());
        admin = new Admin(AdminConfig.builder().bootstrapServers(broker.bootstrap()).defaultApiTimeoutMs(30_000).build());
        Cli.Result created = Cli.run("topic", "create", "events", "-p", "2", "-b", broker.bootstrap());
        assertThat(created.exitCode()).as("%s", created).isZero();
        try (Producer producer = new Producer(ProducerConfig.builder().bootstrapServers(broker.bootstrap()).build())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord("events", 0, TIME_BASE + i * 60_000L, null,
                        ("e" + i).getBytes(StandardCharsets.UTF_8), null));
            }
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord("events", 1, TIME_BASE, null, ("f" + i).getBytes(StandardCharsets.UTF_8), null));
            }
            producer.flush();
        }
        Map<Integer, PartitionOffsets> offsets = admin.describeTopics(List.of("events"), true).get(30, TimeUnit.SECONDS)
                .get("events").offsets();
        log0 = offsets.get(0);
        log1 = offsets.get(1);
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    private static Cli.Result brook(String... args) {
        List<String> full = new ArrayList<>(List.of(args));
        full.addAll(List.of("--bootstrap", broker.bootstrap()));
        return Cli.run(full.toArray(new String[0]));
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = brook(args);
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    private static void commit(String group, Map<TopicPartition, OffsetAndMetadata> offsets) throws Exception {
        admin.alterGroupOffsets(group, offsets).get(30, TimeUnit.SECONDS);
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        return admin.listGroupOffsets(group).get(30, TimeUnit.SECONDS);
    }

    private static void assertFailsWithOneLine(Cli.Result r, String message) {
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.FAILED);
        assertThat(r.errLines()).as("%s", r).singleElement().asString().startsWith("error: ").contains(message);
    }

    @Test
    @SuppressWarnings("unchecked")
    void describe_shows_each_committed_partition_with_its_log_end_and_lag() throws Exception {
        // given a group without members that committed events-0 only
        commit("g-describe", Map.of(P0, new OffsetAndMetadata(log0.highWatermark() - 3)));

        // when
        Cli.Result table = ok("group", "describe", "g-describe");
        Cli.Result json = ok("group", "describe", "g-describe", "-o", "json");

        // then
        assertThat(table.outLines().get(0)).startsWith("Group: g-describe  state: empty").contains("members: 0");
        assertThat(table.out()).containsPattern("TOPIC +PARTITION +COMMITTED +LOG-END +LAG +MEMBER-ID")
                .containsPattern("events +0 +" + (log0.highWatermark() - 3) + " +" + log0.highWatermark() + " +3 +-");
        Map<String, Object> d = MiniJson.object(json.out());
        assertThat(d).containsEntry("group", "g-describe").containsEntry("state", "empty").containsEntry("members", List.of())
                .containsKeys("group_epoch", "assignor", "coordinator");
        Map<String, Object> expected = new java.util.LinkedHashMap<>(Map.of("topic", "events", "partition", 0L,
                "committed_offset", log0.highWatermark() - 3, "log_end_offset", log0.highWatermark(), "lag", 3L));
        expected.put("member_id", null);
        assertThat((List<Object>) d.get("partitions")).singleElement().isEqualTo(expected);
    }

    @Test
    @SuppressWarnings("unchecked")
    void list_shows_groups_with_their_state_and_member_count() throws Exception {
        commit("g-list", Map.of(P1, new OffsetAndMetadata(1)));

        assertThat(ok("group", "list").out()).containsPattern("GROUP +STATE +MEMBERS").containsPattern("g-list +empty +0");
        List<Object> groups = MiniJson.array(ok("group", "list", "-o", "json").out());
        assertThat(groups).contains(Map.of("group", "g-list", "state", "empty", "members", 0L));
    }

    @Test
    @SuppressWarnings("unchecked")
    void reset_offsets_without_execute_prints_the_plan_and_changes_nothing() throws Exception {
        // given
        commit("g-dry", Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(2)));

        // when
        Cli.Result table = ok("group", "reset-offsets", "g-dry", "--topic", "events", "--to-earliest");
        Cli.Result json = ok("group", "reset-offsets", "g-dry", "--topic", "events", "--to-earliest", "-o", "json");

        // then the plan is printed, a line says nothing changed, and nothing did
        assertThat(table.outLines()).hasSize(3);
        assertThat(table.outLines().get(0)).matches("TOPIC +PARTITION +CURRENT-OFFSET +NEW-OFFSET");
        assertThat(table.outLines().get(1)).matches("events +0 +5 +" + log0.logStartOffset());
        assertThat(table.outLines().get(2)).matches("events +1 +2 +" + log1.logStartOffset());
        assertThat(table.err()).contains("Nothing changed").contains("--execute");
        Map<String, Object> plan = MiniJson.object(json.out());
        assertThat(plan).containsEntry("group", "g-dry").containsEntry("executed", false);
        assertThat((List<Object>) plan.get("partitions")).containsExactly(
                Map.of("topic", "events", "partition", 0L, "current_offset", 5L, "new_offset", log0.logStartOffset()),
                Map.of("topic", "events", "partition", 1L, "current_offset", 2L, "new_offset", log1.logStartOffset()));
        assertThat(committed("g-dry")).containsEntry(P0, new OffsetAndMetadata(5)).containsEntry(P1, new OffsetAndMetadata(2));
    }

    @Test
    void reset_offsets_with_execute_commits_the_plan() throws Exception {
        // given
        commit("g-exec", Map.of(P0, new OffsetAndMetadata(5)));

        // when
        Cli.Result r = ok("group", "reset-offsets", "g-exec", "-t", "events", "--to-latest", "--execute");

        // then
        assertThat(r.outLines().get(1)).matches("events +0 +5 +" + log0.highWatermark());
        assertThat(r.outLines().get(2)).matches("events +1 +- +" + log1.highWatermark());
        assertThat(r.err()).contains("Reset the committed offsets of 2 partition(s) of group g-exec.");
        assertThat(committed("g-exec")).containsEntry(P0, new OffsetAndMetadata(log0.highWatermark()))
                .containsEntry(P1, new OffsetAndMetadata(log1.highWatermark()));
        assertThat(ok("group", "describe", "g-exec").out()).containsPattern("events +1 +" + log1.highWatermark() + " +"
                + log1.highWatermark() + " +0");
    }

    @Test
    void each_target_moves_to_its_offset_clamped_to_the_log() throws Exception {
        // given records of events-0 one minute apart, the last one at offset highWatermark - 1
        long firstRecord = log0.highWatermark() - 10;
        commit("g-targets", Map.of(P0, new OffsetAndMetadata(firstRecord + 5), P1, new OffsetAndMetadata(log1.highWatermark())));

        // when / then
        ok("group", "reset-offsets", "g-targets", "-t", "events", "--shift-by", "-2", "--execute");
        assertThat(committed("g-targets").get(P0).offset()).isEqualTo(firstRecord + 3);
        assertThat(committed("g-targets").get(P1).offset()).isEqualTo(log1.highWatermark() - 2);

        ok("group", "reset-offsets", "g-targets", "-t", "events", "--to-datetime", "2026-01-01T00:07:00Z", "--execute");
        assertThat(committed("g-targets").get(P0).offset()).as("the record of minute 7").isEqualTo(firstRecord + 7);
        assertThat(committed("g-targets").get(P1).offset()).as("no record that late").isEqualTo(log1.highWatermark());

        ok("group", "reset-offsets", "g-targets", "-t", "events", "--to-offset", "100000", "--execute");
        assertThat(committed("g-targets").get(P0).offset()).as("clamped to the log end").isEqualTo(log0.highWatermark());
    }

    @Test
    void shift_by_without_a_committed_offset_fails_naming_the_partitions() throws Exception {
        commit("g-shift", Map.of(P0, new OffsetAndMetadata(3)));

        Cli.Result r = brook("group", "reset-offsets", "g-shift", "-t", "events", "--shift-by", "1", "--execute");

        assertFailsWithOneLine(r, "has none for events-1");
        assertThat(committed("g-shift")).containsOnlyKeys(P0);
    }

    @Test
    void reset_offsets_of_a_group_that_does_not_exist_yet_creates_it() throws Exception {
        ok("group", "reset-offsets", "g-new", "-t", "events", "--to-earliest", "--execute");

        assertThat(committed("g-new")).containsEntry(P0, new OffsetAndMetadata(log0.logStartOffset()));
    }

    @Test
    void reset_offsets_of_an_unknown_topic_fails_with_one_line() {
        assertFailsWithOneLine(brook("group", "reset-offsets", "g", "-t", "nosuch", "--to-earliest"), "nosuch");
    }

    @Test
    void delete_removes_the_group_and_its_offsets() throws Exception {
        // given
        commit("g-delete", Map.of(P0, new OffsetAndMetadata(1)));

        // when
        Cli.Result r = ok("group", "delete", "g-delete");

        // then
        assertThat(r.out()).isEqualTo("Deleted group g-delete." + System.lineSeparator());
        assertFailsWithOneLine(brook("group", "describe", "g-delete"), "group 'g-delete' does not exist");
        assertThat(committed("g-delete")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_group_with_members_is_described_with_them_and_is_neither_reset_nor_deleted() throws Exception {
        try (HeartbeatMember member = new HeartbeatMember(broker.bootstrap(), "g-busy", "member-1", "events")) {
            // given a member that was assigned both partitions
            assertThat(member.joined().getAssignmentList()).isNotEmpty();

            // when / then describe shows it
            Cli.Result table = ok("group", "describe", "g-busy");
            assertThat(table.outLines().get(0)).contains("members: 1");
            assertThat(table.out()).containsPattern("MEMBER-ID +INSTANCE-ID +CLIENT-ID +HOST +EPOCH +ASSIGNED")
                    .containsPattern("member-1 +- +cli-test-client +\\S+ +\\d+ +events:0,1")
                    .containsPattern("events +0 +- +" + log0.highWatermark() + " +- +member-1");
            Map<String, Object> d = MiniJson.object(ok("group", "describe", "g-busy", "-o", "json").out());
            Map<String, Object> m = (Map<String, Object>) ((List<Object>) d.get("members")).get(0);
            assertThat(m).containsEntry("member_id", "member-1").containsEntry("instance_id", null)
                    .containsEntry("client_id", "cli-test-client").containsEntry("subscribed_topics", List.of("events"))
                    .containsEntry("assignment", List.of(Map.of("topic", "events", "partition", 0L),
                            Map.of("topic", "events", "partition", 1L)));

            // and reset-offsets and delete refuse, changing nothing
            assertFailsWithOneLine(brook("group", "reset-offsets", "g-busy", "-t", "events", "--to-earliest", "--execute"),
                    "group 'g-busy' has 1 member(s)");
            assertFailsWithOneLine(brook("group", "delete", "g-busy"), "group 'g-busy' still has members");
            assertThat(committed("g-busy")).isEmpty();
        }
    }

    @Test
    void an_unknown_group_fails_with_one_line_and_exit_code_1() {
        assertFailsWithOneLine(brook("group", "describe", "nosuch"), "group 'nosuch' does not exist: `brook group list`");
        assertFailsWithOneLine(brook("group", "delete", "nosuch"), "group 'nosuch' does not exist");
    }
}
