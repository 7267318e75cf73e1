package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.protocol.ApiKey;
import io.brook.protocol.message.ApiVersionsRequest;
import io.brook.protocol.message.ErrorCode;
import io.brook.protocol.message.ErrorResponse;
import io.brook.protocol.message.FetchPartitionResult;
import io.brook.protocol.message.FetchResponse;
import io.brook.protocol.message.FetchTopicResult;
import io.brook.protocol.message.ProducePartition;
import io.brook.protocol.message.ProduceRequest;
import io.brook.protocol.message.ProduceTopic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.DefaultFileRegion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frames written by {@link FrameEncoder} come out of {@link FrameDecoder} with the same header
 * fields, message and payload, whatever the payload is made of (buffers of any kind, file regions).
 */
@ExtendWith(NettyLeakCheck.class)
class FrameRoundTripTest {

    private static final int MAX = FrameLayout.DEFAULT_MAX_FRAME_BYTES;
    private static final short PRODUCE = ApiKey.PRODUCE.id();
    private static final short FETCH = ApiKey.FETCH.id();

    @TempDir
    Path dir;

    private final EncoderHarness encoder = new EncoderHarness();

    @AfterEach
    void closeEncoder() {
        encoder.close();
    }

    private static ProduceRequest produce(int... recordsSizes) {
        ProduceTopic.Builder topic = ProduceTopic.newBuilder().setName("orders");
        for (int i = 0; i < recordsSizes.length; i++) {
            topic.addPartitions(ProducePartition.newBuilder().setPartition(i).setRecordsSize(recordsSizes[i]));
        }
        return ProduceRequest.newBuilder().setAcks(-1).setTimeoutMs(30_000).addTopics(topic).build();
    }

    private static FetchResponse fetchResponse(int recordsSize) {
        return FetchResponse.newBuilder().addTopics(FetchTopicResult.newBuilder().setName("orders")
                .addPartitions(FetchPartitionResult.newBuilder().setPartition(0).setHighWatermark(17)
                        .setRecordsSize(recordsSize))).build();
    }

    private static byte[] bytes(int n, int seed) {
        return FrameBytes.random(new Random(seed), n);
    }

    private List<Outcome> decode(boolean requests, byte[] wire) {
        try (DecoderHarness decoder = new DecoderHarness(requests, MAX)) {
            return decoder.feed(wire);
        }
    }

    @Test
    void request_with_client_id_round_trips() {
        // given
        ProduceRequest message = produce(100);
        byte[] payload = bytes(100, 1);
        OutboundFrame frame = OutboundFrame.request(PRODUCE, (short) 0, 42, "orders-service", message,
                List.of(encoder.alloc.heap(payload)));

        // when
        List<Outcome> decoded = decode(true, encoder.encode(frame));

        // then
        assertThat(decoded).containsExactly(
                Outcome.request(PRODUCE, 0, 42, "orders-service", message.toByteArray(), payload));
    }

    @Test
    void request_without_client_id_decodes_with_a_null_client_id() {
        // given
        ProduceRequest message = produce(0);
        OutboundFrame frame = OutboundFrame.request(PRODUCE, (short) 0, 7, null, message, List.of());

        // when
        byte[] wire = encoder.encode(frame);
        List<Outcome> decoded = decode(true, wire);

        // then
        assertThat(wire.length).isEqualTo(4 + FrameLayout.MIN_REQUEST_BODY + message.getSerializedSize());
        assertThat(decoded).containsExactly(Outcome.request(PRODUCE, 0, 7, null, message.toByteArray(), new byte[0]));
    }

    @Test
    void empty_client_id_is_sent_as_no_client_id() {
        // given: the wire cannot tell "" from none, so the encoder writes length -1 for both
        ProduceRequest message = produce(0);
        OutboundFrame frame = OutboundFrame.request(PRODUCE, (short) 0, 7, "", message, List.of());

        // when
        byte[] wire = encoder.encode(frame);

        // then
        assertThat(wire).startsWith(FrameBytes.request(PRODUCE, 0, 7, null, message.toByteArray(), new byte[0]));
        assertThat(decode(true, wire)).extracting(o -> ((Outcome.Decoded) o).clientId()).containsExactly((String) null);
    }

