package io.brook.broker.meta;

import io.brook.replication.control.ClusterMetadata;
import io.brook.replication.control.MetadataImage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Futures that complete when this broker's metadata image satisfies a condition (a change the broker
 * submitted has reached its image), or fail with a {@link java.util.concurrent.TimeoutException}.
 * Thread-safe; conditions are tested on the metadata listener's thread and must be cheap.
 */
final class ImageWaits {

    private final ClusterMetadata metadata;
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

    private record Waiter(Predicate<MetadataImage> condition, CompletableFuture<Void> done) {}

    ImageWaits(ClusterMetadata metadata) {
        this.metadata = metadata;
        metadata.addListener(this::onImage);
    }

    private void onImage(MetadataImage image) {
        for (Waiter w : waiters) {
            if (w.condition().test(image)) {
                waiters.remove(w);
                w.done().complete(null);
            }
        }
    }

    /** Completes once the image satisfies {@code condition} (at once if it does now), or times out. */
    CompletableFuture<Void> until(Predicate<MetadataImage> condition, long timeoutMs) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Waiter w = new Waiter(condition, done);
        waiters.add(w);
        if (condition.test(metadata.image())) {
            waiters.remove(w);
            done.complete(null);
        }
        return done.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((v, t) -> waiters.remove(w));
    }
}
