package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.client.GroupDescription;
import io.brook.client.GroupState;
import io.brook.client.MemberDescription;
import io.brook.client.OffsetAndMetadata;
import io.brook.client.OffsetAndTimestamp;
import io.brook.client.PartitionOffsets;
import io.brook.client.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The arithmetic of {@code group reset-offsets} targets and {@code group describe} lag, without a broker. */
class GroupOffsetsMathTest {

    /** Log start 10, log end 1 (term marker) ... high watermark 100. */
    private static final PartitionOffsets LOG = new PartitionOffsets(10, 100, 100, 0, 1);

    private static OffsetResetTarget parse(String... args) {
        GroupResetOffsetsCommand command = new GroupResetOffsetsCommand();
        String[] full = new String[args.length + 3];
        full[0] = "g";
        full[1] = "-t";
        full[2] = "t";
        System.arraycopy(args, 0, full, 3, args.length);
        new CommandLine(command).parseArgs(full);
        return command.target;
    }

    @Test
    void earliest_and_latest_are_the_log_start_and_the_high_watermark() {
        assertThat(parse("--to-earliest").newOffset(LOG, 50L, null)).isEqualTo(10);
        assertThat(parse("--to-latest").newOffset(LOG, 50L, null)).isEqualTo(100);
        assertThat(parse("--to-latest").newOffset(new PartitionOffsets(0, 120, 90, 0, 1), null, null))
                .as("not past the high watermark: the records above it are not committed").isEqualTo(90);
    }

    @Test
    void an_offset_outside_the_log_is_clamped_to_it() {
        assertThat(parse("--to-offset", "42").newOffset(LOG, null, null)).isEqualTo(42);
        assertThat(parse("--to-offset", "0").newOffset(LOG, null, null)).isEqualTo(10);
        assertThat(parse("--to-offset", "1000").newOffset(LOG, null, null)).isEqualTo(100);
    }

    @Test
    void shift_by_moves_the_committed_offset_and_is_clamped() {
        assertThat(parse("--shift-by", "-5").newOffset(LOG, 50L, null)).isEqualTo(45);
        assertThat(parse("--shift-by", "5").newOffset(LOG, 50L, null)).isEqualTo(55);
        assertThat(parse("--shift-by", "-100").newOffset(LOG, 50L, null)).isEqualTo(10);
        assertThat(parse("--shift-by", String.valueOf(Long.MAX_VALUE)).newOffset(LOG, 50L, null)).isEqualTo(100);
        assertThat(parse("--shift-by", String.valueOf(Long.MIN_VALUE)).newOffset(LOG, 50L, null)).isEqualTo(10);
    }

    @Test
    void a_datetime_moves_to_the_record_found_or_the_log_end_without_one() {
        OffsetResetTarget t = parse("--to-datetime", "2026-11-25T10:00:00+01:00");
        assertThat(t.timestampMs(new CommandLine(new GroupResetOffsetsCommand())))
                .isEqualTo(java.time.Instant.parse("2026-11-25T09:00:00Z").toEpochMilli());
        assertThat(t.newOffset(LOG, null, new OffsetAndTimestamp(33, 1))).isEqualTo(33);
        assertThat(t.newOffset(LOG, null, null)).isEqualTo(100);
    }

    @Test
    void describe_rows_cover_committed_and_owned_partitions_with_their_lag() {
        // given t-0 committed and owned, t-1 owned without a commit, u-0 committed on a topic that is gone
        MemberDescription m = new MemberDescription("m1", Optional.empty(), "c", "h", 1, List.of("t"),
                Set.of(new TopicPartition("t", 1), new TopicPartition("t", 0)), Set.of(), Set.of());
        GroupDescription g = new GroupDescription("g", GroupState.STABLE, 1, "uniform", 0, List.of(m));
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(7),
                new TopicPartition("u", 0), new OffsetAndMetadata(3));
        Map<TopicPartition, PartitionOffsets> logs = Map.of(new TopicPartition("t", 0), LOG, new TopicPartition("t", 1), LOG);

        // when
        List<GroupDescribeCommand.PartitionRow> rows = GroupDescribeCommand.rows(g, committed, logs);

        // then
        assertThat(rows).extracting(GroupDescribeCommand.PartitionRow::partition).containsExactly(
                new TopicPartition("t", 0), new TopicPartition("t", 1), new TopicPartition("u", 0));
        assertThat(rows).extracting(GroupDescribeCommand.PartitionRow::lag).containsExactly(93L, null, null);
        assertThat(rows).extracting(GroupDescribeCommand.PartitionRow::memberId).containsExactly("m1", "m1", null);
        assertThat(GroupDescribeCommand.compact(List.of(new TopicPartition("u", 3), new TopicPartition("t", 1),
                new TopicPartition("t", 0)))).isEqualTo("t:0,1 u:3");
    }
}
