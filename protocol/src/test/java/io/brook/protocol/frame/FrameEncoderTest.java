package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.brook.protocol.message.ProduceRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.EncoderException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FrameEncoder} owns the payload parts of the frames it is given: when a frame cannot be
 * encoded, or cannot be written at all, the parts (buffers and file regions) and the header buffer
 * are released and nothing reaches the wire.
 */
@ExtendWith(NettyLeakCheck.class)
class FrameEncoderTest {

    @TempDir
    Path dir;

    private final EncoderHarness encoder = new EncoderHarness();
    private Path file;

    @BeforeEach
    void createFile() throws IOException {
        file = Files.write(dir.resolve("segment.log"), new byte[4096]);
    }

    @AfterEach
    void closeEncoder() {
        encoder.close();
    }

    /** A message that throws from {@code method} (or writes {@code written} bytes while announcing {@code size}). */
    private static MessageLite brokenMessage(String failingMethod, int size, int written) {
        return (MessageLite) Proxy.newProxyInstance(MessageLite.class.getClassLoader(), new Class<?>[] {MessageLite.class},
                (proxy, method, args) -> {
                    if (method.getName().equals(failingMethod)) {
                        throw failingMethod.equals("writeTo") ? new IOException("cannot serialize") : new IllegalStateException("no size");
                    }
                    switch (method.getName()) {
                        case "getSerializedSize":
                            return size;
                        case "writeTo":
                            ((CodedOutputStream) args[0]).writeRawBytes(new byte[written]);
                            return null;
                        case "toString":
                            return "BrokenMessage";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private List<Object> payload() {
        return List.of(encoder.alloc.heap(new byte[100]), new DefaultFileRegion(file.toFile(), 0, 4096),
                encoder.alloc.direct(new byte[50]));
    }

    private static void assertReleased(List<Object> parts) {
        for (Object part : parts) {
            assertThat(((io.netty.util.ReferenceCounted) part).refCnt()).as("refCnt of %s", part).isZero();
        }
    }

    @Test
    void message_whose_size_cannot_be_computed_releases_the_payload() {
        // given
        List<Object> parts = payload();
        OutboundFrame frame = OutboundFrame.request((short) 2, (short) 0, 1, "c", brokenMessage("getSerializedSize", 0, 0), parts);

        // when / then
        assertThatThrownBy(() -> encoder.channel.writeOutbound(frame))
                .isInstanceOf(EncoderException.class).hasRootCauseMessage("no size");
        assertReleased(parts);
        assertThat(encoder.channel.outboundMessages()).isEmpty();
    }

    @Test
    void message_whose_serialization_fails_releases_the_payload_and_the_header_buffer() {
        // given
        List<Object> parts = payload();
        OutboundFrame frame = OutboundFrame.response((short) 3, (short) 0, 1, (short) 0, brokenMessage("writeTo", 10, 0), parts);

        // when / then
        assertThatThrownBy(() -> encoder.channel.writeOutbound(frame))
                .isInstanceOf(EncoderException.class).hasRootCauseMessage("cannot serialize");
        assertReleased(parts);
        assertThat(encoder.channel.outboundMessages()).isEmpty();
        encoder.alloc.assertAllReleased();
    }

    @Test
    void message_writing_more_than_its_announced_size_fails_instead_of_overrunning_the_header() {
        // given
        List<Object> parts = payload();
        OutboundFrame frame = OutboundFrame.request((short) 2, (short) 0, 1, null, brokenMessage("none", 2, 5), parts);

        // when / then
        assertThatThrownBy(() -> encoder.channel.writeOutbound(frame)).isInstanceOf(EncoderException.class);
        assertReleased(parts);
        assertThat(encoder.channel.outboundMessages()).isEmpty();
        encoder.alloc.assertAllReleased();
    }

    @Test
    void frame_too_large_for_the_length_field_releases_the_payload() {
        // given: a 3 GiB region (never read) makes the frame longer than an int32 length can say
        ByteBuf head = encoder.alloc.heap(new byte[10]);
        DefaultFileRegion huge = new DefaultFileRegion(file.toFile(), 0, 3L << 30);
        List<Object> parts = List.of(head, huge);
        OutboundFrame frame = OutboundFrame.response((short) 3, (short) 0, 1, (short) 0, ProduceRequest.getDefaultInstance(), parts);

        // when / then
        assertThatThrownBy(() -> encoder.channel.writeOutbound(frame))
                .isInstanceOf(EncoderException.class).hasMessageContaining("too large");
        assertReleased(parts);
        assertThat(encoder.channel.outboundMessages()).isEmpty();
    }

    @Test
    void frame_written_after_the_channel_closed_releases_header_and_payload() {
        // given: a response finished after the client went away (the pipeline is torn down by then)
        encoder.channel.close();
        List<Object> parts = payload();
        OutboundFrame frame = OutboundFrame.response((short) 3, (short) 0, 1, (short) 0, ProduceRequest.getDefaultInstance(), parts);

        // when
        ChannelFuture write = encoder.channel.writeAndFlush(frame);

        // then
        assertThat(write.cause()).isInstanceOf(ClosedChannelException.class);
        assertReleased(parts);
        encoder.alloc.assertAllReleased();
    }

    @Test
    void successful_write_hands_the_payload_parts_on_unreleased() {
        // given
        List<Object> parts = payload();
        OutboundFrame frame = OutboundFrame.request((short) 2, (short) 0, 1, null, ProduceRequest.getDefaultInstance(), parts);

        // when
        List<Object> written = encoder.write(frame);

        // then: each part still holds exactly the one reference the channel will release after writing it
        assertThat(written.subList(1, written.size())).containsExactlyElementsOf(parts);
        for (Object part : parts) {
            assertThat(((io.netty.util.ReferenceCounted) part).refCnt()).isEqualTo(1);
        }
        EncoderHarness.toBytes(written);
        assertReleased(parts);
    }
}
