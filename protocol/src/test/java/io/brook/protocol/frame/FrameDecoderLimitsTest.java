package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How {@link FrameDecoder} treats frames it cannot deliver: too large (reported, skipped unbuffered,
 * the stream goes on), malformed header fields (reported, the stream goes on) and impossible lengths
 * (reported once, the rest of the stream dropped).
 */
@ExtendWith(NettyLeakCheck.class)
class FrameDecoderLimitsTest {

    private static final int KEY = 2;
    private static final int VERSION = 1;
    private static final int MAX = 1024;

    private static final byte[] MESSAGE = {10, 6, 'o', 'r', 'd', 'e', 'r', 's'};
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5};

    private static byte[] request(int correlationId) {
        return FrameBytes.request(KEY, VERSION, correlationId, FrameBytes.utf8("ab"), MESSAGE, PAYLOAD);
    }

    private static byte[] response(int correlationId) {
        return FrameBytes.response(correlationId, KEY, VERSION, 0, MESSAGE, PAYLOAD);
    }

    private static byte[] frame(boolean requests, int correlationId) {
        return requests ? request(correlationId) : response(correlationId);
    }

    private static Outcome decoded(boolean requests, int correlationId) {
        return requests
                ? Outcome.request(KEY, VERSION, correlationId, "ab", MESSAGE, PAYLOAD)
                : Outcome.response(correlationId, KEY, VERSION, 0, MESSAGE, PAYLOAD);
    }

    /** A valid frame whose body is {@code bodyLength} bytes, by padding its payload. */
    private static byte[] frameOfLength(boolean requests, int correlationId, int bodyLength) {
        int overhead = requests ? FrameLayout.MIN_REQUEST_BODY + 2 : FrameLayout.RESPONSE_HEADER;
        byte[] payload = new byte[bodyLength - overhead - MESSAGE.length];
        return requests
                ? FrameBytes.request(KEY, VERSION, correlationId, FrameBytes.utf8("ab"), MESSAGE, payload)
                : FrameBytes.response(correlationId, KEY, VERSION, 0, MESSAGE, payload);
    }

    // ------------------------------------------------------------------ too large

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void oversized_frame_is_reported_with_its_ids_and_the_next_frame_decodes(boolean requests) {
        try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
            // given
            byte[] big = frameOfLength(requests, 77, 5_000);

            // when
            List<Outcome> out = decoder.feed(FrameBytes.concat(frame(requests, 1), big, frame(requests, 2)));

            // then
            assertThat(out).containsExactly(
                    decoded(requests, 1),
                    Outcome.rejected(FrameError.Kind.TOO_LARGE, 77, KEY, VERSION, 5_000),
                    decoded(requests, 2));
        }
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void frame_of_exactly_the_maximum_decodes_and_one_byte_more_is_too_large(boolean requests) {
        try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
            // given
            byte[] atMax = frameOfLength(requests, 1, MAX);
            byte[] overMax = frameOfLength(requests, 2, MAX + 1);

            // when
            List<Outcome> out = decoder.feed(atMax, overMax, frame(requests, 3));

            // then
            assertThat(out).hasSize(3);
            assertThat(out.get(0)).isInstanceOf(Outcome.Decoded.class);
            assertThat(out.get(1)).isEqualTo(Outcome.rejected(FrameError.Kind.TOO_LARGE, 2, KEY, VERSION, MAX + 1));
            assertThat(out.get(2)).isEqualTo(decoded(requests, 3));
        }
    }

    @Test
    void oversized_frame_is_not_fatal() {
        try (DecoderHarness decoder = new DecoderHarness(true, MAX)) {
            // given
            ByteBuf big = decoder.alloc.heap(frameOfLength(true, 5, MAX + 1));

            // when
            List<Object> out = decoder.feed(big);

            // then
            assertThat(out).singleElement().isInstanceOfSatisfying(FrameError.class, e -> {
                assertThat(e.fatal()).isFalse();
                assertThat(e.detail()).contains(String.valueOf(MAX + 1), String.valueOf(MAX));
            });
        }
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void oversized_frame_is_reported_once_its_id_fields_have_arrived(boolean requests) {
        try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
            // given: the length and ids arrive one byte at a time
            int length = 1 << 20;
            byte[] prefix = requests
                    ? FrameBytes.requestPrefix(length, KEY, VERSION, 0x0A0B0C0D)
                    : FrameBytes.responsePrefix(length, 0x0A0B0C0D, KEY, VERSION);

            // when
            List<Outcome> beforeIds = new ArrayList<>();
            for (int i = 0; i < prefix.length - 1; i++) {
                beforeIds.addAll(decoder.feed(new byte[] {prefix[i]}));
            }
            List<Outcome> onLastIdByte = decoder.feed(new byte[] {prefix[prefix.length - 1]});

            // then
            assertThat(beforeIds).isEmpty();
            assertThat(onLastIdByte).containsExactly(
                    Outcome.rejected(FrameError.Kind.TOO_LARGE, 0x0A0B0C0D, KEY, VERSION, length));
        }
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void oversized_body_arriving_in_64k_pieces_is_skipped_without_being_buffered(boolean requests) {
        try (DecoderHarness decoder = new DecoderHarness(requests, 1 << 20)) {
            // given: a 32 MiB frame against a 1 MiB maximum, then a normal frame in the last piece
            int length = 32 << 20;
            int piece = 64 << 10;
            byte[] prefix = requests
                    ? FrameBytes.requestPrefix(length, KEY, VERSION, 9)
                    : FrameBytes.responsePrefix(length, 9, KEY, VERSION);
            byte[] next = frame(requests, 10);
            long bodyLeft = length - (prefix.length - 4L);

            // when / then: after every piece nothing is held and every piece has been released
            List<Outcome> out = new ArrayList<>();
            int pieces = 0;
            ByteBuf first = decoder.alloc.heapBuffer(piece).writeBytes(prefix).writeZero(piece - prefix.length);
            bodyLeft -= piece - prefix.length;
            out.addAll(Outcome.takeAll(decoder.feed(first)));
            pieces++;
            assertThat(first.refCnt()).isZero();
            assertThat(decoder.alloc.liveBytes()).isZero();
            while (bodyLeft > piece) {
                ByteBuf chunk = decoder.alloc.heapBuffer(piece).writeZero(piece);
                bodyLeft -= piece;
                out.addAll(Outcome.takeAll(decoder.feed(chunk)));
                pieces++;
                assertThat(chunk.refCnt()).isZero();
                assertThat(decoder.alloc.liveBytes()).as("bytes held after %d pieces", pieces).isZero();
            }
            ByteBuf last = decoder.alloc.heapBuffer((int) bodyLeft + next.length).writeZero((int) bodyLeft).writeBytes(next);
            out.addAll(Outcome.takeAll(decoder.feed(last)));
            pieces++;

            assertThat(out).containsExactly(
                    Outcome.rejected(FrameError.Kind.TOO_LARGE, 9, KEY, VERSION, length),
                    decoded(requests, 10));
            assertThat(decoder.alloc.allocations()).as("buffers allocated, all of them input pieces").isEqualTo(pieces);
            assertThat(decoder.alloc.liveBytes()).isZero();
        }
    }

    @Test
    void oversized_frame_of_the_largest_length_is_reported_and_its_start_skipped() {
        try (DecoderHarness decoder = new DecoderHarness(true, MAX)) {
            // given: a 2 GiB announcement whose body never fully arrives
            byte[] prefix = FrameBytes.requestPrefix(Integer.MAX_VALUE, KEY, VERSION, 4);

            // when
            List<Outcome> out = decoder.feed(prefix, new byte[10_000], request(5));

            // then: the next frame's bytes are still inside the announced body
            assertThat(out).containsExactly(Outcome.rejected(FrameError.Kind.TOO_LARGE, 4, KEY, VERSION, Integer.MAX_VALUE));
            assertThat(decoder.alloc.liveBytes()).isZero();
        }
    }

    @ParameterizedTest(name = "length={0}")
    @ValueSource(ints = {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 3, Integer.MAX_VALUE - 4})
    void huge_announced_length_under_an_unlimited_maximum_waits_for_the_body(int length) {
        // given: max.frame.bytes set as high as it goes (once made LENGTH_FIELD + length overflow)
        try (DecoderHarness decoder = new DecoderHarness(true, Integer.MAX_VALUE)) {
            byte[] start = FrameBytes.concat(FrameBytes.requestPrefix(length, KEY, VERSION, 1), new byte[100]);

            // when
            List<Outcome> out = decoder.feed(start);

            // then: nothing yet, and no exception (close() checks)
            assertThat(out).isEmpty();
        }
    }

    // ------------------------------------------------------------------ bad length

    @ParameterizedTest(name = "requests={0}, length={1}")
    @CsvSource({
        "true, 13", "true, 0", "true, -1", "true, -2147483648",
        "false, 13", "false, 0", "false, -1", "false, -2147483648"})
    void length_below_the_header_is_fatal_and_drops_the_rest_of_the_stream(boolean requests, int length) {
        try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
            // given: a good frame, an impossible length, then good frames in the same and later buffers
            byte[] bad = FrameBytes.withInt(frame(requests, 2), 0, length);

            // when
            List<Object> first = decoder.feed(decoder.alloc.heap(FrameBytes.concat(frame(requests, 1), bad, frame(requests, 3))));
            List<Outcome> later = decoder.feed(frame(requests, 4), frame(requests, 5));

            // then
            assertThat(first).hasSize(2);
            assertThat(first.get(1)).isInstanceOfSatisfying(FrameError.class, e -> {
                assertThat(e.fatal()).isTrue();
                assertThat(e.detail()).contains(String.valueOf(length));
            });
            assertThat(Outcome.takeAll(first)).containsExactly(
                    decoded(requests, 1),
                    Outcome.rejected(FrameError.Kind.BAD_LENGTH, -1, -1, -1, length));
            assertThat(later).isEmpty();
            assertThat(decoder.alloc.liveBytes()).isZero();
        }
    }

    @Test
    void smallest_legal_request_length_is_the_bare_header() {
        try (DecoderHarness decoder = new DecoderHarness(true, MAX)) {
            // given: no client id, empty message, no payload
            byte[] frame = FrameBytes.request(KEY, VERSION, 8, null, new byte[0], new byte[0]);

            // when
            List<Outcome> out = decoder.feed(frame);

            // then
            assertThat(frame.length).isEqualTo(4 + FrameLayout.MIN_REQUEST_BODY);
            assertThat(out).containsExactly(Outcome.request(KEY, VERSION, 8, null, new byte[0], new byte[0]));
        }
    }

    // ------------------------------------------------------------------ malformed

    static Stream<Arguments> malformedFrames() {
        byte[] request = request(21);
        int length = request.length - 4;
        int messageLengthAt = FrameBytes.requestMessageLengthAt(2);
        byte[] response = response(21);
        int payloadAndMessage = MESSAGE.length + PAYLOAD.length;
        return Stream.of(
                Arguments.of("client id one byte past the frame", true,
                        FrameBytes.withShort(request, FrameBytes.CLIENT_ID_LENGTH_AT, length - 13)),
                Arguments.of("client id leaves no room for the message length", true,
                        FrameBytes.withShort(request, FrameBytes.CLIENT_ID_LENGTH_AT, length - 12)),
                Arguments.of("client id length 32767", true,
                        FrameBytes.withShort(request, FrameBytes.CLIENT_ID_LENGTH_AT, Short.MAX_VALUE)),
                Arguments.of("client id length -2", true,
                        FrameBytes.withShort(request, FrameBytes.CLIENT_ID_LENGTH_AT, -2)),
                Arguments.of("client id length -32768", true,
                        FrameBytes.withShort(request, FrameBytes.CLIENT_ID_LENGTH_AT, Short.MIN_VALUE)),
                Arguments.of("request message one byte past the frame", true,
                        FrameBytes.withInt(request, messageLengthAt, payloadAndMessage + 1)),
                Arguments.of("request message length 2^31-1", true,
                        FrameBytes.withInt(request, messageLengthAt, Integer.MAX_VALUE)),
                Arguments.of("request message length -1", true,
                        FrameBytes.withInt(request, messageLengthAt, -1)),
                Arguments.of("request message length -2^31", true,
                        FrameBytes.withInt(request, messageLengthAt, Integer.MIN_VALUE)),
                Arguments.of("response message one byte past the frame", false,
                        FrameBytes.withInt(response, FrameBytes.RESPONSE_MESSAGE_LENGTH_AT, payloadAndMessage + 1)),
                Arguments.of("response message length 2^31-1", false,
                        FrameBytes.withInt(response, FrameBytes.RESPONSE_MESSAGE_LENGTH_AT, Integer.MAX_VALUE)),
                Arguments.of("response message length -1", false,
                        FrameBytes.withInt(response, FrameBytes.RESPONSE_MESSAGE_LENGTH_AT, -1)),
                Arguments.of("response message length -2^31", false,
                        FrameBytes.withInt(response, FrameBytes.RESPONSE_MESSAGE_LENGTH_AT, Integer.MIN_VALUE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void header_fields_that_do_not_fit_the_length_make_the_frame_malformed_and_decoding_goes_on(
            String name, boolean requests, byte[] malformed) {
        try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
            // given
            int length = malformed.length - 4;

            // when
            List<Object> out = decoder.feed(decoder.alloc.heap(FrameBytes.concat(malformed, frame(requests, 22))));

            // then
            assertThat(out).hasSize(2);
            assertThat(out.get(0)).isInstanceOfSatisfying(FrameError.class, e -> assertThat(e.fatal()).isFalse());
            assertThat(Outcome.takeAll(out)).containsExactly(
                    Outcome.rejected(FrameError.Kind.MALFORMED, 21, KEY, VERSION, length),
                    decoded(requests, 22));
        }
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void message_may_fill_the_frame_leaving_an_empty_payload(boolean requests) {
        try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
            // given: the message length swallows the payload bytes, exactly to the end of the frame
            byte[] frame = frame(requests, 30);
            int at = requests ? FrameBytes.requestMessageLengthAt(2) : FrameBytes.RESPONSE_MESSAGE_LENGTH_AT;
            byte[] whole = FrameBytes.withInt(frame, at, MESSAGE.length + PAYLOAD.length);
            byte[] message = FrameBytes.concat(MESSAGE, PAYLOAD);

            // when
            List<Outcome> out = decoder.feed(whole);

            // then
            assertThat(out).containsExactly(requests
                    ? Outcome.request(KEY, VERSION, 30, "ab", message, new byte[0])
                    : Outcome.response(30, KEY, VERSION, 0, message, new byte[0]));
        }
    }

    @Test
    void client_id_length_zero_means_no_client_id() {
        try (DecoderHarness decoder = new DecoderHarness(true, MAX)) {
            // given
            byte[] frame = FrameBytes.withShort(FrameBytes.request(KEY, VERSION, 31, null, MESSAGE, PAYLOAD),
                    FrameBytes.CLIENT_ID_LENGTH_AT, 0);

            // when
            List<Outcome> out = decoder.feed(frame);

            // then
            assertThat(out).containsExactly(Outcome.request(KEY, VERSION, 31, null, MESSAGE, PAYLOAD));
        }
    }
}
