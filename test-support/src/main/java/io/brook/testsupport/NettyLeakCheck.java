package io.brook.testsupport;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * Fails a test when Netty's leak detector reports a leaked buffer (Netty itself only logs). Runs
 * for every test of this module (registered through {@code META-INF/services} and
 * {@code junit-platform.properties}). After each test it collects garbage and makes one tracked
 * allocation, which is when the detector reports. A leak can surface one test late; the message
 * says so.
 */
public final class NettyLeakCheck implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        byteBufLeakDetector().setLeakListener((type, records) -> LEAKS.add(type + ": " + records));
    }

    private static ResourceLeakDetector<?> byteBufLeakDetector() {
        try {
            Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
            f.setAccessible(true);
            return (ResourceLeakDetector<?>) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
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
        ReferenceQueue<Object> processed = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), processed);
        System.gc();
        processed.remove(1_000);
        ByteBufAllocator.DEFAULT.heapBuffer(1).release();
        ByteBufAllocator.DEFAULT.directBuffer(1).release();
        sentinel.clear();
        List<String> leaks = drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) by the end of "
                    + context.getDisplayName() + " (made there or in the test just before):\n" + String.join("\n", leaks));
        }
    }

    private static List<String> drain() {
        List<String> leaks = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            leaks.add(leak);
        }
        return leaks;
    }
}
