package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A {@link FrameDecoder} in an {@link EmbeddedChannel} whose allocator tracks every buffer. Input
 * chunks are fresh buffers handed to the channel (which owns them from then on). {@link #close()}
 * closes the channel, fails on anything left over or on a recorded exception, and checks that every
 * buffer was released.
 */
final class DecoderHarness implements AutoCloseable {

    final TrackingAllocator alloc;
    final EmbeddedChannel channel = new EmbeddedChannel();

    DecoderHarness(boolean requests, int maxFrameBytes) {
        this(requests, maxFrameBytes, new TrackingAllocator());
    }

    DecoderHarness(boolean requests, int maxFrameBytes, TrackingAllocator alloc) {
        this.alloc = alloc;
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new FrameDecoder(requests, maxFrameBytes));
    }

    /** Feeds one buffer; returns what the decoder emitted (frames are the caller's to release). */
    List<Object> feed(ByteBuf chunk) {
        channel.writeInbound(chunk);
        return readAll();
    }

    /** Feeds each array as its own heap buffer and captures (and releases) everything emitted. */
    List<Outcome> feed(byte[]... chunks) {
        List<Outcome> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            out.addAll(Outcome.takeAll(feed(alloc.heap(chunk))));
        }
        return out;
    }

    /**
     * Feeds {@code stream} in consecutive pieces; {@code nextSize} gets the bytes left and returns
     * the size of the next piece (clamped to 1..left).
     */
    List<Outcome> feedInPieces(byte[] stream, IntUnaryOperator nextSize) {
        List<Outcome> out = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            int n = Math.max(1, Math.min(stream.length - at, nextSize.applyAsInt(stream.length - at)));
            out.addAll(feed(FrameBytes.slice(stream, at, at + n)));
            at += n;
        }
        return out;
    }

    List<Object> readAll() {
        List<Object> out = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            out.add(o);
        }
        return out;
    }

    @Override
    public void close() {
        // finish() closes the channel (the decoder sees end of stream) and rethrows any recorded exception.
        channel.finish();
        List<Object> leftovers = readAll();
        Outcome.takeAll(leftovers);
        channel.checkException();
        assertThat(leftovers).as("outputs emitted at end of stream").isEmpty();
        alloc.assertAllReleased();
    }
}
