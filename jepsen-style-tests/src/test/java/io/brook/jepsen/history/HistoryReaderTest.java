package io.brook.jepsen.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryReaderTest {

    private static final String OP0 = "{\"index\":0,\"type\":\"invoke\",\"f\":\"poll\",\"process\":1,\"time\":0}";
    private static final String OP1 = "{\"index\":1,\"type\":\"ok\",\"f\":\"poll\",\"process\":1,\"time\":5}";

    @TempDir Path tmp;

    private static List<Op> read(String text) throws IOException {
        return HistoryReader.read(new StringReader(text), "h.jsonl");
    }

    @Test
    void header_alone_is_an_empty_history() throws IOException {
        // when
        List<Op> ops = read(HistoryFormat.HEADER + "\n");
        // then
        assertThat(ops).isEmpty();
    }

    @Test
    void ops_are_read_in_file_order() throws IOException {
        // when
        List<Op> ops = read(HistoryFormat.HEADER + "\n" + OP0 + "\n" + OP1 + "\n");
        // then
        assertThat(ops).extracting(Op::index, Op::type).containsExactly(tuple(0L, Op.Type.INVOKE), tuple(1L, Op.Type.OK));
    }

    @Test
    void a_value_read_again_shares_the_instance_read_first() throws IOException {
        // given: two polls return the same record
        String poll = "\"type\":\"ok\",\"f\":\"poll\",\"process\":1,\"time\":0,\"records\":[[0,7,\"w1-1\"]]}";
        String text = HistoryFormat.HEADER + "\n{\"index\":0," + poll + "\n{\"index\":1," + poll + "\n";
        // when
        List<Op> ops = read(text);
        // then
        assertThat(ops.get(1).records().get(0).value()).isSameAs(ops.get(0).records().get(0).value());
    }

    @Test
    void malformed_line_is_reported_with_source_line_and_column() {
        // given
        String text = HistoryFormat.HEADER + "\n" + OP0 + "\n{\"index\":1,\"type\":\"ok\" \"f\":\"poll\"}\n";
        // when / then
        assertThatThrownBy(() -> read(text))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessage("h.jsonl:3: expected ',' or '}' but found '\"' at column 24")
                .satisfies(e -> assertThat(((HistoryFormatException) e).line()).isEqualTo(3));
    }

    @Test
    void torn_last_line_is_reported_not_skipped() {
        // given
        String text = HistoryFormat.HEADER + "\n" + OP0 + "\n" + OP1.substring(0, 30);
        // when / then
        assertThatThrownBy(() -> read(text)).isInstanceOf(HistoryFormatException.class).hasMessageStartingWith("h.jsonl:3: ");
    }

    @Test
    void index_out_of_sequence_is_rejected() {
        // given
        String text = HistoryFormat.HEADER + "\n" + OP1 + "\n";
        // when / then
        assertThatThrownBy(() -> read(text)).hasMessage("h.jsonl:2: index 1 out of sequence (expected 0)");
    }

    @Test
    void empty_line_is_rejected() {
        // given
        String text = HistoryFormat.HEADER + "\n" + OP0 + "\n\n" + OP1 + "\n";
        // when / then
        assertThatThrownBy(() -> read(text)).hasMessage("h.jsonl:3: empty line");
    }

    @Test
    void file_without_the_header_is_rejected() {
        // when / then
        assertThatThrownBy(() -> read(OP0 + "\n")).hasMessageStartingWith("h.jsonl:1: not a history file");
    }

    @Test
    void empty_file_is_rejected() {
        // when / then
        assertThatThrownBy(() -> read("")).hasMessageStartingWith("h.jsonl:1: empty file");
    }

    @Test
    void invalid_utf8_is_reported_with_its_line() throws IOException {
        // given
        Path file = tmp.resolve("bad.jsonl");
        byte[] good = (HistoryFormat.HEADER + "\n" + OP0 + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
        byte[] both = Arrays.copyOf(good, good.length + bad.length);
        System.arraycopy(bad, 0, both, good.length, bad.length);
        Files.write(file, both);
        // when / then
        assertThatThrownBy(() -> HistoryReader.read(file))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("not valid UTF-8");
    }
}
