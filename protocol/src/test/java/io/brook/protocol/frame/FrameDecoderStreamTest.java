package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TCP delivers bytes, not frames: {@link FrameDecoder} must emit the same frames however the stream
 * is cut into buffers, whether a frame spans many buffers or a buffer holds many frames.
 */
@ExtendWith(NettyLeakCheck.class)
class FrameDecoderStreamTest {

    private static final int MAX = FrameLayout.DEFAULT_MAX_FRAME_BYTES;

    private static byte[] message(int i) {
        return FrameBytes.random(new Random(i), 5 + i % 7);
    }

    private static byte[] payload(int i) {
        return FrameBytes.random(new Random(-i), (i * 13) % 40);
    }

    /** The {@code i}th sample frame: client id on every other request, varied message and payload. */
    private static byte[] frame(boolean requests, int i) {
        return requests
                ? FrameBytes.request(2, 0, i, i % 2 == 0 ? FrameBytes.utf8("client-" + i) : null, message(i), payload(i))
                : FrameBytes.response(i, 3, 0, i % 3, message(i), payload(i));
    }

    private static Outcome expected(boolean requests, int i) {
        return requests
                ? Outcome.request(2, 0, i, i % 2 == 0 ? "client-" + i : null, message(i), payload(i))
                : Outcome.response(i, 3, 0, i % 3, message(i), payload(i));
    }

    private static byte[] stream(boolean requests, int count) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(frame(requests, i));
        }
        return FrameBytes.concat(frames.toArray(new byte[0][]));
    }

    private static List<Outcome> expectedStream(boolean requests, int count) {
        List<Outcome> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(expected(requests, i));
        }
        return expected;
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void frame_split_at_any_point_decodes_once_its_last_byte_arrives(boolean requests) {
        byte[] frame = frame(requests, 4);
        for (int split = 1; split < frame.length; split++) {
            try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
                // given
                byte[] head = FrameBytes.slice(frame, 0, split);
                byte[] tail = FrameBytes.slice(frame, split, frame.length);

                // when
                List<Outcome> afterHead = decoder.feed(head);
                List<Outcome> afterTail = decoder.feed(tail);

                // then
                assertThat(afterHead).as("after %d of %d bytes", split, frame.length).isEmpty();
                assertThat(afterTail).as("split at %d", split).containsExactly(expected(requests, 4));
            }
        }
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void frame_fed_byte_by_byte_decodes_on_its_last_byte(boolean requests) {
        try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
            // given
            byte[] frame = frame(requests, 6);

            // when
            List<Integer> emittedAt = new ArrayList<>();
            List<Outcome> out = new ArrayList<>();
            for (int i = 0; i < frame.length; i++) {
                List<Outcome> step = decoder.feed(new byte[] {frame[i]});
                if (!step.isEmpty()) {
                    emittedAt.add(i);
                }
                out.addAll(step);
            }

            // then
            assertThat(emittedAt).containsExactly(frame.length - 1);
            assertThat(out).containsExactly(expected(requests, 6));
        }
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void many_frames_in_one_buffer_decode_in_order(boolean requests) {
        try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
            // given
            byte[] stream = stream(requests, 50);

            // when
            List<Outcome> out = decoder.feed(stream);

            // then
            assertThat(out).containsExactlyElementsOf(expectedStream(requests, 50));
        }
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void frames_cut_into_pieces_of_any_size_decode_in_order(boolean requests) {
        byte[] stream = stream(requests, 5);
        for (int size = 1; size <= stream.length; size++) {
            try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
                // given
                int pieceSize = size;

                // when
                List<Outcome> out = decoder.feedInPieces(stream, left -> pieceSize);

                // then
                assertThat(out).as("pieces of %d bytes", size).containsExactlyElementsOf(expectedStream(requests, 5));
            }
        }
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void buffer_holding_the_end_of_one_frame_and_the_start_of_the_next_decodes_both(boolean requests) {
        try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
            // given: cut both frames in the middle
            byte[] first = frame(requests, 1);
            byte[] second = frame(requests, 2);
            byte[] stream = FrameBytes.concat(first, second);
            int cut1 = first.length / 2;
            int cut2 = first.length + second.length / 2;

            // when
            List<Outcome> a = decoder.feed(FrameBytes.slice(stream, 0, cut1));
            List<Outcome> b = decoder.feed(FrameBytes.slice(stream, cut1, cut2));
            List<Outcome> c = decoder.feed(FrameBytes.slice(stream, cut2, stream.length));

            // then
            assertThat(a).isEmpty();
            assertThat(b).containsExactly(expected(requests, 1));
            assertThat(c).containsExactly(expected(requests, 2));
        }
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void stream_ending_in_mid_frame_emits_nothing_for_it_and_frees_its_bytes(boolean requests) {
        // given
        byte[] whole = frame(requests, 3);
        byte[] stream = FrameBytes.concat(whole, FrameBytes.slice(frame(requests, 8), 0, 20));
        DecoderHarness decoder = new DecoderHarness(requests, MAX);

        // when
        List<Outcome> out = decoder.feed(stream);

        // then: close() fails on anything emitted at end of stream and on unreleased buffers
        assertThat(out).containsExactly(expected(requests, 3));
        decoder.close();
    }
}
