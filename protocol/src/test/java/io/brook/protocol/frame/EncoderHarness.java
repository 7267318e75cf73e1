package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FrameEncoder} in an {@link EmbeddedChannel} whose allocator tracks every buffer.
 * {@link #encode} turns what the encoder writes, buffers and file regions alike, into the bytes a
 * socket would carry. {@link #close()} checks that nothing is left and every buffer was released.
 */
final class EncoderHarness implements AutoCloseable {

    final TrackingAllocator alloc;
    final EmbeddedChannel channel = new EmbeddedChannel();

    EncoderHarness() {
        this(new TrackingAllocator());
    }

    EncoderHarness(TrackingAllocator alloc) {
        this.alloc = alloc;
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new FrameEncoder());
    }

    /** Writes the frames; returns the encoder's outbound objects (the caller's to release). */
    List<Object> write(OutboundFrame... frames) {
        channel.writeOutbound((Object[]) frames);
        List<Object> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            out.add(o);
        }
        return out;
    }

    /** Writes the frames and returns the bytes that would go on the wire; releases everything written. */
    byte[] encode(OutboundFrame... frames) {
        return toBytes(write(frames));
    }

    /** Concatenates the parts' bytes (file regions transferred as sendfile would) and releases them. */
    static byte[] toBytes(List<Object> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel target = Channels.newChannel(out);
        try {
            for (Object part : parts) {
                if (part instanceof ByteBuf b) {
                    out.write(ByteBufUtil.getBytes(b));
                } else if (part instanceof FileRegion r) {
                    while (r.transferred() < r.count()) {
                        if (r.transferTo(target, r.transferred()) < 0) {
                            fail("file region ended early: " + r);
                        }
                    }
                } else {
                    fail("the encoder wrote " + part.getClass().getName() + ", neither a ByteBuf nor a FileRegion");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (Object part : parts) {
                ReferenceCountUtil.release(part);
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        boolean left = channel.finish();
        channel.releaseOutbound();
        channel.checkException();
        assertThat(left).as("objects left in the channel").isFalse();
        alloc.assertAllReleased();
    }
}
