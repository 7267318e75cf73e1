package io.brook.jepsen.history;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads {@code golden/history-v1.jsonl}, {@code golden/history-v2.jsonl} and {@code golden/history-v3.jsonl}. The expected ops are
 * spelled out here, not produced by the writer, so the test reads the files as a stranger would. A
 * failure means a format version changed.
 */
class GoldenHistoryTest {

    private static final String RESOURCE = "/golden/history-v1.jsonl";
    private static final String RESOURCE_V2 = "/golden/history-v2.jsonl";
    private static final String RESOURCE_V3 = "/golden/history-v3.jsonl";

    private static final List<Op> EXPECTED = List.of(
            new Op(0, Op.Type.INVOKE, "send", 0, 1000, "k3", "w0-1", -1, -1, List.of(), null),
            new Op(1, Op.Type.INVOKE, "send", 1, 1500, "k5", "w1-1", 2, -1, List.of(), null),
            new Op(2, Op.Type.OK, "send", 0, 2_100_000, "k3", "w0-1", 0, 0, List.of(), null),
            new Op(3, Op.Type.INFO, "send", 1, 5_002_000, "k5", "w1-1", -1, -1, List.of(), "timeout after 5000 ms"),
            new Op(4, Op.Type.INVOKE, "send", 0, 5_100_000, "k3", "w0-2", -1, -1, List.of(), null),
            new Op(5, Op.Type.FAIL, "send", 0, 5_200_000, "k3", "w0-2", -1, -1, List.of(), "NOT_LEADER"),
            new Op(6, Op.Type.INVOKE, "seek", 2, 6_000_000, null, null, 0, 0, List.of(), null),
            new Op(7, Op.Type.OK, "seek", 2, 6_000_100, null, null, 0, 0, List.of(), null),
            new Op(8, Op.Type.INVOKE, "poll", 2, 6_100_000, null, null, -1, -1, List.of(), null),
            new Op(9, Op.Type.OK, "poll", 2, 7_300_000, null, null, -1, -1, List.of(r(0, 0, "w0-1"), r(2, 3, "w1-1")), null),
            new Op(10, Op.Type.INVOKE, "poll", 2, 7_400_000, null, null, -1, -1, List.of(), null),
            new Op(11, Op.Type.OK, "poll", 2, 8_400_000, null, null, -1, -1, List.of(), null),
            new Op(12, Op.Type.INVOKE, "final-read", -1, 9_000_000, null, null, -1, -1, List.of(), null),
            new Op(13, Op.Type.OK, "final-read", -1, 9_500_000, null, null, -1, -1,
                    List.of(r(0, 0, "w0-1"), r(2, 3, "w1-1"), r(2, 5, "café \"quoted\"\n"), r(2, 6, null)), null));

    /** Two producers, one with two sends open at once (processes 0 and 1) acknowledged out of call order. */
    private static final List<Op> EXPECTED_V2 = List.of(
            new Op(0, Op.Type.INVOKE, "send", 0, 1000, "k3", "w0-0", -1, -1, List.of(), null, 0, 0),
            new Op(1, Op.Type.INVOKE, "send", 1, 1200, "k4", "w0-1", -1, -1, List.of(), null, 0, 1),
            new Op(2, Op.Type.INVOKE, "send", 2, 1500, "k5", "w1-0", 2, -1, List.of(), null, 1, 0),
            new Op(3, Op.Type.OK, "send", 1, 2_000_000, "k4", "w0-1", 0, 0, List.of(), null),
            new Op(4, Op.Type.OK, "send", 0, 2_100_000, "k3", "w0-0", 0, 1, List.of(), null),
            new Op(5, Op.Type.INFO, "send", 2, 5_002_000, "k5", "w1-0", -1, -1, List.of(), "TimeoutException: expired"),
            new Op(6, Op.Type.INVOKE, "send", 0, 5_100_000, "k3", "w0-2", -1, -1, List.of(), null, 0, 2),
            new Op(7, Op.Type.FAIL, "send", 0, 5_200_000, "k3", "w0-2", -1, -1, List.of(), "BufferExhaustedException"),
            new Op(8, Op.Type.INVOKE, "poll", 8, 6_100_000, null, null, -1, -1, List.of(), null),
            new Op(9, Op.Type.OK, "poll", 8, 7_300_000, null, null, -1, -1,
                    List.of(r(0, 0, "w0-1"), r(0, 1, "w0-0"), r(2, 3, "w1-0")), null),
            new Op(10, Op.Type.INVOKE, "final-read", -1, 9_000_000, null, null, -1, -1, List.of(), null),
            new Op(11, Op.Type.OK, "final-read", -1, 9_500_000, null, null, -1, -1,
                    List.of(r(0, 0, "w0-1"), r(0, 1, "w0-0"), r(2, 3, "w1-0"), r(2, 5, "café")), null));

