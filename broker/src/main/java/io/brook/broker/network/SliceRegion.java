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

    @Override
    protected void deallocate() {
        slice.close();
    }
}
