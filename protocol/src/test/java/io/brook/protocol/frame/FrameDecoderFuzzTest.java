package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.brook.protocol.ApiKey;
import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized robustness of the framing. Streams of valid frames, garbage and damaged frames (bytes
 * flipped, cut short, duplicated, spliced, header fields overwritten) are fed to {@link FrameDecoder}
 * in random pieces. The decoder must never throw, emit only {@link Frame}s and {@link FrameError}s,
 * decode exactly what {@link ReferenceDecoder} finds in the whole stream, and release every buffer.
 * Each decoded message is parsed as a random message type: only InvalidProtocolBufferException may
 * come out. A failure prints its seed; {@code -Dbrook.seed=N} replays it.
 */
@ExtendWith(NettyLeakCheck.class)
class FrameDecoderFuzzTest {

    private static final int[] INTERESTING_INTS = {
        Integer.MIN_VALUE, -2, -1, 0, 1, 8, 12, 13, 14, 15, 17, 18, 255, 1 << 16, 1 << 20, Integer.MAX_VALUE - 4,
        Integer.MAX_VALUE - 3, Integer.MAX_VALUE};
    private static final short[] INTERESTING_SHORTS = {Short.MIN_VALUE, -2, -1, 0, 1, 2, 13, 255, Short.MAX_VALUE};

    /** How often each outcome occurred, printed after each test so a weak fuzzer shows. */
    private final Map<String, Integer> outcomes = new TreeMap<>();

    @TempDir
    Path dir;

