package io.brook.jepsen.history;

import static io.brook.jepsen.history.HistoryBuilder.r;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryFormatTest {

    static Stream<Op> everyShape() {
        return Stream.of(
                new Op(0, Op.Type.INVOKE, Op.SEND, 3, 0, "k", "w3-1", -1, -1, List.of(), null),
                new Op(0, Op.Type.INVOKE, Op.SEND, 3, 0, "k", "w3-1", -1, -1, List.of(), null, 3, 0),
                new Op(0, Op.Type.INVOKE, Op.SEND, 9, 0, "k", "w3-2", 1, -1, List.of(), null, 3, Long.MAX_VALUE),
                new Op(1, Op.Type.INVOKE, Op.SEND, 3, 5, "k", "w3-1", 2, -1, List.of(), null),
                new Op(2, Op.Type.OK, Op.SEND, 3, 7, "k", "w3-1", 2, 41, List.of(), null),
                new Op(3, Op.Type.FAIL, Op.SEND, 3, 9, "k", "w3-1", -1, -1, List.of(), "not leader"),
                new Op(4, Op.Type.INFO, Op.SEND, 3, 9, null, "w3-1", -1, -1, List.of(), "timeout"),
                new Op(5, Op.Type.OK, Op.POLL, -7, Long.MAX_VALUE, null, null, -1, -1,
                        List.of(r(0, 0, "a"), r(1, 9_000_000_000L, null), r(0, 3, "\"quoted\"\n")), null),
                new Op(6, Op.Type.OK, Op.POLL, 1, 10, null, null, -1, -1, List.of(), null),
                new Op(7, Op.Type.OK, Op.SEEK, 1, 11, null, null, 0, 0, List.of(), null),
                new Op(8, Op.Type.INFO, "kill", Integer.MIN_VALUE, 12, null, null, -1, -1, List.of(), "n2 ✝ é"),
                new Op(9, Op.Type.OK, Op.GROUP_POLL, 20, 13, "g", null, -1, -1, List.of(r(2, 4, "v")), null, -1, -1,
                        List.of(), List.of(0, 2)),
                new Op(10, Op.Type.OK, Op.GROUP_POLL, 21, 14, "g", null, -1, -1, List.of(), null, -1, -1, List.of(),
                        List.of()),
                new Op(11, Op.Type.FAIL, Op.COMMIT, 20, 15, "g", null, -1, -1, List.of(), "fenced", -1, -1,
                        List.of(new Op.Offset(0, 3), new Op.Offset(2, 5_000_000_000L)), null));
    }

    @ParameterizedTest
    @MethodSource("everyShape")
    void every_op_shape_round_trips(Op op) {
        // when
        Op decoded = HistoryFormat.decode(HistoryFormat.encode(op));
        // then
        assertThat(decoded).isEqualTo(op);
    }

    @Test
    void defaults_are_left_out_of_the_line() {
        // given
        Op pollInvoke = new Op(4, Op.Type.INVOKE, Op.POLL, 2, 1500, null, null, -1, -1, List.of(), null);
        // when
        String line = HistoryFormat.encode(pollInvoke);
        // then
        assertThat(line).isEqualTo("{\"index\":4,\"type\":\"invoke\",\"f\":\"poll\",\"process\":2,\"time\":1500}");
    }

    @Test
    void a_send_invoke_names_its_producer_and_call_sequence_after_the_offset() {
        // given
        Op invoke = new Op(0, Op.Type.INVOKE, Op.SEND, 11, 1200, "k7", "w3-17", -1, -1, List.of(), null, 3, 17);
        // when
        String line = HistoryFormat.encode(invoke);
        // then
        assertThat(line).isEqualTo("{\"index\":0,\"type\":\"invoke\",\"f\":\"send\",\"process\":11,\"time\":1200,"
                + "\"key\":\"k7\",\"value\":\"w3-17\",\"producer\":3,\"seq\":17}");
    }

    @Test
    void a_version_1_line_may_not_name_a_producer() {
        // given
        String line = "{\"index\":0,\"type\":\"invoke\",\"f\":\"send\",\"process\":1,\"time\":0,\"value\":\"v\",\"seq\":4}";
        // when / then
        assertThatThrownBy(() -> HistoryFormat.decode(line, null, 1))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("unknown field \"seq\"");
        assertThat(HistoryFormat.decode(line, null, 2).seq()).isEqualTo(4);
    }

    @Test
    void records_are_written_as_partition_offset_value_triples() {
        // given
        Op poll = new Op(0, Op.Type.OK, Op.POLL, 2, 9, null, null, -1, -1, List.of(r(1, 5, "a"), r(1, 7, null)), null);
        // when
        String line = HistoryFormat.encode(poll);
        // then
        assertThat(line).endsWith(",\"records\":[[1,5,\"a\"],[1,7,null]]}");
    }

    @Test
    void fields_may_come_in_any_order_and_null_strings_read_as_absent() {
        // given
        String line = "{\"time\":3,\"error\":null,\"f\":\"send\",\"value\":\"v\",\"process\":1,\"key\":null,"
                + "\"type\":\"ok\",\"offset\":4,\"partition\":0,\"index\":2}";
        // when
        Op op = HistoryFormat.decode(line);
        // then
        assertThat(op).isEqualTo(new Op(2, Op.Type.OK, Op.SEND, 1, 3, null, "v", 0, 4, List.of(), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"index\":0,\"type\":\"ok\",\"f\":\"poll\",\"process\":1,\"time\":0,\"colour\":\"red\"}|unknown field \"colour\"",
        "{\"index\":0,\"index\":1,\"type\":\"ok\",\"f\":\"poll\",\"process\":1,\"time\":0}|duplicate field \"index\"",
        "{\"index\":0,\"type\":\"ok\",\"f\":\"poll\",\"time\":0}|missing field \"process\"",
        "{\"index\":0,\"type\":\"done\",\"f\":\"poll\",\"process\":1,\"time\":0}|type must be invoke, ok, fail or info",
        "{\"index\":0,\"type\":\"ok\",\"f\":\"poll\",\"process\":1,\"time\":-5}|time must not be negative",
        "{\"index\":0,\"type\":\"ok\",\"f\":\"poll\",\"process\":1,\"time\":1.5}|expected an integer",
        "{\"index\":0,\"type\":\"ok\",\"f\":\"poll\",\"process\":4294967296,\"time\":0}|process out of range",
        "{\"index\":0,\"type\":\"invoke\",\"f\":\"send\",\"process\":1,\"time\":0,\"producer\":-2}|producer must not be negative",
        "{\"index\":0,\"type\":\"invoke\",\"f\":\"send\",\"process\":1,\"time\":0,\"seq\":\"3\"}|expected a digit",
        "{\"index\":0,\"type\":\"ok\",\"f\":\"send\",\"process\":1,\"time\":0,\"value\":7}|expected '\"'",
        "{\"index\":0,\"type\":\"ok\",\"f\":\"\",\"process\":1,\"time\":0}|field f is empty",
        "{\"index\":0,\"type\":\"ok\",\"f\":\"poll\",\"process\":1,\"time\":0,\"records\":[[0,1]]}|expected ','",
        "{\"index\":0,\"type\":\"ok\",\"f\":\"poll\",\"process\":1,\"time\":0,\"records\":[[0,-1,\"a\"]]}|record offset must not be negative",
        "{\"index\":0,\"type\":\"ok\",\"f\":\"poll\",\"process\":1,\"time\":0} x|unexpected 'x' after the value",
        "[]|expected '{'"})
    void malformed_lines_are_rejected_with_the_reason(String lineAndReason) {
        // given
        String[] parts = lineAndReason.split("\\|");
        // when / then
        assertThatThrownBy(() -> HistoryFormat.decode(parts[0]))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining(parts[1]);
    }

    @Test
    void an_op_that_would_not_read_back_is_refused_when_encoding() {
        // given
        Op rawNanoTime = new Op(0, Op.Type.INVOKE, Op.POLL, 1, -123, null, null, -1, -1, List.of(), null);
        // when / then
        assertThatThrownBy(() -> HistoryFormat.encode(rawNanoTime))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative time");
    }

    @Test
    void header_of_a_later_version_is_rejected_naming_the_versions_this_build_reads() {
        // when / then
        assertThatThrownBy(() -> HistoryFormat.checkHeader("{\"format\":\"brook-history\",\"version\":4}"))
                .hasMessageContaining("unsupported history format version 4 (this build reads 1 to 3)");
    }

    @Test
    void headers_of_versions_1_to_3_are_read_with_their_version() {
        // when / then
        assertThat(HistoryFormat.checkHeader("{\"format\":\"brook-history\",\"version\":1}")).isEqualTo(1);
        assertThat(HistoryFormat.checkHeader("{\"format\":\"brook-history\",\"version\":2}")).isEqualTo(2);
        assertThat(HistoryFormat.checkHeader(HistoryFormat.HEADER)).isEqualTo(3);
    }
}
