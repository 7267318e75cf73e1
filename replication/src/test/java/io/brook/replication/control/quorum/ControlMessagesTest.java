package io.brook.replication.control.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CONTROL payloads between brokers; golden bytes pin version 1 of the envelope around version 4 command bodies. */
class ControlMessagesTest {

    @Test
    void golden_requests() {
        assertThat(HexFormat.of().formatHex(ControlMessages.submit(List.of(new MetadataCommand.Heartbeat(7)))))
                .isEqualTo("0101" + "05" + "00000001" + "02" + "00000007");
        assertThat(HexFormat.of().formatHex(ControlMessages.fetch(42))).isEqualTo("0102" + "05" + "000000000000002a");
    }

    @Test
    void golden_responses() {
        assertThat(HexFormat.of().formatHex(ControlMessages.ok(new byte[] {5, 6}))).isEqualTo("01000506");
        assertThat(HexFormat.of().formatHex(ControlMessages.notLeader(3))).isEqualTo("010100000003");
        assertThat(HexFormat.of().formatHex(ControlMessages.notApplied("x"))).isEqualTo("01020000000178");
        assertThat(HexFormat.of().formatHex(ControlMessages.unknownOutcome("y"))).isEqualTo("01030000000179");
    }

    @Test
    void requests_survive_a_round_trip() {
        ControlMessages.Request submit = ControlMessages.decodeRequest(ControlMessages.submit(CommandCodecTest.goldenCommands()));
        assertThat(submit.kind()).isEqualTo(ControlMessages.SUBMIT);
        assertThat(CommandCodec.decodeCommands(submit.body())).isEqualTo(CommandCodecTest.goldenCommands());

        ControlMessages.Request fetch = ControlMessages.decodeRequest(ControlMessages.fetch(9));
        assertThat(fetch.kind()).isEqualTo(ControlMessages.FETCH);
        assertThat(CommandCodec.decodeQuery(fetch.body())).isEqualTo(9);
    }

    @Test
    void responses_survive_a_round_trip() {
        assertThat(ControlMessages.decodeResponse(ControlMessages.ok(new byte[] {1, 2, 3})).body()).containsExactly(1, 2, 3);
        assertThat(ControlMessages.decodeResponse(ControlMessages.notLeader(-1)))
                .isEqualTo(new ControlMessages.Response(ControlMessages.Status.NOT_LEADER, null, -1, ""));
        assertThat(ControlMessages.decodeResponse(ControlMessages.notApplied("not yet")).reason()).isEqualTo("not yet");
        assertThat(ControlMessages.decodeResponse(ControlMessages.unknownOutcome("moved")).status())
                .isEqualTo(ControlMessages.Status.UNKNOWN_OUTCOME);
    }

    @Test
    void malformed_frames_are_refused_with_an_illegal_argument() {
        for (byte[] bad : List.of(new byte[0], new byte[] {1}, new byte[] {2, 1}, new byte[] {1, 3}, new byte[] {1, 0, 0})) {
            assertThatThrownBy(() -> ControlMessages.decodeRequest(bad)).as(HexFormat.of().formatHex(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (byte[] bad : List.of(new byte[0], new byte[] {1}, new byte[] {2, 0}, new byte[] {1, 4}, new byte[] {1, 1, 0},
                new byte[] {1, 2, 0, 0, 0, 9, 65}, new byte[] {1, 1, 0, 0, 0, 1, 7})) {
            assertThatThrownBy(() -> ControlMessages.decodeResponse(bad)).as(HexFormat.of().formatHex(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
