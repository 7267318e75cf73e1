package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.protocol.message.ProduceRequest;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link OutboundFrame} owns its payload parts from the moment it is asked for, even when it refuses. */
@ExtendWith(NettyLeakCheck.class)
class OutboundFrameTest {

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void allReleased() {
        alloc.assertAllReleased();
    }

    @Test
    void payload_part_of_the_wrong_type_is_rejected_and_the_other_parts_released() {
        // given
        ByteBuf part = alloc.heap(new byte[8]);
        List<Object> parts = List.of(part, "not a buffer");

        // when / then
        assertThatThrownBy(() -> OutboundFrame.response((short) 3, (short) 0, 1, (short) 0,
                ProduceRequest.getDefaultInstance(), parts))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String");
        assertThat(part.refCnt()).isZero();
    }

    @Test
    void null_payload_part_is_rejected_and_the_other_parts_released() {
        // given
        ByteBuf part = alloc.heap(new byte[8]);
        List<Object> parts = new ArrayList<>(Arrays.asList(part, null));

        // when / then
        assertThatThrownBy(() -> OutboundFrame.request((short) 2, (short) 0, 1, null,
                ProduceRequest.getDefaultInstance(), parts))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThat(part.refCnt()).isZero();
    }

    @Test
    void client_id_longer_than_its_int16_length_field_is_rejected_and_the_payload_released() {
        // given
        ByteBuf part = alloc.heap(new byte[8]);
        String clientId = "c".repeat(Short.MAX_VALUE + 1);

        // when / then
        assertThatThrownBy(() -> OutboundFrame.request((short) 2, (short) 0, 1, clientId,
                ProduceRequest.getDefaultInstance(), List.of(part)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32767");
        assertThat(part.refCnt()).isZero();
    }

    @Test
    void client_id_of_the_largest_length_round_trips() {
        // given
        String clientId = "c".repeat(Short.MAX_VALUE);
        OutboundFrame frame = OutboundFrame.request((short) 2, (short) 0, 1, clientId, ProduceRequest.getDefaultInstance(), List.of());

        // when
        byte[] wire;
        try (EncoderHarness encoder = new EncoderHarness()) {
            wire = encoder.encode(frame);
        }
        List<Outcome> out;
        try (DecoderHarness decoder = new DecoderHarness(true, FrameLayout.DEFAULT_MAX_FRAME_BYTES)) {
            out = decoder.feed(wire);
        }

        // then
        assertThat(out).containsExactly(Outcome.request(2, 0, 1, clientId, new byte[0], new byte[0]));
    }

    @Test
    void releasing_an_unwritten_frame_releases_its_parts() {
        // given
        ByteBuf a = alloc.heap(new byte[8]);
        ByteBuf b = alloc.direct(new byte[8]);
        OutboundFrame frame = OutboundFrame.request((short) 2, (short) 0, 1, null, ProduceRequest.getDefaultInstance(), List.of(a, b));

        // when
        boolean freed = frame.release();

        // then
        assertThat(freed).isTrue();
        assertThat(frame.refCnt()).isZero();
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isZero();
    }

    @Test
    void retained_frame_keeps_its_parts_until_its_last_release() {
        // given
        ByteBuf part = alloc.heap(new byte[8]);
        OutboundFrame frame = OutboundFrame.request((short) 2, (short) 0, 1, null, ProduceRequest.getDefaultInstance(), List.of(part));
        frame.retain();

        // when
        boolean freedFirst = frame.release();

        // then
        assertThat(freedFirst).isFalse();
        assertThat(part.refCnt()).isEqualTo(1);
        assertThat(frame.release()).isTrue();
        assertThat(part.refCnt()).isZero();
    }
}