    /** A group member polls and commits, a second one joins empty-handed, a commit is unknown, a reset. */
    private static final List<Op> EXPECTED_V3 = List.of(
            new Op(0, Op.Type.INVOKE, "send", 0, 1000, "k3", "w0-0", -1, -1, List.of(), null, 0, 0),
            new Op(1, Op.Type.OK, "send", 0, 2_000_000, "k3", "w0-0", 0, 0, List.of(), null),
            new Op(2, Op.Type.INVOKE, "group-poll", 20, 2_100_000, "g", null, -1, -1, List.of(), null),
            new Op(3, Op.Type.OK, "group-poll", 20, 2_500_000, "g", null, -1, -1, List.of(r(0, 0, "w0-0")), null, -1, -1,
                    List.of(), List.of(0, 1)),
            new Op(4, Op.Type.INVOKE, "commit", 20, 2_600_000, "g", null, -1, -1, List.of(), null, -1, -1,
                    List.of(new Op.Offset(0, 1)), null),
            new Op(5, Op.Type.OK, "commit", 20, 3_000_000, "g", null, -1, -1, List.of(), null, -1, -1,
                    List.of(new Op.Offset(0, 1)), null),
            new Op(6, Op.Type.INVOKE, "group-poll", 21, 3_100_000, "g", null, -1, -1, List.of(), null),
            new Op(7, Op.Type.OK, "group-poll", 21, 3_200_000, "g", null, -1, -1, List.of(), null, -1, -1, List.of(),
                    List.of()),
            new Op(8, Op.Type.INVOKE, "commit", 20, 3_300_000, "g", null, -1, -1, List.of(), null, -1, -1,
                    List.of(new Op.Offset(0, 1), new Op.Offset(1, 7)), null),
            new Op(9, Op.Type.INFO, "commit", 20, 4_000_000, "g", null, -1, -1, List.of(), "killed", -1, -1,
                    List.of(new Op.Offset(0, 1), new Op.Offset(1, 7)), null),
            new Op(10, Op.Type.INVOKE, "reset-offsets", -3, 5_000_000, "g", null, -1, -1, List.of(), null, -1, -1,
                    List.of(new Op.Offset(0, 0)), null),
            new Op(11, Op.Type.OK, "reset-offsets", -3, 5_100_000, "g", null, -1, -1, List.of(), null, -1, -1,
                    List.of(new Op.Offset(0, 0)), null),
            new Op(12, Op.Type.INVOKE, "final-read", -1, 9_000_000, null, null, -1, -1, List.of(), null),
            new Op(13, Op.Type.OK, "final-read", -1, 9_500_000, null, null, -1, -1, List.of(r(0, 0, "w0-0")), null));

    private static InputStream open(String resource) {
        InputStream in = GoldenHistoryTest.class.getResourceAsStream(resource);
        assertThat(in).as("resource %s", resource).isNotNull();
        return in;
    }

    private static List<Op> read(String resource) throws IOException {
        try (Reader in = new InputStreamReader(open(resource), StandardCharsets.UTF_8)) {
            return HistoryReader.read(in, resource);
        }
    }

    /** The file's lines, its escaped é unescaped as the writer writes it. */
    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = open(resource)) {
            List<String> lines = new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            lines.replaceAll(line -> line.replace("\\u00e9", "é"));
            return lines;
        }
    }

    static Stream<Arguments> goldenFiles() {
        return Stream.of(Arguments.of(RESOURCE, EXPECTED), Arguments.of(RESOURCE_V2, EXPECTED_V2),
                Arguments.of(RESOURCE_V3, EXPECTED_V3));
    }

    @ParameterizedTest
    @MethodSource("goldenFiles")
    void golden_file_reads_as_the_ops_it_was_written_from(String resource, List<Op> expected) throws IOException {
        // when
        List<Op> ops = read(resource);
        // then
        assertThat(ops).containsExactlyElementsOf(expected);
    }

    @Test
    void encoding_the_version_1_ops_gives_the_golden_op_lines() throws IOException {
        // given: the writer now writes version 3, whose lines for version-1 ops are version 1's
        List<String> lines = lines(RESOURCE);
        // when
        List<String> encoded = EXPECTED.stream().map(HistoryFormat::encode).toList();
        // then
        assertThat(lines.get(0)).isEqualTo("{\"format\":\"brook-history\",\"version\":1}");
        assertThat(encoded).containsExactlyElementsOf(lines.subList(1, lines.size()));
    }

    @Test
    void encoding_the_version_2_ops_gives_the_golden_op_lines() throws IOException {
        // given: version 3 writes version-2 ops as version 2 did
        List<String> lines = lines(RESOURCE_V2);
        // when
        List<String> encoded = EXPECTED_V2.stream().map(HistoryFormat::encode).toList();
        // then
        assertThat(lines.get(0)).isEqualTo("{\"format\":\"brook-history\",\"version\":2}");
        assertThat(encoded).containsExactlyElementsOf(lines.subList(1, lines.size()));
    }

    @Test
    void encoding_the_version_3_ops_gives_the_golden_lines() throws IOException {
        // given
        List<String> lines = lines(RESOURCE_V3);
        // when
        List<String> encoded = new ArrayList<>();
        encoded.add(HistoryFormat.HEADER);
        EXPECTED_V3.forEach(op -> encoded.add(HistoryFormat.encode(op)));
        // then
        assertThat(encoded).containsExactlyElementsOf(lines);
    }

    @Test
    void a_version_2_file_with_a_version_3_field_is_malformed() {
        // given
        String file = "{\"format\":\"brook-history\",\"version\":2}\n"
                + "{\"index\":0,\"type\":\"invoke\",\"f\":\"commit\",\"process\":1,\"time\":5,\"offsets\":[[0,1]]}\n";
        // when / then
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HistoryReader.read(new java.io.StringReader(file), "v2"))
                .hasMessageContaining("unknown field \"offsets\"");
    }
}