    private void count(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    @AfterEach
    void printOutcomes() {
        System.out.println("  outcomes: " + outcomes);
    }

    /** A frame as bytes, with the outcome it must decode to as the first frame of a clean stream. */
    private record Sample(byte[] bytes, Outcome expected) {}

    @Test
    void damaged_streams_in_random_pieces_decode_exactly_like_the_reference_model() {
        Seeds.forEach("FrameDecoderFuzzTest.damaged_streams", 3_000, (seed, rnd) -> {
            // given: segments of valid frames, garbage and damaged frames
            boolean requests = rnd.nextBoolean();
            int max = maxFrameBytes(rnd);
            List<byte[]> segments = new ArrayList<>();
            List<Outcome> cleanPrefix = new ArrayList<>();
            boolean damaged = false;
            for (int n = 1 + rnd.nextInt(8); n > 0; n--) {
                int kind = rnd.nextInt(100);
                if (kind < 45) {
                    Sample s = sample(rnd, requests, max);
                    segments.add(s.bytes());
                    if (!damaged) {
                        cleanPrefix.add(s.expected());
                    }
                } else if (kind < 55) {
                    segments.add(FrameBytes.random(rnd, rnd.nextInt(40)));
                    damaged = true;
                } else {
                    segments.add(mutate(rnd, sample(rnd, requests, max).bytes(), requests, max));
                    damaged = true;
                }
            }
            byte[] stream = FrameBytes.concat(segments.toArray(new byte[0][]));
            List<Outcome> model = ReferenceDecoder.decodeAll(stream, requests, max);
            assertThat(model.size()).as("model against the generator").isGreaterThanOrEqualTo(cleanPrefix.size());
            assertThat(model.subList(0, cleanPrefix.size())).as("model against the generator").isEqualTo(cleanPrefix);

            // when
            List<Outcome> decoded = new ArrayList<>();
            try (DecoderHarness decoder = new DecoderHarness(requests, max, allocator(rnd))) {
                int at = 0;
                int style = rnd.nextInt(4);
                while (at < stream.length) {
                    int n = Math.min(stream.length - at, pieceSize(rnd, style));
                    byte[] piece = FrameBytes.slice(stream, at, at + n);
                    ByteBuf buf = rnd.nextBoolean() ? decoder.alloc.heap(piece) : decoder.alloc.direct(piece);
                    List<Object> out = decoder.feed(buf);
                    // then (per piece): only frames and frame errors, frames within their bounds and parseable
                    checkEach(rnd, out, requests, max);
                    decoded.addAll(Outcome.takeAll(out));
                    at += n;
                }
            } // close(): no exception recorded, nothing left over, every buffer released

            // then
            assertThat(decoded).isEqualTo(model);
            for (int i = 0; i < decoded.size(); i++) {
                Outcome o = decoded.get(i);
                count(o instanceof Outcome.Rejected r ? r.kind().name() : "FRAME");
                if (o instanceof Outcome.Rejected r && r.kind() == FrameError.Kind.BAD_LENGTH) {
                    assertThat(i).as("a fatal error is the last output").isEqualTo(decoded.size() - 1);
                }
            }
        });
        if (System.getProperty(Seeds.PROPERTY) == null) {
            assertThat(outcomes).as("every outcome was exercised")
                    .containsKeys("FRAME", "TOO_LARGE", "MALFORMED", "BAD_LENGTH", "PARSE_OK", "PARSE_INVALID");
        }
    }

    @Test
    void random_frames_survive_encoder_and_decoder_in_random_pieces() throws IOException {
        byte[] file = FrameBytes.random(new Random(1), 1 << 16);
        Path segment = Files.write(dir.resolve("segment.log"), file);
        Seeds.forEach("FrameDecoderFuzzTest.round_trip", 2_000, (seed, rnd) -> {
            // given: frames whose payload is cut into heap, direct and file-region parts
            boolean requests = rnd.nextBoolean();
            List<Outcome> expected = new ArrayList<>();
            byte[] wire;
            try (EncoderHarness encoder = new EncoderHarness(allocator(rnd))) {
                List<OutboundFrame> frames = new ArrayList<>();
                for (int n = 1 + rnd.nextInt(5); n > 0; n--) {
                    short key = ApiKey.values()[rnd.nextInt(ApiKey.values().length)].id();
                    short version = (short) rnd.nextInt(3);
                    int correlationId = rnd.nextInt();
                    var message = RandomMessages.message(rnd);
                    List<Object> parts = new ArrayList<>();
                    List<byte[]> payload = new ArrayList<>();
                    for (int p = rnd.nextInt(4); p > 0; p--) {
                        int size = rnd.nextInt(300);
                        switch (rnd.nextInt(3)) {
                            case 0 -> {
                                byte[] b = FrameBytes.random(rnd, size);
                                parts.add(encoder.alloc.heap(b));
                                count("HEAP_PART");
                                payload.add(b);
                            }
                            case 1 -> {
                                byte[] b = FrameBytes.random(rnd, size);
                                parts.add(encoder.alloc.direct(b));
                                count("DIRECT_PART");
                                payload.add(b);
                            }
                            default -> {
                                int from = rnd.nextInt(file.length - size);
                                parts.add(new DefaultFileRegion(segment.toFile(), from, size));
                                count("FILE_REGION_PART");
                                payload.add(FrameBytes.slice(file, from, from + size));
                            }
                        }
                    }
                    byte[] payloadBytes = FrameBytes.concat(payload.toArray(new byte[0][]));
                    if (requests) {
                        String clientId = rnd.nextBoolean() ? null : "client-" + rnd.nextInt(100);
                        frames.add(OutboundFrame.request(key, version, correlationId, clientId, message, parts));
                        expected.add(Outcome.request(key, version, correlationId, clientId, message.toByteArray(), payloadBytes));
                    } else {
                        short error = (short) (rnd.nextInt(4) == 0 ? rnd.nextInt(25) : 0);
                        frames.add(OutboundFrame.response(key, version, correlationId, error, message, parts));
                        expected.add(Outcome.response(correlationId, key, version, error, message.toByteArray(), payloadBytes));
                    }
                }
                wire = encoder.encode(frames.toArray(new OutboundFrame[0]));
            }

            // when
            List<Outcome> decoded;
            int style = rnd.nextInt(4);
            try (DecoderHarness decoder = new DecoderHarness(requests, FrameLayout.DEFAULT_MAX_FRAME_BYTES, allocator(rnd))) {
                decoded = decoder.feedInPieces(wire, left -> pieceSize(rnd, style));
            }

            // then
            assertThat(decoded).isEqualTo(expected);
            expected.forEach(e -> count("FRAME"));
        });
    }

    /**
     * Mostly an allocator outside Netty's leak detector: paranoid tracing of every access would make
     * this test many times slower, and the harness checks every buffer of the allocator exactly
     * anyway. One seed in 50 keeps the detector on, so its wrapped buffers are fuzzed too.
     */
    private static TrackingAllocator allocator(Random rnd) {
        return rnd.nextInt(50) == 0 ? new TrackingAllocator() : TrackingAllocator.withoutLeakDetector();
    }

    private void checkEach(Random rnd, List<Object> out, boolean requests, int max) throws Exception {
        for (Object o : out) {
            assertThat(o).isInstanceOfAny(Frame.class, FrameError.class);
            if (o instanceof Frame f) {
                assertThat(f.isRequest()).isEqualTo(requests);
                int overhead = FrameLayout.RESPONSE_HEADER;
                if (requests) {
                    assertThat(f.errorCode()).isZero();
                    // a decoded client id has at most as many chars as it had bytes
                    overhead = FrameLayout.MIN_REQUEST_BODY + (f.clientId() == null ? 0 : f.clientId().length());
                } else {
                    assertThat(f.clientId()).isNull();
                }
                assertThat((long) overhead + f.message().readableBytes() + f.payload().readableBytes())
                        .as("frame size within the maximum").isLessThanOrEqualTo(max);
                try {
                    Messages.parse(RandomMessages.parser(rnd), f.message());
                    count("PARSE_OK");
                } catch (InvalidProtocolBufferException expected) {
                    count("PARSE_INVALID");
                }
            }
        }
    }

    private static int maxFrameBytes(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0, 1 -> FrameLayout.DEFAULT_MAX_FRAME_BYTES;
            case 2 -> Integer.MAX_VALUE;
            default -> FrameLayout.MIN_REQUEST_BODY + rnd.nextInt(400);
        };
    }