    @Test
    void non_ascii_client_id_round_trips_as_utf8() {
        // given
        String clientId = "clïent-客户端-\uD83D\uDE00";
        OutboundFrame frame = OutboundFrame.request(PRODUCE, (short) 0, 1, clientId, produce(), List.of());

        // when
        byte[] wire = encoder.encode(frame);

        // then
        assertThat(wire).startsWith(FrameBytes.request(PRODUCE, 0, 1, FrameBytes.utf8(clientId),
                produce().toByteArray(), new byte[0]));
        assertThat(decode(true, wire)).extracting(o -> ((Outcome.Decoded) o).clientId()).containsExactly(clientId);
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void empty_message_and_payload_make_a_header_only_frame(boolean requests) {
        // given: a message with every field at its default serializes to zero bytes
        ApiVersionsRequest empty = ApiVersionsRequest.getDefaultInstance();
        OutboundFrame frame = requests
                ? OutboundFrame.request((short) 0, (short) 0, 3, null, empty, List.of())
                : OutboundFrame.response((short) 0, (short) 0, 3, (short) 0, empty, List.of());

        // when
        byte[] wire = encoder.encode(frame);
        List<Outcome> decoded = decode(requests, wire);

        // then
        assertThat(wire.length).isEqualTo(4 + 14);
        assertThat(decoded).containsExactly(requests
                ? Outcome.request(0, 0, 3, null, new byte[0], new byte[0])
                : Outcome.response(3, 0, 0, 0, new byte[0], new byte[0]));
    }

    @Test
    void response_carries_the_frame_error_code() {
        // given: a frame-level error, answered with an ErrorResponse
        ErrorResponse message = ErrorResponse.newBuilder().setErrorCode(ErrorCode.UNSUPPORTED_VERSION)
                .setErrorMessage("Fetch v9 is not supported; this broker serves v0..v0").build();
        OutboundFrame frame = OutboundFrame.response(FETCH, (short) 9, 99, (short) ErrorCode.UNSUPPORTED_VERSION_VALUE,
                message, List.of());

        // when
        List<Outcome> decoded = decode(false, encoder.encode(frame));

        // then
        assertThat(decoded).containsExactly(
                Outcome.response(99, FETCH, 9, ErrorCode.UNSUPPORTED_VERSION_VALUE, message.toByteArray(), new byte[0]));
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void payload_in_several_buffers_arrives_as_one_payload_in_order(boolean requests) {
        // given: heap, direct, empty, composite and partly-read buffers; only readable bytes count
        byte[] a = bytes(10, 1);
        byte[] b = bytes(300, 2);
        byte[] c1 = bytes(5, 3);
        byte[] c2 = bytes(6, 4);
        byte[] d = bytes(20, 5);
        CompositeByteBuf composite = encoder.alloc.compositeBuffer();
        composite.addComponents(true, encoder.alloc.heap(c1), encoder.alloc.direct(c2));
        ByteBuf partlyRead = encoder.alloc.heap(FrameBytes.concat(new byte[3], d));
        partlyRead.skipBytes(3);
        List<Object> parts = List.of(encoder.alloc.heap(a), encoder.alloc.direct(b), encoder.alloc.heapBuffer(0),
                composite, partlyRead);
        byte[] payload = FrameBytes.concat(a, b, c1, c2, d);
        ProduceRequest message = produce(payload.length);
        OutboundFrame frame = requests
                ? OutboundFrame.request(PRODUCE, (short) 0, 5, "c", message, parts)
                : OutboundFrame.response(FETCH, (short) 0, 5, (short) 0, message, parts);

        // when
        List<Outcome> decoded = decode(requests, encoder.encode(frame));

        // then
        assertThat(decoded).containsExactly(requests
                ? Outcome.request(PRODUCE, 0, 5, "c", message.toByteArray(), payload)
                : Outcome.response(5, FETCH, 0, 0, message.toByteArray(), payload));
    }

    @ParameterizedTest(name = "requests={0}")
    @ValueSource(booleans = {true, false})
    void file_region_payload_is_written_in_place_and_round_trips(boolean requests) throws IOException {
        // given: segment bytes served from a file, between two buffers
        byte[] file = bytes(1_000, 6);
        Path segment = Files.write(dir.resolve("00000000000000000000.log"), file);
        byte[] before = bytes(12, 7);
        byte[] after = bytes(9, 8);
        DefaultFileRegion region = new DefaultFileRegion(segment.toFile(), 61, 700);
        ByteBuf first = encoder.alloc.heap(before);
        ByteBuf last = encoder.alloc.direct(after);
        byte[] payload = FrameBytes.concat(before, FrameBytes.slice(file, 61, 761), after);
        FetchResponse message = fetchResponse(payload.length);
        List<Object> parts = List.of(first, region, last);
        OutboundFrame frame = requests
                ? OutboundFrame.request(PRODUCE, (short) 0, 11, "replica-2", message, parts)
                : OutboundFrame.response(FETCH, (short) 0, 11, (short) 0, message, parts);

        // when
        List<Object> written = encoder.write(frame);

        // then: the parts are passed on as they are, after one header buffer
        assertThat(written).hasSize(4);
        assertThat(written.subList(1, 4)).containsExactly(first, region, last);
        List<Outcome> decoded = decode(requests, EncoderHarness.toBytes(written));
        assertThat(decoded).containsExactly(requests
                ? Outcome.request(PRODUCE, 0, 11, "replica-2", message.toByteArray(), payload)
                : Outcome.response(11, FETCH, 0, 0, message.toByteArray(), payload));
        assertThat(region.refCnt()).isZero();
    }

    @Test
    void encoder_writes_the_request_layout_byte_for_byte() {
        // given
        ApiVersionsRequest message = ApiVersionsRequest.newBuilder().setClientSoftware("x").build();
        OutboundFrame frame = OutboundFrame.request((short) 0, (short) 0, 0x01020304, "ab", message,
                List.of(encoder.alloc.heap(new byte[] {'P', 'L'})));

        // when
        byte[] wire = encoder.encode(frame);

        // then: length 21 | key 0 | version 0 | correlation id | client id "ab" | message (3 bytes) | payload
        assertThat(ByteBufUtil.hexDump(wire)).isEqualTo(
                "00000015" + "0000" + "0000" + "01020304" + "0002" + "6162" + "00000003" + "0a0178" + "504c");
    }

    @Test
    void encoder_writes_the_response_layout_byte_for_byte() {
        // given
        ErrorResponse message = ErrorResponse.newBuilder().setErrorCode(ErrorCode.UNSUPPORTED_VERSION)
                .setErrorMessage("v").build();
        OutboundFrame frame = OutboundFrame.response((short) 3, (short) 1, 0x01020304,
                (short) ErrorCode.UNSUPPORTED_VERSION_VALUE, message, List.of());

        // when
        byte[] wire = encoder.encode(frame);

        // then: length 19 | correlation id | key 3 | version 1 | error 4 | message (5 bytes)
        assertThat(ByteBufUtil.hexDump(wire)).isEqualTo(
                "00000013" + "01020304" + "0003" + "0001" + "0004" + "00000005" + "0804120176");
    }

    @Test
    void decoded_message_parses_back_into_the_sent_message() throws Exception {
        // given
        ProduceRequest sent = produce(3, 0, 5);
        byte[] wire = encoder.encode(OutboundFrame.request(PRODUCE, (short) 0, 1, null, sent,
                List.of(encoder.alloc.heap(bytes(8, 9)))));

        try (DecoderHarness decoder = new DecoderHarness(true, MAX)) {
            // when
            List<Object> out = decoder.feed(decoder.alloc.heap(wire));
            Frame frame = (Frame) out.get(0);
            ProduceRequest received;
            try {
                received = Messages.parse(ProduceRequest.parser(), frame.message());
            } finally {
                frame.release();
            }

            // then
            assertThat(out).hasSize(1);
            assertThat(received).isEqualTo(sent);
        }
    }

    @Test
    void payload_splits_into_per_partition_batches_by_records_size_in_entry_order() {
        // given: three partitions' record bytes back to back, sized by the message's entries
        byte[][] batches = {bytes(30, 10), bytes(0, 11), bytes(45, 12)};
        ProduceRequest message = produce(30, 0, 45);
        List<Object> parts = new ArrayList<>();
        for (byte[] batch : batches) {
            parts.add(encoder.alloc.heap(batch));
        }
        byte[] wire = encoder.encode(OutboundFrame.request(PRODUCE, (short) 0, 1, null, message, parts));

        try (DecoderHarness decoder = new DecoderHarness(true, MAX)) {
            Frame frame = (Frame) decoder.feed(decoder.alloc.heap(wire)).get(0);
            try {
                // when
                List<byte[]> split = new ArrayList<>();
                ByteBuf payload = frame.payload().duplicate();
                ProduceRequest parsed = Messages.parse(ProduceRequest.parser(), frame.message());
                for (ProducePartition p : parsed.getTopics(0).getPartitionsList()) {
                    split.add(ByteBufUtil.getBytes(payload.readSlice(p.getRecordsSize())));
                }

                // then
                assertThat(split).containsExactly(batches);
                assertThat(payload.isReadable()).isFalse();
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void retained_payload_outlives_its_frame() {
        // given
        byte[] payload = bytes(64, 13);
        byte[] wire = encoder.encode(OutboundFrame.request(PRODUCE, (short) 0, 1, null, produce(64),
                List.of(encoder.alloc.heap(payload))));

        try (DecoderHarness decoder = new DecoderHarness(true, MAX)) {
            Frame frame = (Frame) decoder.feed(decoder.alloc.heap(wire)).get(0);

            // when: the payload is handed on (retained) and the frame released
            ByteBuf kept = frame.payload().retain();
            frame.release();

            // then
            assertThat(frame.refCnt()).isZero();
            assertThat(ByteBufUtil.getBytes(kept)).isEqualTo(payload);
            kept.release();
        }
    }
}
