package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.brook.protocol.message.FetchPartition;
import io.brook.protocol.message.FetchRequest;
import io.brook.protocol.message.FetchTopic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Messages#parse} reads a message out of any kind of buffer without consuming it. */
@ExtendWith(NettyLeakCheck.class)
class MessagesTest {

    private static final FetchRequest FETCH = FetchRequest.newBuilder().setMaxWaitMs(500).setMinBytes(1)
            .setMaxBytes(1 << 20).setReplicaId(-1)
            .addTopics(FetchTopic.newBuilder().setName("orders")
                    .addPartitions(FetchPartition.newBuilder().setPartition(3).setFetchOffset(1234).setMaxBytes(65536)))
            .build();

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void allReleased() {
        alloc.assertAllReleased();
    }

    @Test
    void parses_a_heap_buffer_without_moving_its_reader_index() throws Exception {
        // given: the message sits after two bytes already read
        ByteBuf buf = alloc.heap(FrameBytes.concat(new byte[] {7, 7}, FETCH.toByteArray()));
        buf.skipBytes(2);

        try {
            // when
            FetchRequest parsed = Messages.parse(FetchRequest.parser(), buf);

            // then
            assertThat(parsed).isEqualTo(FETCH);
            assertThat(buf.readerIndex()).isEqualTo(2);
        } finally {
            buf.release();
        }
    }

    @Test
    void parses_a_direct_buffer() throws Exception {
        // given
        ByteBuf buf = alloc.direct(FETCH.toByteArray());

        try {
            // when
            FetchRequest parsed = Messages.parse(FetchRequest.parser(), buf);

            // then
            assertThat(parsed).isEqualTo(FETCH);
        } finally {
            buf.release();
        }
    }

    @Test
    void parses_a_buffer_made_of_several_components() throws Exception {
        // given
        byte[] bytes = FETCH.toByteArray();
        CompositeByteBuf buf = alloc.compositeBuffer();
        buf.addComponents(true, alloc.heap(FrameBytes.slice(bytes, 0, 5)), alloc.direct(FrameBytes.slice(bytes, 5, bytes.length)));

        try {
            // when
            FetchRequest parsed = Messages.parse(FetchRequest.parser(), buf);

            // then
            assertThat(buf.nioBufferCount()).isGreaterThan(1);
            assertThat(parsed).isEqualTo(FETCH);
        } finally {
            buf.release();
        }
    }

    @Test
    void empty_buffer_parses_as_the_default_message() throws Exception {
        // given
        ByteBuf buf = alloc.heapBuffer(0);

        try {
            // when
            FetchRequest parsed = Messages.parse(FetchRequest.parser(), buf);

            // then
            assertThat(parsed).isEqualTo(FetchRequest.getDefaultInstance());
        } finally {
            buf.release();
        }
    }

    @Test
    void bytes_that_are_no_message_fail_with_invalid_protocol_buffer() {
        // given: a field header announcing a 127-byte string, and nothing after it
        ByteBuf buf = alloc.heap(new byte[] {0x22, 0x7f});

        try {
            // when / then
            assertThatThrownBy(() -> Messages.parse(FetchRequest.parser(), buf))
                    .isInstanceOf(InvalidProtocolBufferException.class);
        } finally {
            buf.release();
        }
    }
}
