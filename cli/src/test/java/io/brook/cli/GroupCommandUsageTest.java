package io.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code brook group ...} with bad command lines: exit code 2, the reason and a hint, before any
 * broker is asked (none listens at the bootstrap address these tests give).
 */
class GroupCommandUsageTest {

    private static String nowhere() throws IOException {
        return CliBroker.closedPort();
    }

    private static void assertUsageError(Cli.Result r, String command, String... fragments) {
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).as("%s", r).hasSize(2);
        assertThat(r.errLines().get(0)).startsWith("error: ").contains(fragments).doesNotContain("Exception");
        assertThat(r.errLines().get(1)).isEqualTo("Run '" + command + " --help' for usage.");
        assertThat(r.out()).isEmpty();
    }

    private static Cli.Result reset(String... args) throws IOException {
        String[] full = new String[args.length + 5];
        full[0] = "group";
        full[1] = "reset-offsets";
        System.arraycopy(args, 0, full, 2, args.length);
        full[args.length + 2] = "-b";
        full[args.length + 3] = nowhere();
        full[args.length + 4] = "--timeout-ms=500";
        return Cli.run(full);
    }

    @Test
    void reset_offsets_without_a_target_names_the_choices() throws IOException {
        assertUsageError(reset("g", "--topic", "t"), "brook group reset-offsets", "Missing required argument",
                "--to-earliest", "--to-latest", "--to-offset", "--to-datetime", "--shift-by");
    }

    @Test
    void reset_offsets_with_two_targets_says_they_exclude_each_other() throws IOException {
        assertUsageError(reset("g", "--topic", "t", "--to-earliest", "--to-offset", "5"), "brook group reset-offsets",
                "mutually exclusive");
        assertUsageError(reset("g", "-t", "t", "--to-latest", "--shift-by", "-1"), "brook group reset-offsets",
                "mutually exclusive");
    }

    @Test
    void reset_offsets_with_a_time_that_is_not_iso_8601_says_so() throws IOException {
        assertUsageError(reset("g", "--topic", "t", "--to-datetime", "yesterday"), "brook group reset-offsets",
                "--to-datetime 'yesterday' is not an ISO-8601 time", "2026-11-25T10:00:00Z");
        assertUsageError(reset("g", "--topic", "t", "--to-datetime", "2026-11-25T10:00:00"), "brook group reset-offsets",
                "with a zone");
    }

    @Test
    void reset_offsets_with_a_shift_that_is_not_a_number_names_the_value() throws IOException {
        assertUsageError(reset("g", "--topic", "t", "--shift-by", "ten"), "brook group reset-offsets", "--shift-by", "'ten'");
    }

    @Test
    void reset_offsets_to_a_negative_offset_is_refused() throws IOException {
        assertUsageError(reset("g", "--topic", "t", "--to-offset=-3"), "brook group reset-offsets",
                "--to-offset must be 0 or more, got -3");
    }

    @Test
    void reset_offsets_needs_a_topic_and_a_group() throws IOException {
        assertUsageError(reset("g", "--to-earliest"), "brook group reset-offsets", "--topic");
        assertUsageError(reset("--topic", "t", "--to-earliest"), "brook group reset-offsets", "GROUP");
    }

    @Test
    void an_invalid_group_id_exits_2_before_anything_is_sent() throws IOException {
        // no broker listens: the check must happen before the client tries to reach one (that would exit 3)
        assertUsageError(Cli.run("group", "describe", "bad/id", "-b", nowhere(), "--timeout-ms=500"),
                "brook group describe", "group id 'bad/id' has the character '/'");
        assertUsageError(reset("bad/id", "--topic", "t", "--to-earliest"), "brook group reset-offsets", "'/'");
        assertUsageError(Cli.run("group", "delete", "ok", "bad/id", "-b", nowhere(), "--timeout-ms=500"),
                "brook group delete", "'bad/id'");
    }

    @Test
    void delete_and_describe_need_a_group() {
        assertUsageError(Cli.run("group", "delete"), "brook group delete", "GROUP");
        assertUsageError(Cli.run("group", "describe"), "brook group describe", "GROUP");
    }

    @Test
    void an_unreachable_broker_exits_3() throws IOException {
        Cli.Result r = Cli.run("group", "list", "-b", nowhere(), "--timeout-ms", "500");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.errLines()).singleElement().asString().startsWith("error: listing groups did not complete within 500 ms");
    }
}