    /** Piece sizes: byte by byte, small, medium, or mostly whole. */
    private static int pieceSize(Random rnd, int style) {
        return switch (style) {
            case 0 -> 1;
            case 1 -> 1 + rnd.nextInt(16);
            case 2 -> 1 + rnd.nextInt(300);
            default -> rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(10) : 1 << 20;
        };
    }

    private static Sample sample(Random rnd, boolean requests, int max) {
        short key = rnd.nextInt(10) < 7 ? ApiKey.values()[rnd.nextInt(ApiKey.values().length)].id() : (short) rnd.nextInt();
        short version = rnd.nextInt(10) < 8 ? (short) rnd.nextInt(3) : (short) rnd.nextInt();
        int correlationId = rnd.nextInt();
        byte[] message = switch (rnd.nextInt(10)) {
            case 0, 1 -> new byte[0];
            case 2, 3, 4 -> FrameBytes.random(rnd, rnd.nextInt(60));
            default -> RandomMessages.message(rnd).toByteArray();
        };
        byte[] payload = rnd.nextInt(10) < 4 ? new byte[0] : FrameBytes.random(rnd, rnd.nextInt(rnd.nextBoolean() ? 300 : 2_000));
        if (requests) {
            String clientId = switch (rnd.nextInt(10)) {
                case 0, 1, 2 -> null;
                case 3 -> "";
                case 4, 5 -> "clïent-客户-\uD83D\uDE00-" + rnd.nextInt(1000);
                default -> "client-" + rnd.nextInt(1000);
            };
            byte[] bytes = FrameBytes.request(key, version, correlationId, clientId == null ? null : FrameBytes.utf8(clientId),
                    message, payload);
            return new Sample(bytes, outcome(bytes, max, Outcome.request(key, version, correlationId,
                    clientId == null || clientId.isEmpty() ? null : clientId, message, payload)));
        }
        short error = (short) (rnd.nextInt(4) == 0 ? rnd.nextInt(25) : 0);
        byte[] bytes = FrameBytes.response(correlationId, key, version, error, message, payload);
        return new Sample(bytes, outcome(bytes, max, Outcome.response(correlationId, key, version, error, message, payload)));
    }

    /** A valid frame decodes, unless it is longer than the maximum. */
    private static Outcome outcome(byte[] bytes, int max, Outcome.Decoded decoded) {
        int length = bytes.length - 4;
        return length > max
                ? Outcome.rejected(FrameError.Kind.TOO_LARGE, decoded.correlationId(), decoded.apiKey(), decoded.apiVersion(), length)
                : decoded;
    }

    private static byte[] mutate(Random rnd, byte[] frame, boolean requests, int max) {
        byte[] b = frame.clone();
        switch (rnd.nextInt(7)) {
            case 0 -> { // flip bits, often in the header
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                    int range = rnd.nextBoolean() ? Math.min(b.length, 24) : b.length;
                    b[rnd.nextInt(range)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            }
            case 1 -> { // cut short
                return FrameBytes.slice(b, 0, rnd.nextInt(b.length));
            }
            case 2 -> { // a range of it twice
                int from = rnd.nextInt(b.length);
                int to = from + rnd.nextInt(b.length - from + 1);
                return FrameBytes.concat(FrameBytes.slice(b, 0, to), FrameBytes.slice(b, from, b.length));
            }
            case 3 -> { // the head of this frame on the tail of another
                byte[] other = sample(rnd, requests, max).bytes();
                return FrameBytes.concat(FrameBytes.slice(b, 0, rnd.nextInt(b.length + 1)),
                        FrameBytes.slice(other, rnd.nextInt(other.length + 1), other.length));
            }
            case 4 -> { // a range left out
                int from = rnd.nextInt(b.length);
                int to = from + rnd.nextInt(b.length - from + 1);
                return FrameBytes.concat(FrameBytes.slice(b, 0, from), FrameBytes.slice(b, to, b.length));
            }
            default -> { // a header field set to an edge value
                ByteBuffer buf = ByteBuffer.wrap(b);
                int field = rnd.nextInt(3);
                if (field == 0) {
                    buf.putInt(0, rnd.nextBoolean() ? INTERESTING_INTS[rnd.nextInt(INTERESTING_INTS.length)]
                            : buf.getInt(0) + rnd.nextInt(9) - 4);
                } else if (requests && field == 1) {
                    buf.putShort(FrameBytes.CLIENT_ID_LENGTH_AT, rnd.nextBoolean()
                            ? INTERESTING_SHORTS[rnd.nextInt(INTERESTING_SHORTS.length)]
                            : (short) (buf.getShort(FrameBytes.CLIENT_ID_LENGTH_AT) + rnd.nextInt(9) - 4));
                } else {
                    int at = requests ? FrameBytes.requestMessageLengthAt(buf.getShort(FrameBytes.CLIENT_ID_LENGTH_AT))
                            : FrameBytes.RESPONSE_MESSAGE_LENGTH_AT;
                    if (at + 4 <= b.length) {
                        buf.putInt(at, rnd.nextBoolean() ? INTERESTING_INTS[rnd.nextInt(INTERESTING_INTS.length)]
                                : buf.getInt(at) + rnd.nextInt(9) - 4);
                    }
                }
                return b;
            }
        }
    }
}
