package io.brook.broker.network;

import io.brook.storage.LogSlice;
import io.netty.channel.DefaultFileRegion;

/**
 * Sends a {@link LogSlice} with zero copy: a {@link DefaultFileRegion}, so that Netty's native
 * transports use sendfile(2) and NIO uses {@code FileChannel.transferTo}, that releases the slice
 * when done instead of closing the segment's file (which the log owns).
 */
public final class SliceRegion extends DefaultFileRegion {

    private final LogSlice slice;

    /** Takes ownership of {@code slice}. */
    public SliceRegion(LogSlice slice) {
        super(slice.fileChannel(), slice.filePosition(), slice.sizeInBytes());
        this.slice = slice;
    }

    /**
     * Reads the slice's bytes from {@code offset} (within the slice) into {@code into}, straight from
     * the segment file: for connections that cannot take the region itself (TLS), one positional read
     * instead of {@code transferTo}'s loop through an 8 KiB temporary buffer.
     *
     * @return how many bytes were read (fewer only at the end of the file)
     */
    int readInto(io.netty.buffer.ByteBuf into, long offset, int length) throws java.io.IOException {
        int done = 0;
        while (done < length) {
            int n = into.writeBytes(slice.fileChannel(), slice.filePosition() + offset + done, length - done);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    @Override
    protected void deallocate() {
        slice.close();
    }
}
