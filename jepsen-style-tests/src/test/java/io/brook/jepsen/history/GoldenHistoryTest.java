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
import org.junit.jupiter.api.Test;

/**
 * Reads {@code golden/history-v1.jsonl}. The expected ops are spelled out here, not produced by the
 * writer, so the test reads the file as a stranger would. A failure means format version 1 changed.
 */
class GoldenHistoryTest {

    private static final String RESOURCE = "/golden/history-v1.jsonl";

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

    private static InputStream open() {
        InputStream in = GoldenHistoryTest.class.getResourceAsStream(RESOURCE);
        assertThat(in).as("resource %s", RESOURCE).isNotNull();
        return in;
    }

    @Test
    void golden_file_reads_as_the_ops_it_was_written_from() throws IOException {
        // when
        List<Op> ops;
        try (Reader in = new InputStreamReader(open(), StandardCharsets.UTF_8)) {
            ops = HistoryReader.read(in, RESOURCE);
        }
        // then
        assertThat(ops).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void encoding_the_golden_ops_gives_the_golden_lines() throws IOException {
        // given
        List<String> lines;
        try (InputStream in = open()) {
            lines = new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
        lines.replaceAll(line -> line.replace("\\u00e9", "é"));
        // when
        List<String> encoded = new ArrayList<>();
        encoded.add(HistoryFormat.HEADER);
        EXPECTED.forEach(op -> encoded.add(HistoryFormat.encode(op)));
        // then
        assertThat(encoded).containsExactlyElementsOf(lines);
    }
}
