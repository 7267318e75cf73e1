package io.brook.protocol.frame;

import io.netty.buffer.AbstractByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector reports a leaked buffer. Netty only logs leaks; this
 * extension listens to the detector that tracks every {@code ByteBuf} and turns a report into a
 * test failure. After each test (and after the class) it collects garbage and makes one tracked
 * allocation (the detector reports while tracking a new buffer). A buffer is only reported once it
 * is unreachable, so a leak can surface one test late: buffers from a {@link TrackingAllocator} stay
 * reachable until the test instance that holds the allocator is dropped.
 *
 * <p>This is the safety net behind {@link TrackingAllocator#assertAllReleased()}, which is exact
 * but only sees buffers from that allocator. The level is forced to paranoid so that running a
 * test from an IDE, without the surefire flags, checks just as much.
 */
final class NettyLeakCheck implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        byteBufLeakDetector().setLeakListener((type, records) -> LEAKS.add(type + ": " + records));
    }

    /** The detector behind every ByteBuf allocator ({@code AbstractByteBuf.leakDetector}). */
    private static ResourceLeakDetector<?> byteBufLeakDetector() {
        try {
            Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
            f.setAccessible(true);
            return (ResourceLeakDetector<?>) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Fail loudly: a silently disabled leak check is worse than none.
            throw new IllegalStateException("cannot hook Netty's ByteBuf leak detector", e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<String> earlier = drain();
        if (!earlier.isEmpty()) {
            throw new AssertionError("Netty reported " + earlier.size() + " leak(s) from an earlier test, before "
                    + context.getDisplayName() + " started:\n" + String.join("\n", earlier));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        failOnLeaks(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        failOnLeaks(context);
    }

    private static void failOnLeaks(ExtensionContext context) throws InterruptedException {
        List<String> leaks = collectAndDrain();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) by the end of "
                    + context.getDisplayName() + " (made there or in the test just before):\n"
                    + String.join("\n", leaks));
        }
    }

    /** Collects garbage, lets the detector look at its queue, and returns what it reported. */
    static List<String> collectAndDrain() throws InterruptedException {
        ReferenceQueue<Object> processed = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), processed);
        System.gc();
        // Wait (bounded) until the collector has enqueued references, so the detector's are queued too.
        processed.remove(1_000);
        new TrackingAllocator().heapBuffer(1).release();
        sentinel.clear();
        return drain();
    }

    private static List<String> drain() {
        List<String> leaks = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            leaks.add(leak);
        }
        return leaks;
    }
}
