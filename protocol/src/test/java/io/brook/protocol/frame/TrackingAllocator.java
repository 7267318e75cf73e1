package io.brook.protocol.frame;

import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that remembers every buffer it hands out, so a test can assert deterministically
 * that all of them were released: unlike the GC-driven leak detector, {@link #assertAllReleased()}
 * needs no garbage collection and names the culprits at once. Channels under test use it as their
 * allocator, so the decoder's cumulation and the encoder's header buffers are tracked too.
 *
 * <p>Buffers are unpooled on purpose: a pooled buffer object is recycled after release and would
 * show a positive reference count again. By default they are also wrapped by Netty's leak detector,
 * so the paranoid level applies to them as well. The randomized tests mostly use
 * {@link #withoutLeakDetector()}: at paranoid level every buffer access records a stack trace, which
 * made them about 15 times slower, and the exact check here already covers every buffer they make.
 * Single-threaded, like the embedded channels it serves.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new ArrayList<>();
    private final boolean leakDetector;

    TrackingAllocator() {
        this(true);
    }

    private TrackingAllocator(boolean leakDetector) {
        super(false);
        this.leakDetector = leakDetector;
    }

    /** An allocator whose buffers only this class tracks (not Netty's leak detector). */
    static TrackingAllocator withoutLeakDetector() {
        return new TrackingAllocator(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    private ByteBuf track(ByteBuf buf) {
        allocated.add(buf);
        return leakDetector ? toLeakAwareBuffer(buf) : buf;
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** A heap buffer holding a copy of {@code bytes}. */
    ByteBuf heap(byte[] bytes) {
        return heapBuffer(bytes.length).writeBytes(bytes);
    }

    /** A direct buffer holding a copy of {@code bytes}. */
    ByteBuf direct(byte[] bytes) {
        return directBuffer(Math.max(1, bytes.length)).writeBytes(bytes);
    }

    int allocations() {
        return allocated.size();
    }

    /** Capacity of the buffers not yet released: the memory the code under test holds on to. */
    long liveBytes() {
        long n = 0;
        for (ByteBuf b : allocated) {
            if (b.refCnt() > 0) {
                n += b.capacity();
            }
        }
        return n;
    }

    List<ByteBuf> unreleased() {
        List<ByteBuf> live = new ArrayList<>();
        for (ByteBuf b : allocated) {
            if (b.refCnt() > 0) {
                live.add(b);
            }
        }
        return live;
    }

    /** Fails when any buffer from this allocator still has a positive reference count. */
    void assertAllReleased() {
        List<ByteBuf> live = unreleased();
        if (!live.isEmpty()) {
            List<String> described = new ArrayList<>();
            for (ByteBuf b : live) {
                described.add(b + " refCnt=" + b.refCnt());
            }
            fail(live.size() + " of " + allocated.size() + " buffers were not released: " + described);
        }
    }
}
