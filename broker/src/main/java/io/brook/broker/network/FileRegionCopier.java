package io.brook.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * Turns outbound {@link FileRegion}s (log slices sent by fetch and replication, {@link SliceRegion})
 * into pooled buffers, for connections where the bytes must pass through memory: TLS encrypts
 * buffers, so an {@code SslHandler} cannot take a region, and zero copy (sendfile) is lost there by
 * nature. Sits between the {@code SslHandler} and the frame encoder; the region is released once
 * copied. A region that cannot be copied whole (its segment truncated or closed under it) closes the
 * connection, as a failed sendfile does on plain TCP: the frame it belongs to is half written.
 * Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class FileRegionCopier extends MessageToMessageEncoder<FileRegion> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileRegionCopier.class);

    /** The one instance: the handler keeps no state. */
    public static final FileRegionCopier INSTANCE = new FileRegionCopier();

    private FileRegionCopier() {
        super(FileRegion.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, FileRegion region, List<Object> out) throws IOException {
        long remaining = region.count() - region.transferred();
        if (remaining > Integer.MAX_VALUE) {
            throw new EncoderException("file region of " + remaining + " bytes is too large to copy into a buffer");
        }
        ByteBuf copy = ctx.alloc().buffer((int) remaining);
        try {
            if (region instanceof SliceRegion slice) {
                // a log slice: read the segment straight into the buffer
                int read = slice.readInto(copy, region.transferred(), (int) remaining);
                if (read < remaining) {
                    throw new EncoderException("log slice ended after " + read + " of " + remaining
                            + " bytes (the file was truncated under it)");
                }
                out.add(copy);
                return;
            }
            WritableByteChannel into = new Sink(copy);
            while (region.transferred() < region.count()) {
                if (region.transferTo(into, region.transferred()) <= 0) {
                    throw new EncoderException("file region ended after " + region.transferred() + " of " + region.count()
                            + " bytes (the file was truncated under it)");
                }
            }
        } catch (IOException | RuntimeException e) {
            copy.release();
            // The frame's header has gone ahead of this region: the peer would read the next frame's
            // bytes as the rest of this one and lose the framing for good (it then skips a "frame" of
            // whatever length those bytes spell). Plain TCP closes the connection when sendfile fails;
            // so does this.
            LOG.info("Closing connection to {}: a file region could not be copied ({})", ctx.channel().remoteAddress(), e.toString());
            ctx.close();
            throw e;
        }
        out.add(copy);
    }

    /** A channel that appends what is written to a buffer. */
    private static final class Sink implements WritableByteChannel {
        private final ByteBuf buffer;

        Sink(ByteBuf buffer) {
            this.buffer = buffer;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            buffer.writeBytes(src);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // the buffer belongs to the encoder
        }
    }
}
